namespace Vifmap.XenStore;

/// <summary>Read-only view of a xenstore tree: the live daemon, a <c>xenstore-ls -f</c> dump or a
/// snapshot. Values are raw bytes because a guest controls parts of the tree (treat them as hostile).
/// Implementations allow many calls in flight at once.</summary>
public interface IXenStoreReader
{
    /// <summary>The node's value, or null when the node does not exist (or vanished).</summary>
    ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The node's children, or null when the node does not exist (or vanished).</summary>
    ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default);
}
