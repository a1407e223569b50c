using Vifmap.Diagnostics;
using Vifmap.XenStore;

namespace Vifmap.Host;

/// <summary>Reads the live host's facts outside transactions, guarded by a watch: consistent where it
/// matters, at a third of the daemon's cost.
/// <para>Why: Xen 4.17's C xenstored makes a read inside a transaction cost it about 2.5 times a plain
/// read (it records every node a transaction touches and checks each again at commit), so a 1,000-guest
/// map read in transactions kept the daemon busy 2.4 s where the same reads outside took 0.9 s.</para>
/// <para>How: a watch on <c>/local/domain</c> (the guests' nodes and the backend's, all below it) is set
/// before the first read. The daemon queues a watch event for every write it processes, ahead of any
/// later reply on this connection, so once the last reply is in, every write made during the read has
/// announced itself. No event: the read saw one quiet moment, as a transaction would have. Events for a
/// few domains: those domains are read again, each in its own transaction. A domain created or
/// destroyed, the backend list changed, many domains changed, or events lost: the whole host is read
/// again in transactions (<see cref="HostFactsReader.ReadAsync(IXenStoreReadScope, HostMapOptions, CancellationToken)"/>).
/// The watch is removed at the end; it changes nothing in the store.</para></summary>
internal static class WatchGuardedRead
{
    private const string Token = "vifmap-read-guard";

    /// <summary>Above this many changed domains a full read in transactions is simpler and not slower.</summary>
    internal const int MaxDomainsReread = 64;

    /// <param name="connection">The live daemon (not a transaction).</param>
    /// <param name="options">What to map.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <param name="afterUnguardedRead">Tests: runs between the unguarded read and the check of the
    /// watch events (a write there must be caught).</param>
    public static async Task<HostFacts> ReadAsync(
        XenStoreConnection connection, HostMapOptions options, CancellationToken cancellationToken, Func<Task>? afterUnguardedRead = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var transactions = new XenStoreTransactionScope(connection, null);
        long lostBefore = connection.WatchEventsLost;
        try
        {
            await connection.WatchAsync(XenStorePaths.Domains, Token, cancellationToken).ConfigureAwait(false);
        }
        catch (XenStoreErrorException e) when (!e.IsTransient)
        {
            // A daemon that refuses the watch (a quota, a driver domain's policy): transactions only.
            return await HostFactsReader.ReadAsync(transactions, options, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            HostFacts facts = await HostFactsReader.ReadAsync(connection, options, cancellationToken).ConfigureAwait(false);
            if (afterUnguardedRead is not null)
            {
                await afterUnguardedRead().ConfigureAwait(false);
            }

            // A round trip after the hook: every write the daemon made before answering it has its event queued.
            _ = await connection.ReadAsync(XenStorePaths.Domains, cancellationToken).ConfigureAwait(false);
            Changes changes = Drain(connection, options.BackendDomid, lostBefore);
            if (changes.Domains.Count == 0 && !changes.Everything)
            {
                return facts;
            }

            if (changes.Everything || changes.Domains.Count > MaxDomainsReread || options.Domains.Count > 0)
            {
                return await HostFactsReader.ReadAsync(transactions, options, cancellationToken).ConfigureAwait(false);
            }

            return await RereadAsync(connection, transactions, facts, changes.Domains, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await UnwatchAsync(connection).ConfigureAwait(false);
        }
    }

    private static async Task<HostFacts> RereadAsync(
        XenStoreConnection connection, XenStoreTransactionScope transactions, HostFacts facts, IReadOnlySet<int> changed, HostMapOptions options, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticCollector();
        int[] domids = [.. changed.Where(d => facts.Domains.Any(f => f.Domid == d))];
        DomainFacts?[] reread;
        try
        {
            reread = await Task.WhenAll(domids.Select(d => connection.ReadConsistentAsync(
                (view, ct) => HostFactsReader.ReadDomainAsync(view, options, d, diagnostics, ct), cancellationToken))).ConfigureAwait(false);
        }
        catch (XenStoreErrorException e) when (e.IsTransient)
        {
            return await HostFactsReader.ReadAsync(transactions, options, cancellationToken).ConfigureAwait(false);
        }

        if (reread.Any(d => d is null))
        {
            // Gone after all (its node event raced the list): the domain list needs reading again.
            return await HostFactsReader.ReadAsync(transactions, options, cancellationToken).ConfigureAwait(false);
        }

        var byDomid = reread.ToDictionary(d => d!.Domid, d => d!);
        return facts with
        {
            Domains = [.. facts.Domains.Select(d => byDomid.TryGetValue(d.Domid, out DomainFacts? again) ? again : d)],
            Diagnostics = [.. facts.Diagnostics.Concat(diagnostics.ToSortedList()).DistinctBy(d => (d.Code, d.Message))],
        };
    }

    /// <summary>What the events queued so far say changed: domains (a guest's nodes or its backend
    /// entries here) or everything (a domain created or destroyed, the backend list, lost events).</summary>
    private static Changes Drain(XenStoreConnection connection, int backendDomid, long lostBefore)
    {
        var domains = new HashSet<int>();
        bool everything = connection.WatchEventsLost != lostBefore;
        while (connection.WatchEvents.TryRead(out XenStoreWatchEvent? e))
        {
            if (!string.Equals(e.Token, Token, StringComparison.Ordinal))
            {
                continue;
            }

            everything |= Classify(e.Path, backendDomid, domains);
        }

        return new Changes(domains, everything);
    }

    /// <summary>Adds the domain <paramref name="path"/> belongs to; true when it changes the domain
    /// list or the backend list instead. The watch's first firing (the watched path itself) and
    /// other device classes' backends change nothing here.</summary>
    internal static bool Classify(string path, int backendDomid, HashSet<int> domains)
    {
        switch (XenStorePaths.ClassifyWatched(path, backendDomid, out int domid))
        {
            case WatchedPathKind.Domain or WatchedPathKind.GuestBackend:
                domains.Add(domid);
                return false;
            case WatchedPathKind.DomainNode or WatchedPathKind.GuestBackendNode or WatchedPathKind.BackendList:
                return true; // created or destroyed, or the guests served here changed
            default:
                return false;
        }
    }

    private static async Task UnwatchAsync(XenStoreConnection connection)
    {
        if (connection.IsBroken)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await connection.UnwatchAsync(XenStorePaths.Domains, Token, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is XenStoreException or OperationCanceledException)
        {
            // Closing the connection removes the watch in the daemon anyway.
        }
    }

    private sealed record Changes(IReadOnlySet<int> Domains, bool Everything);
}
