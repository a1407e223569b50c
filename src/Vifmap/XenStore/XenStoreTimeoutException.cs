namespace Vifmap.XenStore;

/// <summary>A request got no reply within the connection's timeout. The connection is broken (a
/// stalled daemon answers nothing else either), and every other pending request fails with it.</summary>
public sealed class XenStoreTimeoutException : XenStoreException
{
    internal XenStoreTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
