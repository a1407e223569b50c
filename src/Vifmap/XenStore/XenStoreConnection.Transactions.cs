using System.Globalization;
using Vifmap.XenStore.Wire;

namespace Vifmap.XenStore;

public sealed partial class XenStoreConnection
{
    /// <summary>TRANSACTION_START: a transaction for reading (the returned view has no way to write).</summary>
    public async Task<XenStoreTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        Task<XsReply> start = SendAsync(XsRequestType.TransactionStart, 0, string.Empty, null, CancellationToken.None).AsTask();
        XsReply reply;
        try
        {
            reply = await start.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The daemon will still open the transaction; end it when its id arrives so a
            // cancelled caller leaves nothing open in the daemon.
            _ = AbortWhenStartedAsync(start);
            throw;
        }

        ThrowIfError(reply, XsRequestType.TransactionStart, null);
        string text = XsPayload.FirstString(reply.Payload);
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint transactionId) || transactionId == 0)
        {
            throw XenStoreErrors.MalformedReply(XsRequestType.TransactionStart, $"transaction id '{text}'");
        }

        return new XenStoreTransaction(this, transactionId);
    }

    private async Task AbortWhenStartedAsync(Task<XsReply> start)
    {
        try
        {
            XsReply reply = await start.ConfigureAwait(false);
            if (reply.ErrorName is null && uint.TryParse(XsPayload.FirstString(reply.Payload), NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
            {
                await EndTransactionAsync(id, commit: false, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (XenStoreException)
        {
            // The connection broke: the daemon drops its transactions with it.
        }
    }

    /// <summary>TRANSACTION_END. <paramref name="commit"/> true sends "T": the daemon then checks
    /// that nothing the transaction read has changed since (EAGAIN otherwise); a transaction that
    /// only read writes nothing on commit. "F" discards without any check.</summary>
    internal async ValueTask EndTransactionAsync(uint transactionId, bool commit, CancellationToken cancellationToken)
    {
        XsReply reply = await SendAsync(XsRequestType.TransactionEnd, transactionId, commit ? "T" : "F", null, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, XsRequestType.TransactionEnd, null);
    }

    /// <summary>Runs <paramref name="read"/> inside a transaction and retries it when the daemon
    /// reports that something it read changed meanwhile, so the result is one consistent view.</summary>
    /// <remarks>Why commit ("T") and not abort ("F"): in Xen 4.17's C daemon a transaction reads the
    /// live node the first time it touches it and remembers its generation; only the commit compares
    /// those generations with the database (<c>finalize_transaction</c>, EAGAIN on any difference).
    /// Abort skips that check, so an aborted transaction gives no consistency at all. A commit of a
    /// transaction that wrote nothing changes nothing in the store and fires no watch.</remarks>
    /// <exception cref="XenStoreErrorException">EAGAIN on every one of
    /// <see cref="XenStoreConnectionOptions.ConsistentReadAttempts"/> attempts.</exception>
    public async Task<T> ReadConsistentAsync<T>(Func<IXenStoreReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        int attempts = Math.Max(1, _options.ConsistentReadAttempts);
        for (int attempt = 1; ; attempt++)
        {
            XenStoreTransaction transaction = await BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                try
                {
                    T result = await read(transaction, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
                catch (XenStoreErrorException ex) when (ex.IsTransient)
                {
                    if (attempt >= attempts)
                    {
                        throw XenStoreErrors.GaveUpRetrying(ex, attempts);
                    }
                }
            }
        }
    }
}
