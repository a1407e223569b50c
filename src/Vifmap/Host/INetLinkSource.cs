namespace Vifmap.Host;

/// <summary>Where the map builder gets the kernel's interfaces: the live <c>/sys/class/net</c>, a
/// parsed <c>ip -j -s -d link show</c>, or a snapshot. The same builder code runs on each.</summary>
public interface INetLinkSource
{
    /// <summary>Every interface the source knows, in the source's order.</summary>
    ValueTask<IReadOnlyList<NetLink>> ReadLinksAsync(CancellationToken cancellationToken = default);
}
