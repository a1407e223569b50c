namespace Vifmap.XenStore;

/// <summary>An in-memory copy of part of a xenstore tree: path → value bytes and ordered children.
/// Produced by <see cref="XenStoreDump"/> (from <c>xenstore-ls -f</c>) and by
/// the lab tests' tree copier (from a live reader), so a snapshot looks the same whichever
/// way it was made. Reading it follows <see cref="IXenStoreReader"/>: null for a missing node.
/// Memory is linear in the input: nodes hold their name, not their path (see <see cref="XenStoreTreeNode"/>).</summary>
public sealed class XenStoreTree : IXenStoreReader
{
    private readonly XenStoreTreeNode? _root;

    internal XenStoreTree(XenStoreTreeNode? root, int count)
    {
        _root = root;
        Count = count;
    }

    /// <summary>An empty tree.</summary>
    public static XenStoreTree Empty { get; } = new(null, 0);

    public int Count { get; }

    /// <summary>The node at an absolute path (a trailing slash is ignored); false for a missing node
    /// or a path that is not absolute.</summary>
    public bool TryGetNode(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out XenStoreTreeNode? node)
    {
        ArgumentNullException.ThrowIfNull(path);
        node = null;
        if (_root is null || path.Length == 0 || path[0] != '/')
        {
            return false;
        }

        ReadOnlySpan<char> rest = path.AsSpan(1).TrimEnd('/');
        XenStoreTreeNode current = _root;
        while (!rest.IsEmpty)
        {
            int slash = rest.IndexOf('/');
            ReadOnlySpan<char> name = slash < 0 ? rest : rest[..slash];
            if (!current.TryGetChild(name, out XenStoreTreeNode? child))
            {
                return false;
            }

            current = child;
            rest = slash < 0 ? default : rest[(slash + 1)..];
        }

        node = current;
        return true;
    }

    /// <summary>Every node, depth-first in child order from "/" (the order of
    /// <c>xenstore-ls -f</c>), "/" and implied ancestors included.</summary>
    public IEnumerable<XenStoreTreeNode> EnumerateDepthFirst()
    {
        var stack = new Stack<XenStoreTreeNode>();
        if (_root is not null)
        {
            stack.Push(_root);
        }

        while (stack.Count > 0)
        {
            XenStoreTreeNode node = stack.Pop();
            yield return node;
            for (int i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push(node.Child(node.Children[i]));
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
}
