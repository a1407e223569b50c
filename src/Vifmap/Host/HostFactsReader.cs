using System.Text;
using System.Text.Unicode;
using Vifmap.Diagnostics;
using Vifmap.XenStore;

namespace Vifmap.Host;

/// <summary>How the fact reader gets consistent views: on the live daemon each part of a map is read in
/// one read-only transaction; a dump or snapshot is consistent as it is.</summary>
public interface IXenStoreReadScope
{
    /// <summary>Outside any transaction.</summary>
    IXenStoreReader Direct { get; }

    /// <summary>Runs <paramref name="read"/> on one consistent view, retried while something it read
    /// changes; throws the transient <see cref="XenStoreErrorException"/> when it never keeps still.</summary>
    Task<T> ReadConsistentAsync<T>(Func<IXenStoreReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken);
}

/// <summary>Reads the <see cref="HostFacts"/> of one backend domain from a xenstore reader (the live
/// daemon, inside one transaction; a dump; a snapshot). Reads only the nodes the map needs, with every
/// read of a phase in flight at once: against the real daemon the per-request cost dominates.</summary>
public sealed class HostFactsReader
{
    // Enough requests in flight to keep the daemon busy, few enough that a 1,000-guest host does not
    // hold tens of thousands of pending requests in memory.
    internal const int MaxInFlight = 4096;
    internal const int MaxDomainsInFlight = 64;

    /// <summary>Domains whose NICs are read in one transaction. Xen 4.17's C xenstored remembers every
    /// node a transaction touched in a list it searches on each access (find_accessed_node in
    /// tools/xenstore/xenstored_transaction.c), so a transaction costs the daemon time quadratic in the
    /// nodes it reads: one over a whole 1,000-guest host took longer than xenstore-ls, and even 32
    /// domains (about 1,500 nodes) a transaction left the daemon spending most of its time in strcmp.
    /// A few domains (some 200 nodes) keep that cost negligible; each domain's nodes are still read
    /// consistently, together with its stub domain's.</summary>
    internal const int DomainsPerTransaction = 4;

    /// <summary>Domains whose identity (name, uuid path, target, type, frontend list: 7 nodes) is read
    /// in one transaction, for the same reason.</summary>
    internal const int IdentitiesPerTransaction = 32;

    private readonly IXenStoreReader _xenStore;
    private readonly IXenStoreReadScope? _scope;

    // Read in several transactions (moments apart): a domain listed in one may be gone in the next.
    // Not on a dump or a snapshot (one moment), nor on a connection read under a watch (a domain
    // destroyed meanwhile fires it, and the watcher or WatchGuardedRead reads the host again).
    private readonly bool _severalTransactions;
    private readonly HostMapOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly DiagnosticCollector _diagnostics;
    private readonly SemaphoreSlim _inFlight;
    private readonly SemaphoreSlim _domainsInFlight;

    // A dump's tree answers at once: its nodes are read in place, without a request's task, a copy of
    // the value or a slot among the requests in flight (issue 15: 100,000 NICs are over a million reads).
    private readonly XenStoreTree? _tree;
    private readonly CommonValues _common;

    private HostFactsReader(IXenStoreReader xenStore, IXenStoreReadScope? scope, HostMapOptions options, CancellationToken cancellationToken)
    {
        _xenStore = xenStore;
        _tree = TreeOf(xenStore);
        _common = new CommonValues();
        _scope = scope;
        _severalTransactions = scope is not null;
        _options = options;
        _cancellationToken = cancellationToken;
        _diagnostics = new DiagnosticCollector();
        _inFlight = new SemaphoreSlim(MaxInFlight, MaxInFlight);
        _domainsInFlight = new SemaphoreSlim(MaxDomainsInFlight, MaxDomainsInFlight);
    }

