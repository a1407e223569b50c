namespace Vifmap.XenStore;

/// <summary>An in-memory copy of part of a xenstore tree: path → value bytes and ordered children.
/// Produced by <see cref="XenStoreDump"/> (from <c>xenstore-ls -f</c>) and by
/// the lab tests' tree copier (from a live reader), so a snapshot looks the same whichever
/// way it was made. Reading it follows <see cref="IXenStoreReader"/>: null for a missing node.
/// Memory is linear in the input and small per node (see <see cref="XenStoreTreeBuilder"/>).</summary>
public sealed class XenStoreTree : IXenStoreReader
{
    private readonly XenStoreTreeStore? _store;

    // Per thread: threads reading their own parts of the tree would otherwise take turns evicting each other's.
    // By number, not reference: a thread's cache must not keep a tree of millions of nodes alive.
    [ThreadStatic]
    private static LastDirectory? t_lastDirectory;
    private static long s_trees;
    private readonly long _id = Interlocked.Increment(ref s_trees);

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

    /// <summary>As <see cref="ReadAsync"/>, at once and without a copy, for the map's own reads of a dump
    /// (millions of them on a big host, issue 15): <see cref="TreeRead.Unreadable"/> is left to
    /// <see cref="ReadAsync"/>, which answers it as the daemon would.</summary>
    internal TreeRead TryRead(string path, out ReadOnlySpan<byte> value) => Read(Find(path), out value);

    /// <summary>As <see cref="TryRead(string, out ReadOnlySpan{byte})"/> for the node <paramref name="key"/>
    /// (a name, or a relative path) below <paramref name="directory"/>: the directory is found once for
    /// all its keys, and no path is made for each.</summary>
    internal TreeRead TryRead(string directory, string key, out ReadOnlySpan<byte> value)
    {
        int parent = FindDirectory(directory);
        return Read(parent < 0 || key.Length == 0 || key[0] == '/' || key[^1] == '/' ? -1 : _store!.Find(key, parent), out value);
    }

    private TreeRead Read(int index, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (index < 0)
        {
            return TreeRead.Absent;
        }

        switch (_store!.Node(index).State)
        {
            case XenStoreNodeState.Unreadable:
                return TreeRead.Unreadable;
            case XenStoreNodeState.Implied:
                return TreeRead.Value;
            default:
                return _store.TryGetValue(index, out value) ? TreeRead.Value : TreeRead.Absent;
        }
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

        ReadOnlySpan<char> relative = path.AsSpan(1).TrimEnd('/');
        int slash = relative.LastIndexOf('/');
        if (slash <= 0 || relative[slash - 1] == '/')
        {
            return _store.Find(relative);
        }

        // The map reads a NIC's nodes one after another (mac, bridge, type, ... of one backend
        // directory): their parent is looked up once, not walked from "/" for each (issue 15).
        int parent = FindDirectory(path.AsSpan(0, slash + 1), path);
        return parent < 0 ? -1 : _store.FindChild(parent, relative[(slash + 1)..]);
    }

    private int FindDirectory(string path) => _store is null || path.Length == 0 || path[0] != '/' || path[^1] == '/' ? -1 : FindDirectory(path.AsSpan(), path);

    /// <summary>The node at <paramref name="directory"/> (absolute, no trailing slash), remembered for the
    /// reads that follow; <paramref name="owner"/> is a string that starts with it.</summary>
    private int FindDirectory(ReadOnlySpan<char> directory, string owner)
    {
        LastDirectory? last = t_lastDirectory;
        if (last is not null && last.Tree == _id && directory.SequenceEqual(last.Path.AsSpan(0, last.Length)))
        {
            return last.Node;
        }

        int node = _store!.Find(directory[1..]);
        if (node >= 0)
        {
            t_lastDirectory = new LastDirectory(_id, owner, directory.Length, node);
        }

        return node;
    }

    /// <summary>The directory a thread read last, in <see cref="Tree"/>: its path is the first
    /// <see cref="Length"/> characters of <see cref="Path"/>.</summary>
    private sealed record LastDirectory(long Tree, string Path, int Length, int Node);
}

/// <summary>What <see cref="XenStoreTree.TryRead(string, out ReadOnlySpan{byte})"/> found.</summary>
internal enum TreeRead
{
    Absent,
    Value,
    Unreadable,
}
