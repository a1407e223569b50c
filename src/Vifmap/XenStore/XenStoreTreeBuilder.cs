namespace Vifmap.XenStore;

/// <summary>Collects nodes into a <see cref="XenStoreTree"/>. A node added below a path that is not
/// there yet creates the missing ancestors as <see cref="XenStoreNodeState.Implied"/>; children are
/// kept in the order they are first added.</summary>
public sealed class XenStoreTreeBuilder
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public bool Contains(string path) => _entries.ContainsKey(path);

    /// <summary>Adds (or, for an implied node, completes) a node. Returns false when the path is not
    /// an absolute xenstore path or already has a value.</summary>
    public bool Add(string path, XenStoreNodeState state, byte[]? value)
    {
        if (!IsValidPath(path))
        {
            return false;
        }

        if (_entries.TryGetValue(path, out Entry? existing))
        {
            if (existing.State != XenStoreNodeState.Implied)
            {
                return false;
            }

            existing.State = state;
            existing.Value = value;
            return true;
        }

        Insert(path, state, value);
        return true;
    }

    public XenStoreTree Build()
    {
        var nodes = new Dictionary<string, XenStoreTreeNode>(_entries.Count, StringComparer.Ordinal);
        foreach ((string path, Entry entry) in _entries)
        {
            nodes.Add(path, new XenStoreTreeNode(path, entry.State, entry.Value, entry.Children.ToArray()));
        }

        return new XenStoreTree(nodes);
    }

    internal static string Combine(string parent, string child) => parent == "/" ? "/" + child : parent + "/" + child;

    /// <summary>Absolute, no empty segment, no trailing slash (except "/" itself) — the shape the
    /// daemon accepts (Xen 4.17 <c>is_valid_nodename</c>); characters are not restricted here
    /// because a dump may come from any daemon version.</summary>
    public static bool IsValidPath(string path)
        => path.Length > 0 && path[0] == '/' && (path.Length == 1 || (!path.EndsWith('/') && !path.Contains("//", StringComparison.Ordinal)));

    private Entry Insert(string path, XenStoreNodeState state, byte[]? value)
    {
        var entry = new Entry { State = state, Value = value };
        _entries.Add(path, entry);
        if (path == "/")
        {
            return entry;
        }

        // Ancestors missing from the input exist in the store all the same (xenstore-ls does not
        // print the path it was given): they become implied nodes, up to "/".
        int slash = path.LastIndexOf('/');
        string parent = slash == 0 ? "/" : path[..slash];
        if (!_entries.TryGetValue(parent, out Entry? parentEntry))
        {
            parentEntry = Insert(parent, XenStoreNodeState.Implied, null);
        }

        string name = path[(slash + 1)..];
        if (parentEntry.ChildSet.Add(name))
        {
            parentEntry.Children.Add(name);
        }

        return entry;
    }

    private sealed class Entry
    {
        public XenStoreNodeState State { get; set; }

        public byte[]? Value { get; set; }

        public List<string> Children { get; } = [];

        public HashSet<string> ChildSet { get; } = new(StringComparer.Ordinal);
    }
}