    /// <summary>The same reader's state (options, findings, limits) on another view: one transaction's;
    /// or on the same view with findings of its own (<paramref name="diagnostics"/>).</summary>
    private HostFactsReader(HostFactsReader parent, IXenStoreReader view, DiagnosticCollector? diagnostics = null)
    {
        _xenStore = view;
        _tree = TreeOf(view);
        _common = parent._common;
        _severalTransactions = parent._severalTransactions;
        _options = parent._options;
        _cancellationToken = parent._cancellationToken;
        _diagnostics = diagnostics ?? parent._diagnostics;
        _inFlight = parent._inFlight;
        _domainsInFlight = parent._domainsInFlight;
    }

    /// <summary>Every domain's identity, and the NICs of the selected guests and their stub domains.</summary>
    public static Task<HostFacts> ReadAsync(IXenStoreReader xenStore, HostMapOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(xenStore);
        ArgumentNullException.ThrowIfNull(options);
        return new HostFactsReader(xenStore, null, options, cancellationToken).ReadAsync();
    }

    /// <summary>As above, each part read on one consistent view of <paramref name="scope"/>: the domain list
    /// and every identity in one, then the NICs of <see cref="DomainsPerTransaction"/> domains at a time.
    /// A part that never reads consistently (guests created and destroyed all the time) is read once more
    /// outside a transaction and flagged VM410.</summary>
    public static Task<HostFacts> ReadAsync(IXenStoreReadScope scope, HostMapOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(options);
        return new HostFactsReader(scope.Direct, scope, options, cancellationToken).ReadAsync();
    }

    private async Task<T> InViewAsync<T>(Func<HostFactsReader, Task<T>> read)
    {
        if (_scope is null)
        {
            return await read(this).ConfigureAwait(false);
        }

        try
        {
            return await _scope.ReadConsistentAsync((view, _) => read(new HostFactsReader(this, view)), _cancellationToken).ConfigureAwait(false);
        }
        catch (XenStoreErrorException e) when (e.IsTransient)
        {
            Warn(DiagnosticCodes.Inconsistent, $"{e.Message}: read once more outside a transaction, so this map may mix two moments");
            return await read(new HostFactsReader(this, _scope.Direct)).ConfigureAwait(false);
        }
    }

