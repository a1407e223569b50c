namespace Vifmap.XenStore;

/// <summary>The endpoints the Xen clients try, in their order (libxenstore <c>xs_open</c> in
/// <c>tools/libs/store/xs.c</c>, Xen 4.17): the daemon socket — <c>XENSTORED_PATH</c>, else
/// <c>$XENSTORED_RUNDIR/socket</c>, else <c>/var/run/xenstored/socket</c> — then the xenbus device
/// <c>/dev/xen/xenbus</c> (or <c>/proc/xen/xenbus</c> on old kernels without it).</summary>
/// <remarks>Upstream's device fallback is <c>XENSTORED_PATH</c> itself when that is set, never the
/// host's real device; so when <c>XENSTORED_PATH</c> is set it is the only endpoint here too — a
/// test pointing at its own daemon must never fall through to the host's xenstore.</remarks>
public static class XenStoreEndpoints
{
    public const string DefaultRunDirectory = "/var/run/xenstored";
    public const string XenbusDevice = "/dev/xen/xenbus";
    public const string LegacyXenbusDevice = "/proc/xen/xenbus";

    public static IReadOnlyList<XenStoreEndpoint> Resolve(Func<string, string?> getEnvironmentVariable, Func<string, bool>? fileExists = null)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        fileExists ??= File.Exists;

        string? explicitPath = getEnvironmentVariable("XENSTORED_PATH");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return [new XenStoreEndpoint(explicitPath, XenStoreTransport.UnixSocket)];
        }

        string? runDirectory = getEnvironmentVariable("XENSTORED_RUNDIR");
        string socket = (string.IsNullOrEmpty(runDirectory) ? DefaultRunDirectory : runDirectory.TrimEnd('/')) + "/socket";
        string device = fileExists(XenbusDevice) || !fileExists(LegacyXenbusDevice) ? XenbusDevice : LegacyXenbusDevice;
        return
        [
            new XenStoreEndpoint(socket, XenStoreTransport.UnixSocket),
            new XenStoreEndpoint(device, XenStoreTransport.XenbusDevice),
        ];
    }
}
