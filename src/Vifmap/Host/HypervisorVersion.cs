using System.Globalization;
using System.Text;
using Vifmap.Naming;

namespace Vifmap.Host;

/// <summary>The Xen release of the host Vifmap runs on, from <c>/sys/hypervisor/version/{major,minor}</c>
/// (the kernel's xen sysfs driver, present in every dom0 and driver domain): the release explain and ls
/// use unless <c>--xen</c> says otherwise.</summary>
public static class HypervisorVersion
{
    public const string DefaultRoot = "/sys/hypervisor";

    /// <summary>The release, and the folder it was read from; null where there is no hypervisor (or the
    /// files hold something else).</summary>
    public static (XenVersion Version, string From)? Read(string root = DefaultRoot)
    {
        ArgumentNullException.ThrowIfNull(root);
        string folder = Path.Combine(root, "version");
        if (ReadNumber(Path.Combine(folder, "major")) is int major && ReadNumber(Path.Combine(folder, "minor")) is int minor)
        {
            return (new XenVersion(major, minor), folder);
        }

        return null;
    }

    private static int? ReadNumber(string file)
    {
        try
        {
            // Written by the kernel, not by a guest: a plain small read is enough.
            if (!File.Exists(file))
            {
                return null;
            }

            using FileStream stream = new(file, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite, Options = FileOptions.None, BufferSize = 0 });
            Span<byte> buffer = stackalloc byte[16];
            int n = stream.Read(buffer);
            string text = Encoding.ASCII.GetString(buffer[..n]).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value < 1000 ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