    /// <summary>One domain, NICs included (null when it does not exist): what a watcher re-reads when
    /// that domain's nodes change. Findings go to <paramref name="diagnostics"/>.</summary>
    public static async Task<DomainFacts?> ReadDomainAsync(
        IXenStoreReader xenStore, HostMapOptions options, int domid, DiagnosticCollector diagnostics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(xenStore);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var reader = new HostFactsReader(xenStore, null, options, cancellationToken);
        if (await xenStore.DirectoryAsync(XenStorePaths.Domain(domid), cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        IReadOnlyList<int> backendDevids = await reader.ListIdsAsync(XenStorePaths.BackendVifsOf(options.BackendDomid, domid)).ConfigureAwait(false);
        DomainFacts identity = await reader.ReadIdentityAsync(domid, backendDevids).ConfigureAwait(false);
        DomainFacts result = await reader.ReadNicsAsync(identity).ConfigureAwait(false);
        diagnostics.AddRange(reader._diagnostics.ToSortedList());
        return result;
    }

    private async Task<HostFacts> ReadAsync()
    {
        // Phase 1, one view: the domain list and which domains have backends here. Phase 2: each
        // identity, a few dozen domains a view (a domain gone meanwhile is left out).
        (IReadOnlyList<int> domids, Dictionary<int, IReadOnlyList<int>> backends) =
            await InViewAsync(r => r.ReadDomainListAsync()).ConfigureAwait(false);
        DomainFacts?[][] identities = await Task.WhenAll(domids.Chunk(IdentitiesPerTransaction).Select(chunk =>
            InViewAsync(r => Task.WhenAll(chunk.Select(d =>
                r.ReadIdentityIfPresentAsync(d, backends.TryGetValue(d, out IReadOnlyList<int>? here) ? here : [])))))).ConfigureAwait(false);
        DomainFacts[] domains = [.. identities.SelectMany(part => part).OfType<DomainFacts>()];

        // Phase 3: the NICs of the guests asked for, and of their stub domains (with their guest, in the
        // same view), all reads in flight.
        Dictionary<int, int> stubOf = StubDomains.Find(domains, warn: null);
        var stubOfGuest = stubOf.ToDictionary(kv => kv.Value, kv => kv.Key);
        var wanted = new List<DomainFacts>();
        foreach (DomainFacts d in domains)
        {
            if (!stubOf.ContainsKey(d.Domid) && DomainSelection.IsWanted(_options.Domains, d.Domid, d.Name))
            {
                wanted.Add(d);
            }
        }

        var byDomid = domains.ToDictionary(d => d.Domid);
        DomainFacts[][] parts = [.. wanted.Chunk(DomainsPerTransaction).Select(chunk => chunk
            .SelectMany(g => stubOfGuest.TryGetValue(g.Domid, out int s) ? new[] { g, byDomid[s] } : [g])
            .Where(d => d.HasNics)
            .ToArray())];
        DomainFacts[][] read = _tree is not null && parts.Length > 1 && Environment.ProcessorCount > 1
            ? await ReadTreePartsAsync(parts).ConfigureAwait(false)
            : await ReadPartsAsync(parts).ConfigureAwait(false);
        foreach (DomainFacts d in read.SelectMany(p => p))
        {
            byDomid[d.Domid] = d;
        }

        var exists = new HashSet<int>(domains.Select(d => d.Domid));
        var orphanBackends = backends.Where(kv => !exists.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new HostFacts(_options.Source, _options.BackendDomid, [.. domains.Select(d => byDomid[d.Domid])], orphanBackends, _diagnostics.ToSortedList());
    }

    private Task<DomainFacts[][]> ReadPartsAsync(IEnumerable<DomainFacts[]> parts)
        => Task.WhenAll(parts.Select(part => InViewAsync(r => Task.WhenAll(part.Select(r.ReadNicsWhenAllowedAsync)))));

    /// <summary>The parts read from a tree, a run of them per core: a tree answers at once, so reads in
    /// flight overlap nothing and one thread did all of a big dump's NICs (issue 15). Each run's
    /// findings are kept apart and added in order, so the map's findings are those of one run in order.</summary>
    private async Task<DomainFacts[][]> ReadTreePartsAsync(DomainFacts[][] parts)
    {
        int runs = Math.Min(Environment.ProcessorCount, parts.Length);
        var readers = new HostFactsReader[runs];
        var reads = new Task<DomainFacts[][]>[runs];
        for (int i = 0; i < runs; i++)
        {
            HostFactsReader reader = readers[i] = new HostFactsReader(this, _xenStore, new DiagnosticCollector(_diagnostics.PerCodeLimit));
            int from = i * parts.Length / runs;
            var run = new ArraySegment<DomainFacts[]>(parts, from, ((i + 1) * parts.Length / runs) - from);
            reads[i] = Task.Run(() => reader.ReadPartsAsync(run), _cancellationToken);
        }

        DomainFacts[][][] read = await Task.WhenAll(reads).ConfigureAwait(false);
        foreach (HostFactsReader reader in readers)
        {
            _diagnostics.AddFrom(reader._diagnostics);
        }

        return [.. read.SelectMany(r => r)];
    }

    private async Task<(IReadOnlyList<int> Domids, Dictionary<int, IReadOnlyList<int>> Backends)> ReadDomainListAsync()
    {
        // A refused /local/domain is no host at all, not a host without guests: that error goes up.
        Task<IReadOnlyList<int>> domidsTask = ListIdsAsync(XenStorePaths.Domains, required: true);
        Task<Dictionary<int, IReadOnlyList<int>>> backendsTask = ListBackendsAsync();
        return (await domidsTask.ConfigureAwait(false), await backendsTask.ConfigureAwait(false));
    }

    /// <summary>The identity, or null when the domain's node is gone (destroyed since it was listed in
    /// another transaction). Checked only then (snapshots hold only the nodes the map reads).</summary>
    private async Task<DomainFacts?> ReadIdentityIfPresentAsync(int domid, IReadOnlyList<int> backendDevids)
    {
        if (!_severalTransactions)
        {
            return await ReadIdentityAsync(domid, backendDevids).ConfigureAwait(false);
        }

        Task<string?> node = ReadTextAsync(XenStorePaths.Domain(domid));
        DomainFacts identity = await ReadIdentityAsync(domid, backendDevids).ConfigureAwait(false);
        return await node.ConfigureAwait(false) is null ? null : identity;
    }

    private async Task<Dictionary<int, IReadOnlyList<int>>> ListBackendsAsync()
    {
        int be = _options.BackendDomid;
        IReadOnlyList<int> domids = await ListIdsAsync(XenStorePaths.BackendVifs(be)).ConfigureAwait(false);
        IReadOnlyList<int>[] devids = await Task.WhenAll(
            domids.Select(d => ListIdsAsync(XenStorePaths.BackendVifsOf(be, d)))).ConfigureAwait(false);
        var result = new Dictionary<int, IReadOnlyList<int>>(domids.Count);
        for (int i = 0; i < domids.Count; i++)
        {
            result[domids[i]] = devids[i];
        }

        return result;
    }

    private async Task<DomainFacts> ReadIdentityAsync(int domid, IReadOnlyList<int> backendDevids)
    {
        string domain = XenStorePaths.Domain(domid);
        Task<string?> type = ReadTextAsync(XenStorePaths.LibxlDomainType(domid), common: true);
        Listing listed = await ListChildrenAsync(domain).ConfigureAwait(false);
        Task<string?> name = ReadListedTextAsync(listed, domain, "name");
        Task<string?> vm = ReadListedTextAsync(listed, domain, "vm");

        // Only a stub domain and its guest have these (libxl_dm.c, spawn_stub_launch_dm).
        Task<string?> target = ReadListedTextAsync(listed, domain, "target");
        Task<string?> dm = listed.Lacks("image") ? s_noText : ReadTextAsync(domain, "image/device-model-domid");
        Task<IReadOnlyList<int>> front = listed.Lacks("device") ? s_noIds : ListIdsAsync(XenStorePaths.FrontendVifs(domid));
        await WhenAll(name, vm, target, dm, type, front).ConfigureAwait(false);
        return new DomainFacts(domid)
        {
            Name = name.Result,
            VmPath = vm.Result,
            Target = target.Result,
            DeviceModelDomid = dm.Result,
            Type = type.Result,
            FrontendDevids = front.Result,
            BackendDevids = backendDevids,
        };
    }

    private async Task<DomainFacts> ReadNicsWhenAllowedAsync(DomainFacts domain)
    {
        await _domainsInFlight.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadNicsAsync(domain).ConfigureAwait(false);
        }
        finally
        {
            _domainsInFlight.Release();
        }
    }

    private async Task<DomainFacts> ReadNicsAsync(DomainFacts domain)
    {
        // Every devid of either list once, in order; served here when the backend lists it.
        int[] here = [.. domain.BackendDevids];
        Array.Sort(here);
        int[] devids = [.. here, .. domain.FrontendDevids];
        Array.Sort(devids);
        int count = 0;
        foreach (int devid in devids)
        {
            if (count == 0 || devids[count - 1] != devid)
            {
                devids[count++] = devid;
            }
        }

        var reads = new Task<NicFacts>[count];
        for (int i = 0; i < count; i++)
        {
            reads[i] = ReadNicAsync(domain.Domid, devids[i], Array.BinarySearch(here, devids[i]) >= 0);
        }

        await WhenAll(reads).ConfigureAwait(false);
        return domain with { Nics = [.. reads.Select(r => r.Result)] };
    }

    private async Task<NicFacts> ReadNicAsync(int domid, int devid, bool servedHere)
    {
        Task<BackendFacts?> backend = servedHere ? ReadBackendAsync(domid, devid) : s_noBackend;

        // Served by another domain: the frontend says which, and carries the MAC (libxl writes it there too).
        string frontend = XenStorePaths.FrontendNic(domid, devid);
        Task<string?> backendId = servedHere ? s_noText : ReadTextAsync(frontend, "backend-id", common: true);
        Task<string?> mac = servedHere ? s_noText : ReadTextAsync(frontend, "mac");
        Task<string?> state = ReadTextAsync(frontend, "state", common: true);
        await WhenAll(backend, backendId, mac, state).ConfigureAwait(false);
        return new NicFacts(devid)
        {
            Backend = backend.Result,
            FrontendState = state.Result,
            FrontendBackendId = backendId.Result,
            FrontendMac = mac.Result,
        };
    }

    private async Task<BackendFacts?> ReadBackendAsync(int domid, int devid)
    {
        string nic = XenStorePaths.BackendNic(_options.BackendDomid, domid, devid);

        // libxl writes vifname only for a custom name and mtu only for one other than 1500 (libxl_nic.c).
        Listing listed = await ListChildrenAsync(nic).ConfigureAwait(false);
        Task<string?> mac = ReadListedTextAsync(listed, nic, "mac");
        Task<string?> bridge = ReadListedTextAsync(listed, nic, "bridge", common: true);
        Task<string?> type = ReadListedTextAsync(listed, nic, "type", common: true);
        Task<string?> vifName = ReadListedTextAsync(listed, nic, "vifname");
        Task<string?> script = ReadListedTextAsync(listed, nic, "script", common: true);
        Task<string?> state = ReadListedTextAsync(listed, nic, "state", common: true);
        Task<string?> hotplug = ReadListedTextAsync(listed, nic, "hotplug-status", common: true);
        Task<string?> mtu = ReadListedTextAsync(listed, nic, "mtu", common: true);
        await WhenAll(mac, bridge, type, vifName, script, state, hotplug, mtu).ConfigureAwait(false);
        return new BackendFacts
        {
            Mac = mac.Result,
            Bridge = bridge.Result,
            Type = type.Result,
            VifName = vifName.Result,
            Script = script.Result,
            State = state.Result,
            HotplugStatus = hotplug.Result,
            Mtu = mtu.Result,
        };
    }

    /// <summary>The numeric children of <paramref name="path"/>, sorted, each once (a hostile snapshot
    /// or dump can list a child twice); other children are reported and skipped.</summary>
    private async Task<IReadOnlyList<int>> ListIdsAsync(string path, bool required = false)
    {
        IReadOnlyList<string>? children;
        try
        {
            children = await DirectoryAsync(path).ConfigureAwait(false);
        }
        catch (XenStoreErrorException e) when (!e.IsTransient && !required)
        {
            // The daemon said no for this node only (EACCES in a driver domain, ...); the connection is fine.
            Warn(DiagnosticCodes.Unreadable, $"{path}: cannot list ({e.ErrorName}); treated as empty");
            return [];
        }

        if (children is null || children.Count == 0)
        {
            return [];
        }

        // Sorted, each once; a duplicate is reported where it is listed. A set only for long lists: most
        // are a domain's few NICs (issue 15: one list per domain, tens of thousands of domains).
        var ids = new List<int>(children.Count);
        HashSet<int>? seen = children.Count > 16 ? new HashSet<int>(children.Count) : null;
        foreach (string child in children)
        {
            if (!XenStorePaths.TryParseId(child, out int id))
            {
                Warn(DiagnosticCodes.NotAnId, $"{path}/{child}: '{child}' is not a domain or device id; ignored");
            }
            else if (seen is not null ? !seen.Add(id) : ids.Contains(id))
            {
                Warn(DiagnosticCodes.NotAnId, $"{path}/{child}: listed twice; read once");
            }
            else
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        return [.. ids];
    }

    /// <summary>The children of <paramref name="directory"/> on the live daemon, so that only the keys it
    /// has are read: the daemon answers a read of an absent node at about twice the cost of a present
    /// one (it looks up the parents to choose between ENOENT and EACCES), and a host's NICs mostly lack
    /// vifname and mtu, its domains target and image (issue 15: 40,000 reads of a 1,000-guest host, a
    /// fifth of the daemon's time). A listing costs the daemon what a present read does. A directory
    /// the daemon refuses to list is read key by key (each key's read then reports what it reports).</summary>
    private async Task<Listing> ListChildrenAsync(string directory)
    {
        if (!ListsFirst(_xenStore))
        {
            return Listing.Unknown;
        }

        IReadOnlyList<string>? children;
        try
        {
            children = await DirectoryAsync(directory).ConfigureAwait(false);
        }
        catch (XenStoreErrorException e) when (!e.IsTransient)
        {
            return Listing.Unknown;
        }

        // Gone (ENOENT): every key is absent, as reading each would have found.
        return new Listing(children ?? []);
    }

    /// <summary>One DIRECTORY request, within the limit of requests in flight.</summary>
    private async Task<IReadOnlyList<string>?> DirectoryAsync(string path)
    {
        await _inFlight.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            return await _xenStore.DirectoryAsync(path, _cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>Only the live daemon is listed first: a tree or a dump answers at once; a snapshot holds the
    /// nodes the map read and no listing of them (those taken before listings existed, too); and a
    /// snapshot being taken records only what the map needs, not the names of every child a listing
    /// would add.</summary>
    private static bool ListsFirst(IXenStoreReader reader) => reader is XenStoreConnection or XenStoreTransaction;

    /// <summary>The node <paramref name="key"/> below <paramref name="directory"/>, not asked for when
    /// the listing shows it absent.</summary>
    private Task<string?> ReadListedTextAsync(Listing listed, string directory, string key, bool common = false)
        => listed.Lacks(key) ? s_noText : ReadTextAsync(directory, key, common);

    /// <summary>A directory's children as listed, or unknown (read every key).</summary>
    private readonly struct Listing
    {
        // A set only for a long list (a node of many children is searched for each key read below it).
        private const int SearchedInPlace = 32;

        private readonly IReadOnlyList<string>? _children;
        private readonly HashSet<string>? _set;

        public Listing(IReadOnlyList<string> children)
        {
            _children = children;
            _set = children.Count > SearchedInPlace ? new HashSet<string>(children, StringComparer.Ordinal) : null;
        }

        public static Listing Unknown => default;

        /// <summary>True only when the listing is known and <paramref name="key"/> is not in it.</summary>
        public bool Lacks(string key)
        {
            if (_children is null)
            {
                return false;
            }

            if (_set is not null)
            {
                return !_set.Contains(key);
            }

            foreach (string child in _children)
            {
                if (string.Equals(child, key, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>A node's value as text (null when absent). <paramref name="common"/>: a node whose few
    /// values repeat on every NIC (state, type, bridge, script): read from a tree, each value is one string.</summary>
    private Task<string?> ReadTextAsync(string path, bool common = false)
        => _tree is null ? ReadTextFromReaderAsync(path) : ReadTextFromTree(_tree.TryRead(path, out ReadOnlySpan<byte> value), value, path, null, common);

    /// <summary>As above, for the node <paramref name="key"/> below <paramref name="directory"/>: a tree
    /// finds the directory once for all its keys, and no path is made unless needed.</summary>
    private Task<string?> ReadTextAsync(string directory, string key, bool common = false)
        => _tree is null
            ? ReadTextFromReaderAsync(XenStorePaths.Child(directory, key))
            : ReadTextFromTree(_tree.TryRead(directory, key, out ReadOnlySpan<byte> value), value, directory, key, common);

    private Task<string?> ReadTextFromTree(TreeRead read, ReadOnlySpan<byte> value, string path, string? key, bool common)
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string?>(_cancellationToken);
        }

        return read switch
        {
            TreeRead.Absent => s_noText,
            TreeRead.Value when common && Utf8.IsValid(value) => _common.Get(value),
            TreeRead.Value => Task.FromResult<string?>(Text(key is null ? path : XenStorePaths.Child(path, key), value)),

            // Unreadable: refused as the daemon would refuse it, and reported so, by the reader itself.
            _ => ReadTextFromReaderAsync(key is null ? path : XenStorePaths.Child(path, key)),
        };
    }

    private async Task<string?> ReadTextFromReaderAsync(string path)
    {
        byte[]? value;
        await _inFlight.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            value = await _xenStore.ReadAsync(path, _cancellationToken).ConfigureAwait(false);
        }
        catch (XenStoreErrorException e) when (!e.IsTransient)
        {
            Warn(DiagnosticCodes.Unreadable, $"{path}: cannot read ({e.ErrorName}); treated as absent");
            return null;
        }
        finally
        {
            _inFlight.Release();
        }

        return value is null ? null : Text(path, value);
    }

    private string Text(string path, ReadOnlySpan<byte> value)
    {
        if (!Utf8.IsValid(value))
        {
            Warn(DiagnosticCodes.NotUtf8, $"{path}: value is not UTF-8; invalid bytes shown as U+FFFD");
        }

        return Encoding.UTF8.GetString(value);
    }

    private static XenStoreTree? TreeOf(IXenStoreReader reader) => reader switch
    {
        XenStoreTree tree => tree,
        XenStoreDump dump => dump.Tree,
        _ => null,
    };

    /// <summary>Awaits every task, as <see cref="Task.WhenAll(Task[])"/>; without a task of its own when
    /// all are done already (a tree's reads).</summary>
    private static Task WhenAll(params ReadOnlySpan<Task> tasks)
    {
        foreach (Task t in tasks)
        {
            if (!t.IsCompletedSuccessfully)
            {
                return Task.WhenAll(tasks);
            }
        }

        return Task.CompletedTask;
    }

    private void Warn(string code, string message) => _diagnostics.Warning(code, message, new SourceLocation(_options.Source, 0, 0));

    private static readonly Task<string?> s_noText = Task.FromResult<string?>(null);
    private static readonly Task<IReadOnlyList<int>> s_noIds = Task.FromResult<IReadOnlyList<int>>([]);
    private static readonly Task<BackendFacts?> s_noBackend = Task.FromResult<BackendFacts?>(null);

    /// <summary>Values of the nodes whose values repeat (XenbusState numbers, nic types, bridges, hotplug
    /// scripts): one string, and one finished read, per distinct value, so a 100,000-NIC map does not
    /// hold a million copies of "4". Bounded, since a hostile tree can make every value different.</summary>
    private sealed class CommonValues
    {
        private const int MaxValues = 4096;
        private const int MaxLength = 64;

        private readonly Lock _lock = new();
        private readonly Dictionary<string, Task<string?>> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Task<string?>>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public CommonValues()
        {
            _lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>The value (valid UTF-8) as a finished read.</summary>
        public Task<string?> Get(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length > MaxLength)
            {
                return Task.FromResult<string?>(Encoding.UTF8.GetString(utf8));
            }

            Span<char> text = stackalloc char[MaxLength];
            text = text[..Encoding.UTF8.GetChars(utf8, text)];
            lock (_lock)
            {
                if (_lookup.TryGetValue(text, out Task<string?>? known))
                {
                    return known;
                }

                Task<string?> read = Task.FromResult<string?>(text.ToString());
                if (_values.Count < MaxValues)
                {
                    _lookup[text] = read;
                }

                return read;
            }
        }
    }
}
