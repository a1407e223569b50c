namespace Vifmap.XenStore;

/// <summary>The daemon sent something the protocol does not allow (a length over 4096, a reply
/// nobody asked for, a malformed payload). The connection is broken and never reused: its place
/// in the byte stream is unknown, so resynchronising would be guessing.</summary>
public sealed class XenStoreProtocolException : XenStoreException
{
    internal XenStoreProtocolException(string message)
        : base(message, null)
    {
    }
}
