using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Vifmap.Diagnostics;
using Vifmap.Host.Netlink;
using Vifmap.XenStore;

namespace Vifmap.Host.Live;

/// <summary>The live host model behind <c>vifmap watch</c> (and a long-running exporter): xenstore
/// watches and rtnetlink link notifications are triggers, never data. A trigger marks what may have
/// changed (a domain, the domain list, the interfaces); after a short quiet time the marked domains are
/// re-read in one read-only transaction, resolved with the same resolver as <c>ls</c>, and the new map
/// is diffed against the old one into <see cref="HostEvent"/>s. What is pending is a set of marks, not
/// a queue of events, so memory is bounded by the host's size however fast guests write. Any possible
/// loss (a full watch queue, ENOBUFS on netlink, a reconnection) yields <see cref="HostEventType.Resync"/>
/// and the full state again. The only registrations made are the watches, removed on exit.</summary>
public sealed class HostWatcher
{
    private const string TokenPrefix = "vifmap-watch:";
    private static readonly string[] s_specialPaths = ["@introduceDomain", "@releaseDomain"];

    private readonly HostWatcherOptions _options;
    private readonly HostMapOptions _mapOptions;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _marks = new();
    private readonly HashSet<int> _dirty = [];
    private readonly LinkTable _links;
    private readonly NetlinkLinkSource _dumper;
    private bool _relist;
    private bool _linksChanged;
    private string? _lossReason;
    private XenStoreConnection? _disconnected;

    private XenStoreConnection? _connection;
    private Dictionary<int, DomainFacts> _facts = [];
    private IReadOnlyDictionary<int, IReadOnlyList<int>> _orphanBackends = new Dictionary<int, IReadOnlyList<int>>();
    private HostMap _map = new("live", 0, [], [], []);

    // The facts behind _map, for ResolveWith (read on other threads: replaced whole, never changed).
    private volatile HostFacts? _lastFacts;
    private volatile bool _stale = true;
    private readonly TaskCompletionSource _firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HostWatcher(HostWatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _mapOptions = new HostMapOptions { BackendDomid = options.BackendDomid, Source = "live" };
        _dumper = new NetlinkLinkSource(options.NetworkNamespace, options.SysfsRoot);
        _links = new LinkTable(_dumper.ReadNodename);
    }

    /// <summary>The map as of the last event yielded.</summary>
    public HostMap Current => _map;

    /// <summary>Completes when the whole host has been read once (even a host without NICs, which
    /// yields no event).</summary>
    public Task FirstRead => _firstRead.Task;

    /// <summary>True while the daemon is connected and watched and the facts were read since; false
    /// while reconnecting, before the full state is read again, or stopped.</summary>
    public bool IsConnected => !_stale && Volatile.Read(ref _connection) is { IsBroken: false };

    /// <summary>The latest facts read, mapped onto <paramref name="links"/> (a fresh dump of the
    /// interfaces, for their counters) with the same resolver as <c>ls</c>; null before the first read.
    /// Thread-safe: a long-running exporter calls it per scrape while the watcher runs.</summary>
    public HostMap? ResolveWith(IReadOnlyList<NetLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return _lastFacts is HostFacts facts ? HostMapResolver.Resolve(facts, links, _mapOptions) : null;
    }

    /// <summary>The current state (one <see cref="HostEventType.Present"/> per NIC), then every change
    /// until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="XenStoreException">The daemon cannot be reached at the start.</exception>
    public async IAsyncEnumerable<HostEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using NetlinkRouteSocket subscription = NetlinkRouteSocket.Open(subscribeLinks: true, _options.NetworkNamespace);
        var netlinkThread = new Thread(() => NetlinkLoop(subscription, stop.Token)) { IsBackground = true, Name = "vifmap netlink" };
        netlinkThread.Start();
        try
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
            foreach (HostEvent e in await ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }

