namespace Vifmap.XenStore;

/// <summary>Base of every failure the xenstore client reports, so a caller (the CLI) can map them
/// in one place. Three kinds derive from it, as in Npgsql: the daemon said no
/// (<see cref="XenStoreErrorException"/>), the daemon could not be reached or went away
/// (<see cref="XenStoreUnavailableException"/>, <see cref="XenStoreTimeoutException"/>), or it broke
/// the protocol (<see cref="XenStoreProtocolException"/>). Misuse of the API throws BCL exceptions.</summary>
public abstract class XenStoreException : Exception
{
    private protected XenStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
