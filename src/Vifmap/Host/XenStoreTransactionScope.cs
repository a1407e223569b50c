using Vifmap.XenStore;

namespace Vifmap.Host;

/// <summary>Consistent views of the live daemon, each one read-only transaction, committed; every read
/// optionally recorded (for a snapshot).</summary>
internal sealed class XenStoreTransactionScope(XenStoreConnection connection, RecordedXenStore? recording) : IXenStoreReadScope
{
    public IXenStoreReader Direct => recording?.RecordFrom(connection) ?? connection;

    public Task<T> ReadConsistentAsync<T>(Func<IXenStoreReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        => connection.ReadConsistentAsync((view, ct) => read(recording?.RecordFrom(view) ?? view, ct), cancellationToken);
}
