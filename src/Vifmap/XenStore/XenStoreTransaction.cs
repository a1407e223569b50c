namespace Vifmap.XenStore;

/// <summary>A read view bound to one transaction id. Reading it never writes; ending it either
/// checks consistency (<see cref="CommitAsync"/>) or just discards it (<see cref="DisposeAsync"/>).</summary>
public sealed class XenStoreTransaction : IXenStoreReader, IAsyncDisposable
{
    private readonly XenStoreConnection _connection;
    private int _ended;

    internal XenStoreTransaction(XenStoreConnection connection, uint id)
    {
        _connection = connection;
        Id = id;
    }

    /// <summary>The daemon's transaction id (the tx_id header field of every request in it).</summary>
    public uint Id { get; }

    public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
        => _connection.ReadAsync(path, Id, cancellationToken);

    public ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default)
        => _connection.DirectoryAsync(path, Id, cancellationToken);

    /// <summary>Ends the transaction with "T": succeeds only if nothing it read has changed since.</summary>
    /// <exception cref="XenStoreErrorException">EAGAIN: something read here changed; start over.</exception>
    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            throw new InvalidOperationException("The transaction has already ended.");
        }

        await _connection.EndTransactionAsync(Id, commit: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Discards the transaction ("F") unless it was committed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0 || _connection.IsBroken)
        {
            return;
        }

        try
        {
            await _connection.EndTransactionAsync(Id, commit: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (XenStoreException)
        {
            // Broken connection or a transaction the daemon already dropped: nothing left to end.
        }
    }
}