            while (true)
            {
                await WaitForChangesAsync(cancellationToken).ConfigureAwait(false);
                List<HostEvent> events = await UpdateAsync(cancellationToken).ConfigureAwait(false);
                foreach (HostEvent e in events)
                {
                    yield return e;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await CloseAsync().ConfigureAwait(false);
            netlinkThread.Join();
            _dumper.Dispose();
        }
    }

    /// <summary>Waits for a trigger, then for the quiet time (bounded by the maximum delay).</summary>
    private async Task WaitForChangesAsync(CancellationToken cancellationToken)
    {
        await _wake.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (System.Diagnostics.Stopwatch.GetElapsedTime(start) < _options.MaxDelay)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(_options.Quiet);
            try
            {
                await _wake.Reader.ReadAsync(quiet.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return; // quiet long enough
            }
        }
    }

    private async Task<List<HostEvent>> UpdateAsync(CancellationToken cancellationToken)
    {
        int[] dirty;
        bool relist, linksChanged;
        string? loss;
        XenStoreConnection? disconnected;
        lock (_marks)
        {
            dirty = [.. _dirty];
            _dirty.Clear();
            (relist, linksChanged, loss, disconnected) = (_relist, _linksChanged, _lossReason, _disconnected);
            (_relist, _linksChanged, _lossReason, _disconnected) = (false, false, null, null);
        }

        if (disconnected is not null && ReferenceEquals(disconnected, _connection))
        {
            await ReconnectAsync(cancellationToken).ConfigureAwait(false);
            loss = "reconnected to xenstore";
        }

        if (loss is not null)
        {
            return await ResyncAsync(loss, cancellationToken).ConfigureAwait(false);
        }

        Dictionary<int, DomainFacts> previous = _facts;
        try
        {
            if (dirty.Length > 0 || relist)
            {
                await ReadChangedAsync(dirty, relist, cancellationToken).ConfigureAwait(false);
            }
            else if (!linksChanged)
            {
                return [];
            }
        }
        catch (XenStoreException e) when (e is not XenStoreErrorException)
        {
            // The connection broke mid-read: the pump notices too; reconnect on the next round.
            MarkDisconnected(_connection!);
            return [];
        }

        if (!relist && !linksChanged && UpdateFew(dirty, previous) is List<HostEvent> few)
        {
            return few;
        }

        HostMap before = _map;
        _map = Resolve();
        return HostMapDiff.Diff(before, _map);
    }

    /// <summary>The common change — a xenbus state, a MAC, a name in a few domains — without rebuilding
    /// the whole map: those domains are resolved alone and spliced into it, and only they are diffed.
    /// Rebuilding a 4,000-NIC map per change left a third of the watcher's time in the garbage
    /// collector (the latency bench's tail). Taken only when it cannot differ from a full resolve:
    /// the domains existed before and after, have no stub domain, keep their NICs and the fields
    /// interface names come from, and are matched to exactly the interfaces they had; else null.</summary>
    private List<HostEvent>? UpdateFew(int[] dirty, Dictionary<int, DomainFacts> previous)
    {
        if (dirty.Length == 0 || dirty.Length > MaxIncrementalDomains)
        {
            return null;
        }

        var changed = new List<DomainFacts>(dirty.Length);
        foreach (int domid in dirty)
        {
            if (!previous.TryGetValue(domid, out DomainFacts? was) || !_facts.TryGetValue(domid, out DomainFacts? now) || !SameInterfaces(was, now))
            {
                return null;
            }

            changed.Add(now);
        }

        changed.Sort(static (a, b) => a.Domid.CompareTo(b.Domid));
        var subset = new HostFacts("live", _options.BackendDomid, changed, new Dictionary<int, IReadOnlyList<int>>(), []);
        HostMap partial = HostMapResolver.Resolve(subset, _links.Snapshot(), _mapOptions);
        var wanted = new HashSet<int>(dirty);
        var resolved = partial.Domains.ToDictionary(d => d.Domid);
        List<GuestDomain> beforeDomains = [.. _map.Domains.Where(d => wanted.Contains(d.Domid))];
        if (beforeDomains.Count != resolved.Count || beforeDomains.Any(d => !resolved.TryGetValue(d.Domid, out GuestDomain? again) || !SameMatches(d, again)))
        {
            return null;
        }

        HostMap before = _map;
        _map = before with { Domains = [.. before.Domains.Select(d => resolved.TryGetValue(d.Domid, out GuestDomain? again) ? again : d)] };
        PublishFacts();
        return HostMapDiff.Diff(before with { Domains = beforeDomains }, partial with { Domains = [.. resolved.Values.OrderBy(d => d.Domid)] });
    }

