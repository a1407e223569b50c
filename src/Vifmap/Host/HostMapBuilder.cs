using Vifmap.XenStore;

namespace Vifmap.Host;

/// <summary>A whole map in one call: <see cref="HostFactsReader"/> reads the facts while the
/// interfaces are still being read, then <see cref="HostMapResolver"/> resolves them.</summary>
public static class HostMapBuilder
{
    public static Task<HostMap> BuildAsync(
        IXenStoreReader xenStore,
        IReadOnlyList<NetLink> links,
        HostMapOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        return BuildAsync(xenStore, Task.FromResult(links), options, cancellationToken);
    }

    /// <summary>As above, with the interfaces still being read: sysfs is read while xenstore answers.</summary>
    public static async Task<HostMap> BuildAsync(
        IXenStoreReader xenStore,
        Task<IReadOnlyList<NetLink>> links,
        HostMapOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        HostFacts facts = await HostFactsReader.ReadAsync(xenStore, options, cancellationToken).ConfigureAwait(false);
        return HostMapResolver.Resolve(facts, await links.ConfigureAwait(false), options);
    }
}
