namespace Vifmap.XenStore;

/// <summary>Where a daemon may be reached: a unix socket, or the xenbus device (same protocol
/// through read/write on the device, one message per write).</summary>
public sealed record XenStoreEndpoint(string Path, XenStoreTransport Transport)
{
    public override string ToString() => Transport == XenStoreTransport.UnixSocket ? $"socket {Path}" : $"device {Path}";
}

/// <summary>How bytes reach the daemon.</summary>
public enum XenStoreTransport
{
    UnixSocket,
    XenbusDevice,
}
