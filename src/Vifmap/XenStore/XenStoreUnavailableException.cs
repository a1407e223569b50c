namespace Vifmap.XenStore;

/// <summary>No daemon could be reached (no socket, permission denied, no xenbus device), or the
/// daemon went away while requests were outstanding. The message says what was tried.</summary>
public sealed class XenStoreUnavailableException : XenStoreException
{
    internal XenStoreUnavailableException(string message, IReadOnlyList<string> attempts, Exception? innerException)
        : base(message, innerException)
    {
        Attempts = attempts;
    }

    /// <summary>Each endpoint tried and why it failed, in order (empty when an open connection broke).</summary>
    public IReadOnlyList<string> Attempts { get; }
}