    private const int MaxIncrementalDomains = 16;

    /// <summary>Same NICs, stub relations and the fields the expected interface names come from.</summary>
    private static bool SameInterfaces(DomainFacts was, DomainFacts now)
        => was.Target is null && now.Target is null && was.DeviceModelDomid is null && now.DeviceModelDomid is null
            && string.Equals(was.Type, now.Type, StringComparison.Ordinal)
            && was.FrontendDevids.SequenceEqual(now.FrontendDevids) && was.BackendDevids.SequenceEqual(now.BackendDevids)
            && (was.Nics ?? []).Count == (now.Nics ?? []).Count
            && (was.Nics ?? []).Zip(now.Nics ?? []).All(p => p.First.Devid == p.Second.Devid
                && (p.First.Backend is null) == (p.Second.Backend is null)
                && string.Equals(p.First.Backend?.VifName, p.Second.Backend?.VifName, StringComparison.Ordinal)
                && string.Equals(p.First.Backend?.Type, p.Second.Backend?.Type, StringComparison.Ordinal));

    /// <summary>Each NIC matched to the same interfaces (name, role, ifindex) as in the full map.</summary>
    private static bool SameMatches(GuestDomain was, GuestDomain now)
        => was.Nics.Count == now.Nics.Count
            && was.Nics.Zip(now.Nics).All(p => p.First.Devid == p.Second.Devid
                && p.First.Interfaces.Select(i => (i.Name, i.Role, i.Link?.Ifindex)).SequenceEqual(p.Second.Interfaces.Select(i => (i.Name, i.Role, i.Link?.Ifindex))));

    private async Task<List<HostEvent>> ResyncAsync(string reason, CancellationToken cancellationToken)
    {
        List<HostEvent> events = [new HostEvent(HostEventType.Resync) { Reason = reason }];
        try
        {
            events.AddRange(await ReadAllAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (XenStoreException e) when (e is not XenStoreErrorException)
        {
            MarkDisconnected(_connection!);
        }

        return events;
    }

    /// <summary>Everything: interfaces by dump, every domain in one transaction. Yields the present state.</summary>
    private async Task<List<HostEvent>> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_marks)
        {
            // What is read now covers every mark made so far.
            _dirty.Clear();
            _relist = false;
            _linksChanged = false;
        }

        _links.Replace(await DumpAsync().ConfigureAwait(false));
        // Outside transactions: the watches are already set, so a domain written to during this read is
        // marked and read again right after it (the marks above were cleared before the read began).
        // That is the consistency a transaction would give, at a third of the daemon's cost (a read in a
        // transaction costs the 4.17 C xenstored about 2.5 times a plain one; see docs/xenstore.md).
        XenStoreConnection connection = _connection ?? throw new InvalidOperationException("not connected");
        HostFacts facts = await HostFactsReader.ReadAsync(connection, _mapOptions, cancellationToken).ConfigureAwait(false);
        _facts = facts.Domains.ToDictionary(d => d.Domid);
        _orphanBackends = facts.OrphanBackends;
        _map = Resolve();
        _stale = false;
        _firstRead.TrySetResult();
        return [.. HostMapDiff.Present(_map)];
    }

