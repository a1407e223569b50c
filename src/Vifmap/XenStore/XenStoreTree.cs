namespace Vifmap.XenStore;

/// <summary>An in-memory copy of part of a xenstore tree: path → value bytes and ordered children.
/// Produced by <see cref="XenStoreDumpReader"/> (from <c>xenstore-ls -f</c>) and by
/// <see cref="XenStoreTreeCopier"/> (from a live reader), so a snapshot looks the same whichever
/// way it was made. Reading it follows <see cref="IXenStoreReader"/>: null for a missing node.</summary>
public sealed class XenStoreTree : IXenStoreReader
{
    private readonly Dictionary<string, XenStoreTreeNode> _nodes;

    internal XenStoreTree(Dictionary<string, XenStoreTreeNode> nodes)
    {
        _nodes = nodes;
    }

    /// <summary>An empty tree.</summary>
    public static XenStoreTree Empty { get; } = new([]);

    public int Count => _nodes.Count;

    public bool TryGetNode(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out XenStoreTreeNode? node)
        => _nodes.TryGetValue(Normalize(path), out node);

    /// <summary>Every node, depth-first in child order from "/" (the order of
    /// <c>xenstore-ls -f</c>), "/" and implied ancestors included.</summary>
    public IEnumerable<XenStoreTreeNode> EnumerateDepthFirst()
    {
        var stack = new Stack<XenStoreTreeNode>();
        if (_nodes.TryGetValue("/", out XenStoreTreeNode? root))
        {
            stack.Push(root);
        }

        while (stack.Count > 0)
        {
            XenStoreTreeNode node = stack.Pop();
            yield return node;
            for (int i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push(_nodes[XenStoreTreeBuilder.Combine(node.Path, node.Children[i])]);
            }
        }
    }

    /// <summary>The value; null when the node is absent. An unreadable node throws EACCES as the
    /// daemon would; a truncated node returns the known prefix (check <see cref="XenStoreTreeNode.IsTruncated"/>).</summary>
    public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!TryGetNode(path, out XenStoreTreeNode? node))
        {
            return ValueTask.FromResult<byte[]?>(null);
        }

        return node.State switch
        {
            XenStoreNodeState.Unreadable => ValueTask.FromException<byte[]?>(
                XenStoreErrors.DaemonError(XenStoreErrorNames.EACCES, Wire.XsRequestType.Read, node.Path)),
            XenStoreNodeState.Implied => ValueTask.FromResult<byte[]?>([]),
            _ => ValueTask.FromResult(node.Value),
        };
    }

    public ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(TryGetNode(path, out XenStoreTreeNode? node) ? node.Children : null);

    private static string Normalize(string path) => path.Length > 1 && path.EndsWith('/') ? path.TrimEnd('/') : path;
}
