using Vifmap.Diagnostics;
using Vifmap.Naming;
using Vifmap.XenStore;

namespace Vifmap.Host;

/// <summary>A host to map: a xenstore reader and the kernel's interfaces, from the live host, a dump
/// (<c>xenstore-ls -f</c> + <c>ip -j -s -d link show</c>) or a snapshot. The same reader and resolver
/// run on each; on the live daemon every read of one map happens in one read-only transaction.</summary>
public sealed class HostSource : IAsyncDisposable
{
    private readonly XenStoreConnection? _connection;

    private HostSource(string kind, int backendDomid, IXenStoreReader xenStore, INetLinkSource links, IReadOnlyList<Diagnostic> diagnostics, XenStoreConnection? connection)
    {
        Kind = kind;
        BackendDomid = backendDomid;
        XenStore = xenStore;
        Links = links;
        Diagnostics = diagnostics;
        _connection = connection;
    }

    /// <summary><c>live</c>, <c>dump</c> or <c>snapshot</c>.</summary>
    public string Kind { get; }

    public int BackendDomid { get; }

    public IXenStoreReader XenStore { get; }

    public INetLinkSource Links { get; }

    /// <summary>The host's Xen release and where it was read; known on a live host only.</summary>
    public (XenVersion Version, string From)? Xen { get; private init; }

    /// <summary>Findings about the input files (truncated dump values, odd ip-link entries).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The live daemon (the source owns and closes the connection) and the kernel's interfaces.</summary>
    public static HostSource Live(XenStoreConnection connection, INetLinkSource links, int backendDomid, (XenVersion Version, string From)? xen = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new HostSource("live", backendDomid, connection, links, [], connection) { Xen = xen };
    }

    /// <summary>A parsed <c>xenstore-ls -f</c> dump and <c>ip -j -s -d link show</c>.</summary>
    public static HostSource FromDump(XenStoreDump dump, IpLinkParseResult links, int backendDomid)
    {
        ArgumentNullException.ThrowIfNull(dump);
        ArgumentNullException.ThrowIfNull(links);
        return new HostSource("dump", backendDomid, dump, links, [.. dump.Diagnostics, .. links.Diagnostics], null);
    }

    /// <summary>Any other reader and interface source (tests, tools): no transaction, nothing owned.</summary>
    public static HostSource FromReader(string kind, int backendDomid, IXenStoreReader xenStore, INetLinkSource links)
        => new(kind, backendDomid, xenStore, links, [], null);

    public static HostSource FromSnapshot(HostSnapshot snapshot, IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new HostSource("snapshot", snapshot.BackendDomid, snapshot.XenStore, new StaticLinks(snapshot.Links), diagnostics, null);
    }

    /// <summary>The facts of this backend domain: on the live daemon read outside transactions under a
    /// watch, and what changed meanwhile read again in read-only transactions (<see cref="WatchGuardedRead"/>).</summary>
    public Task<HostFacts> ReadFactsAsync(HostMapOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _connection is not null
            ? WatchGuardedRead.ReadAsync(_connection, options, cancellationToken)
            : HostFactsReader.ReadAsync(XenStore, options, cancellationToken);
    }

    public async Task<HostMap> BuildMapAsync(IReadOnlyList<string> domains, CancellationToken cancellationToken = default)
    {
        // sysfs reads are synchronous syscalls: on their own thread they overlap the daemon's answers.
        Task<IReadOnlyList<NetLink>> links = Task.Run(() => Links.ReadLinksAsync(cancellationToken).AsTask(), cancellationToken);
        var options = new HostMapOptions { BackendDomid = BackendDomid, Domains = domains, Source = Kind };
        HostFacts facts = await ReadFactsAsync(options, cancellationToken).ConfigureAwait(false);
        HostMap map = HostMapResolver.Resolve(facts, await links.ConfigureAwait(false), options) with { Xen = Xen };

        // Findings about the input files (a truncated dump value: VM491) travel with the map's own.
        return Diagnostics.Count == 0 ? map : map with { Diagnostics = [.. Diagnostics, .. map.Diagnostics] };
    }

    /// <summary>Reads the facts once through a recording reader: the snapshot holds exactly the nodes
    /// the map needs, so it maps identically and carries no unrelated xenstore data.</summary>
    public async Task<HostSnapshot> TakeSnapshotAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<NetLink> links = await Links.ReadLinksAsync(cancellationToken).ConfigureAwait(false);
        var options = new HostMapOptions { BackendDomid = BackendDomid, Source = Kind };
        var recording = new RecordedXenStore();
        _ = _connection is not null
            ? await HostFactsReader.ReadAsync(new XenStoreTransactionScope(_connection, recording), options, cancellationToken).ConfigureAwait(false)
            : await HostFactsReader.ReadAsync(recording.RecordFrom(XenStore), options, cancellationToken).ConfigureAwait(false);
        return new HostSnapshot(BackendDomid, Kind, recording, links);
    }

    public ValueTask DisposeAsync()
    {
        (Links as IDisposable)?.Dispose();
        return _connection?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private sealed class StaticLinks(IReadOnlyList<NetLink> links) : INetLinkSource
    {
        public ValueTask<IReadOnlyList<NetLink>> ReadLinksAsync(CancellationToken cancellationToken = default)
            => ValueTask.FromResult(links);
    }

}
