using Vifmap.Diagnostics;
using Vifmap.XenStore;

namespace Vifmap.Host;

/// <summary>A host to map: a xenstore reader and the kernel's interfaces, from the live host, a dump
/// (<c>xenstore-ls -f</c> + <c>ip -j -s -d link show</c>) or a snapshot. The same builder runs on each.</summary>
public sealed class HostSource : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owned;

    public HostSource(string kind, int backendDomid, IXenStoreReader xenStore, INetLinkSource links, IReadOnlyList<Diagnostic> diagnostics, IAsyncDisposable? owned = null)
    {
        Kind = kind;
        BackendDomid = backendDomid;
        XenStore = xenStore;
        Links = links;
        Diagnostics = diagnostics;
        _owned = owned;
    }

    /// <summary><c>live</c>, <c>dump</c> or <c>snapshot</c>.</summary>
    public string Kind { get; }

    public int BackendDomid { get; }

    public IXenStoreReader XenStore { get; }

    public INetLinkSource Links { get; }

    /// <summary>Findings about the input files (truncated dump values, odd ip-link entries).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public static HostSource FromSnapshot(HostSnapshot snapshot, IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new HostSource("snapshot", snapshot.BackendDomid, snapshot.XenStore, new StaticLinks(snapshot.Links), diagnostics);
    }

    public async Task<HostMap> BuildMapAsync(IReadOnlyList<string> domains, CancellationToken cancellationToken = default)
    {
        // sysfs reads are synchronous syscalls: on their own thread they overlap the daemon's answers.
        Task<IReadOnlyList<NetLink>> links = Task.Run(() => Links.ReadLinksAsync(cancellationToken).AsTask(), cancellationToken);
        var options = new HostMapOptions { BackendDomid = BackendDomid, Domains = domains, Source = Kind };
        return await HostMapBuilder.BuildAsync(XenStore, links, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the map once through a recording reader: the snapshot holds exactly the nodes
    /// the map needs, so it maps identically and carries no unrelated xenstore data.</summary>
    public async Task<HostSnapshot> TakeSnapshotAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<NetLink> links = await Links.ReadLinksAsync(cancellationToken).ConfigureAwait(false);
        (IXenStoreReader reader, RecordedXenStore recording) = RecordedXenStore.Record(XenStore);
        var options = new HostMapOptions { BackendDomid = BackendDomid, Source = Kind };
        _ = await HostMapBuilder.BuildAsync(reader, links, options, cancellationToken).ConfigureAwait(false);
        return new HostSnapshot(BackendDomid, Kind, recording, links);
    }

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;

    private sealed class StaticLinks(IReadOnlyList<NetLink> links) : INetLinkSource
    {
        public ValueTask<IReadOnlyList<NetLink>> ReadLinksAsync(CancellationToken cancellationToken = default)
            => ValueTask.FromResult(links);
    }
}