    private Task<IReadOnlyList<RtnlLinkMessage>> DumpAsync()
        => Task.Run(() =>
        {
            using NetlinkRouteSocket socket = NetlinkRouteSocket.Open(subscribeLinks: false, _options.NetworkNamespace);
            return socket.DumpLinks();
        });

    /// <summary>The marked domains (and the domain list, when it may have changed), a bounded number
    /// per transaction: a boot storm marks thousands at once, and one transaction over all of them
    /// would conflict with every write still arriving (EAGAIN) and be read again and again.</summary>
    private async Task ReadChangedAsync(int[] dirty, bool relist, CancellationToken cancellationToken)
    {
        var next = new Dictionary<int, DomainFacts>(_facts);
        if (relist)
        {
            IReadOnlyList<string> children = await _connection!.DirectoryAsync(XenStorePaths.Domains, cancellationToken).ConfigureAwait(false) ?? [];
            var present = new HashSet<int>();
            foreach (string child in children)
            {
                if (XenStorePaths.TryParseId(child, out int domid))
                {
                    present.Add(domid);
                }
            }

            foreach (int gone in next.Keys.Where(k => !present.Contains(k)).ToList())
            {
                next.Remove(gone);
            }

            dirty = [.. dirty.Union(present.Where(d => !next.ContainsKey(d)))];
        }

        // Every chunk in flight at once (the connection pipelines), each its own small transaction.
        int[][] chunks = [.. dirty.Chunk(Math.Max(1, _options.DomainsPerTransaction))];
        DomainFacts?[][] read = await Task.WhenAll(chunks.Select(chunk => ReadConsistentAsync(async (reader, ct) =>
        {
            var diagnostics = new DiagnosticCollector();
            return await Task.WhenAll(chunk.Select(d => HostFactsReader.ReadDomainAsync(reader, _mapOptions, d, diagnostics, ct))).ConfigureAwait(false);
        }, cancellationToken))).ConfigureAwait(false);
        for (int c = 0; c < chunks.Length; c++)
        {
            for (int i = 0; i < chunks[c].Length; i++)
            {
                if (read[c][i] is DomainFacts f)
                {
                    next[chunks[c][i]] = f;
                }
                else
                {
                    next.Remove(chunks[c][i]);
                }
            }
        }

        _facts = next;
    }

    private HostMap Resolve()
    {
        HostFacts facts = PublishFacts();
        return HostMapResolver.Resolve(facts, _links.Snapshot(), _mapOptions);
    }

    /// <summary>The facts read so far as one <see cref="HostFacts"/>, kept for <see cref="ResolveWith"/>.</summary>
    private HostFacts PublishFacts()
    {
        var facts = new HostFacts("live", _options.BackendDomid, [.. _facts.Values.OrderBy(d => d.Domid)], _orphanBackends, []);
        _lastFacts = facts;
        return facts;
    }

