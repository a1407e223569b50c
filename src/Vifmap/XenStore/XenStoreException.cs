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

    /// <summary>A copy, not yet thrown, for one more waiter. When a broken connection fails thousands of
    /// calls with one instance, each await that rethrows it appends its stack to that instance, and a call
    /// failed after others have rethrown captures all of theirs: with replies completed inline (one-shot
    /// readers), 20,000 calls in flight when the daemon died grew one exception to gigabytes.</summary>
    internal XenStoreException ForAnotherWaiter() => (XenStoreException)MemberwiseClone();
}
