namespace Vifmap.XenStore;

/// <summary>An in-memory copy of part of a xenstore tree: path → value bytes and ordered children.
/// Produced by <see cref="XenStoreDump"/> (from <c>xenstore-ls -f</c>) and by
/// the lab tests' tree copier (from a live reader), so a snapshot looks the same whichever
/// way it was made. Reading it follows <see cref="IXenStoreReader"/>: null for a missing node.
/// Memory is linear in the input and small per node (see <see cref="XenStoreTreeBuilder"/>).</summary>
public sealed class XenStoreTree : IXenStoreReader
{
    private readonly XenStoreTreeStore? _store;

    internal XenStoreTree(XenStoreTreeStore? store)
    {
        _store = store;
    }

    /// <summary>An empty tree.</summary>
    public static XenStoreTree Empty { get; } = new(null);

    public int Count => _store?.Count ?? 0;

    /// <summary>The node at an absolute path (a trailing slash is ignored); false for a missing node
    /// or a path that is not absolute.</summary>
    public bool TryGetNode(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out XenStoreTreeNode? node)
    {
        ArgumentNullException.ThrowIfNull(path);
        int index = Find(path);
        node = index < 0 ? null : new XenStoreTreeNode(_store!, index);
        return node is not null;
    }

    /// <summary>Every node, depth-first in child order from "/" (the order of
    /// <c>xenstore-ls -f</c>), "/" and implied ancestors included.</summary>
    public IEnumerable<XenStoreTreeNode> EnumerateDepthFirst()
    {
        if (_store is null)
        {
            yield break;
        }

        // Pre-order over first-child / next-sibling links: no stack, whatever the depth.
        int node = 0;
        while (node >= 0)
        {
            yield return new XenStoreTreeNode(_store, node);
            XenStoreTreeStore.NodeRecord record = _store.Node(node);
            if (record.FirstChild >= 0)
            {
                node = record.FirstChild;
                continue;
            }

            while (node >= 0 && _store.Node(node).NextSibling < 0)
            {
                node = _store.Node(node).Parent;
            }

            node = node < 0 ? -1 : _store.Node(node).NextSibling;
        }
    }

    /// <summary>The value; null when the node is absent. An unreadable node throws EACCES as the
    /// daemon would; a truncated node returns the known prefix (check <see cref="XenStoreTreeNode.IsTruncated"/>).</summary>
    public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        int index = Find(path);
        if (index < 0)
        {
            return ValueTask.FromResult<byte[]?>(null);
        }

        return _store!.Node(index).State switch
        {
            XenStoreNodeState.Unreadable => ValueTask.FromException<byte[]?>(
                XenStoreErrors.DaemonError(XenStoreErrorNames.EACCES, Wire.XsRequestType.Read, new XenStoreTreeNode(_store, index).Path)),
            XenStoreNodeState.Implied => ValueTask.FromResult<byte[]?>([]),
            _ => ValueTask.FromResult(_store.Value(index)),
        };
    }

    public ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        int index = Find(path);
        return ValueTask.FromResult<IReadOnlyList<string>?>(index < 0 ? null : _store!.ChildNames(index));
    }

    private int Find(string path)
    {
        if (_store is null || path.Length == 0 || path[0] != '/')
        {
            return -1;
        }

        return _store.Find(path.AsSpan(1).TrimEnd('/'));
    }
}