    private async Task<T> ReadConsistentAsync<T>(Func<IXenStoreReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        XenStoreConnection connection = _connection ?? throw new InvalidOperationException("not connected");
        try
        {
            return await connection.ReadConsistentAsync(read, cancellationToken).ConfigureAwait(false);
        }
        catch (XenStoreErrorException e) when (e.IsTransient)
        {
            // A boot storm can make every transaction conflict: read once outside one, as ls does.
            return await read(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        XenStoreConnection connection = await XenStoreConnection.OpenAsync(_options.XenStore, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (string path in WatchedPaths())
            {
                await connection.WatchAsync(path, TokenPrefix + path, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _connection = connection;
        _ = Task.Run(() => PumpAsync(connection), CancellationToken.None);
    }

    private IEnumerable<string> WatchedPaths()
        => [.. s_specialPaths, XenStorePaths.Domains, XenStorePaths.BackendVifs(_options.BackendDomid)];

    private async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        string endpoint = _connection?.Endpoint.ToString() ?? "xenstored";
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _connection = null;
        Status($"lost the connection to xenstore at {endpoint}; reconnecting");
        TimeSpan delay = TimeSpan.FromMilliseconds(100);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await ConnectAsync(cancellationToken).ConfigureAwait(false);
                Status(string.Create(CultureInfo.InvariantCulture, $"reconnected to xenstore at {_connection!.Endpoint} (attempt {attempt}); watches registered again, reading the full state"));
                return;
            }
            catch (XenStoreException e)
            {
                Status(string.Create(CultureInfo.InvariantCulture, $"xenstore still unavailable (attempt {attempt}: {FirstLine(e.Message)}); next try in {delay.TotalSeconds:0.0} s"));
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    internal static string FirstLine(string text) => text.Split('\n')[0];

    private void Status(string line) => _options.Status?.Invoke(line);

    /// <summary>Removes the watches (the only registrations) and closes the connection.</summary>
    private async Task CloseAsync()
    {
        XenStoreConnection? connection = _connection;
        _connection = null;
        _stale = true;
        if (connection is null)
        {
            return;
        }

        if (!connection.IsBroken)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                foreach (string path in WatchedPaths())
                {
                    await connection.UnwatchAsync(path, TokenPrefix + path, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is XenStoreException or OperationCanceledException)
            {
                // Closing the connection removes its watches in the daemon anyway.
            }
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Turns each watch event into a mark. Runs until the connection's queue completes
    /// (the connection broke or was closed).</summary>
    private async Task PumpAsync(XenStoreConnection connection)
    {
        long lost = connection.WatchEventsLost;
        try
        {
            await foreach (XenStoreWatchEvent e in connection.WatchEvents.ReadAllAsync().ConfigureAwait(false))
            {
                long now = connection.WatchEventsLost;
                if (now != lost)
                {
                    lost = now;
                    MarkLoss("the xenstore watch queue overflowed");
                }

                MarkPath(e.Path);
            }
        }
        finally
        {
            MarkDisconnected(connection);
        }
    }

    private void MarkPath(string path)
    {
        lock (_marks)
        {
            if (path.StartsWith('@') || path == XenStorePaths.Domains)
            {
                _relist = true;
            }
            else
            {
                switch (XenStorePaths.ClassifyWatched(path, _options.BackendDomid, out int domid))
                {
                    case WatchedPathKind.Unrelated:
                        return;
                    case WatchedPathKind.BackendList:
                        _relist = true;
                        break;
                    default:
                        // The domain's own nodes, or its NICs' backends here (a domain gone is found
                        // gone when it is read again).
                        _dirty.Add(domid);
                        break;
                }
            }
        }

        _wake.Writer.TryWrite(true);
    }

    private void MarkLoss(string reason)
    {
        lock (_marks)
        {
            _lossReason ??= reason;
        }

        _wake.Writer.TryWrite(true);
    }

    private void MarkDisconnected(XenStoreConnection connection)
    {
        lock (_marks)
        {
            // A connection already replaced (or closed on exit) is no news.
            if (ReferenceEquals(connection, _connection))
            {
                _disconnected = connection;
                _stale = true;
            }
        }

        _wake.Writer.TryWrite(true);
    }

    private void NetlinkLoop(NetlinkRouteSocket subscription, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            RtnetlinkBatch? batch;
            try
            {
                batch = subscription.ReceiveNotifications(timeoutMs: 100);
            }
            catch (IOException e)
            {
                Status($"interface notifications stopped: {e.Message}");
                return;
            }

            if (batch is null)
            {
                continue;
            }

            if (batch.Error is not null)
            {
                MarkLoss("interface notifications were lost (netlink ENOBUFS)");
                continue;
            }

            if (batch.Links.Count == 0)
            {
                continue;
            }

            foreach (RtnlLinkMessage m in batch.Links)
            {
                _links.Apply(m);
            }

            lock (_marks)
            {
                _linksChanged = true;
            }

            _wake.Writer.TryWrite(true);
        }
    }
}
