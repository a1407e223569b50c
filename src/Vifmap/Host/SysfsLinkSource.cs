using System.Globalization;

namespace Vifmap.Host;

/// <summary>The kernel's interfaces from <c>/sys/class/net</c> (the root is configurable for tests and
/// for a host's sysfs mounted elsewhere). An interface may vanish while it is read: the attributes
/// read so far are kept and the rest stay unknown; a vanished directory drops the interface.</summary>
public sealed class SysfsLinkSource(string root = SysfsLinkSource.DefaultRoot) : INetLinkSource
{
    public const string DefaultRoot = "/sys/class/net";

    public string Root { get; } = root;

    public ValueTask<IReadOnlyList<NetLink>> ReadLinksAsync(CancellationToken cancellationToken = default)
    {
        // sysfs reads are served from memory by the kernel: synchronous reads are the fast path here.
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(Root);
        }
        catch (DirectoryNotFoundException)
        {
            return ValueTask.FromResult<IReadOnlyList<NetLink>>([]);
        }

        Array.Sort(entries, StringComparer.Ordinal);
        var links = new List<NetLink>(entries.Length);
        foreach (string dir in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReadLink(dir) is NetLink link)
            {
                links.Add(link);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<NetLink>>(links);
    }

    private static NetLink? ReadLink(string dir)
    {
        string name = Path.GetFileName(dir);
        string? operState = ReadAttribute(dir, "operstate");
        if (operState is null && !Directory.Exists(dir))
        {
            return null;
        }

        // Only netback (and other bus devices) have device/; checking once avoids a failed open per link.
        bool hasDevice = Directory.Exists(Path.Combine(dir, "device"));
        return new NetLink(name)
        {
            OperState = operState,
            Carrier = ReadAttribute(dir, "carrier") switch
            {
                "1" => true,
                "0" => false,
                _ => null, // EINVAL while admin-down: unknown, not "no carrier"
            },
            Mtu = ParseInt(ReadAttribute(dir, "mtu")),
            Address = ReadAttribute(dir, "address"),
            Master = ReadLinkTarget(Path.Combine(dir, "master")),
            Kind = KindOf(dir),
            XenbusNodename = hasDevice ? ReadAttribute(dir, "device/nodename") : null,
            RxBytes = ParseLong(ReadAttribute(dir, "statistics/rx_bytes")),
            TxBytes = ParseLong(ReadAttribute(dir, "statistics/tx_bytes")),
            RxPackets = ParseLong(ReadAttribute(dir, "statistics/rx_packets")),
            TxPackets = ParseLong(ReadAttribute(dir, "statistics/tx_packets")),
            RxErrors = ParseLong(ReadAttribute(dir, "statistics/rx_errors")),
            TxErrors = ParseLong(ReadAttribute(dir, "statistics/tx_errors")),
            RxDropped = ParseLong(ReadAttribute(dir, "statistics/rx_dropped")),
            TxDropped = ParseLong(ReadAttribute(dir, "statistics/tx_dropped")),
        };
    }

    /// <summary>tun/tap devices have <c>tun_flags</c>, bridges a <c>bridge/</c> folder; other kinds are left unknown.</summary>
    private static string? KindOf(string dir)
    {
        if (File.Exists(Path.Combine(dir, "tun_flags")))
        {
            return "tun";
        }

        return Directory.Exists(Path.Combine(dir, "bridge")) ? "bridge" : null;
    }

    /// <summary>The most of an attribute that is read: every attribute used here is one short line.</summary>
    private const int MaxAttributeBytes = 256;

    /// <summary>One sysfs attribute (a short line) with one open and one read: thousands of interfaces
    /// on a busy dom0 make FileStream's buffering the larger cost.</summary>
    private static string? ReadAttribute(string dir, string relative)
    {
        try
        {
            string path = Path.Combine(dir, relative);

            // A sysfs attribute is a regular file whose stat size is one page (4096). A FIFO, socket
            // or device under a --sysfs-root reports 0 and is never opened: opening a FIFO blocks
            // until a writer comes (issue 9 item 10: ls hung), and /dev/zero never ends. An empty
            // regular file carries no value either, so it reads as absent too.
            FileSystemInfo? file = new FileInfo(path);
            if (file.LinkTarget is not null)
            {
                file = file.ResolveLinkTarget(returnFinalTarget: true); // FileInfo.Length is the link's own
            }

            if (file is not FileInfo { Exists: true, Length: > 0 })
            {
                return null;
            }

            using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(path);
            Span<byte> buffer = stackalloc byte[MaxAttributeBytes];
            int length = RandomAccess.Read(handle, buffer, 0);
            ReadOnlySpan<byte> text = buffer[..length].TrimEnd((byte)'\n');
            return System.Text.Encoding.UTF8.GetString(text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Missing attribute, vanished interface, or EINVAL from the driver (carrier while down).
            return null;
        }
    }

    private static string? ReadLinkTarget(string path)
    {
        try
        {
            FileSystemInfo? target = new FileInfo(path).LinkTarget is string t ? new FileInfo(t) : null;
            return target?.Name;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? ParseInt(string? text)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static long? ParseLong(string? text)
        => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null;
}
