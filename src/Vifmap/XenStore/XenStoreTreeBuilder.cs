namespace Vifmap.XenStore;

/// <summary>Collects nodes into a <see cref="XenStoreTree"/>. A node added below a path that is not
/// there yet creates the missing ancestors as <see cref="XenStoreNodeState.Implied"/>; children are
/// kept in the order they are first added.</summary>
/// <remarks>The nodes form a tree of names (a trie), walked segment by segment: adding a path costs
/// its length and stores only its new segments, so a hostile dump's path 30,000 levels deep costs
/// memory in proportion to its 60 KB (issue 9 item 6), not to the sum of its ancestors' paths.</remarks>
public sealed class XenStoreTreeBuilder
{
    private Entry? _root;

    public int Count { get; private set; }

    public bool Contains(string path) => IsValidPath(path) && Find(path) is not null;

    /// <summary>Adds (or, for an implied node, completes) a node. Returns false when the path is not
    /// an absolute xenstore path or already has a value.</summary>
    public bool Add(string path, XenStoreNodeState state, byte[]? value)
    {
        if (!IsValidPath(path))
        {
            return false;
        }

        bool created = false;
        if (_root is null)
        {
            _root = new Entry(string.Empty, XenStoreNodeState.Implied);
            Count++;
            created = true;
        }

        Entry current = _root;
        ReadOnlySpan<char> rest = path.AsSpan(1);
        while (!rest.IsEmpty)
        {
            int slash = rest.IndexOf('/');
            ReadOnlySpan<char> name = slash < 0 ? rest : rest[..slash];
            if (current.Lookup.TryGetValue(name, out Entry? child))
            {
                created = false;
            }
            else
            {
                // Ancestors missing from the input exist in the store all the same (xenstore-ls does
                // not print the path it was given): they become implied nodes, up to "/".
                child = new Entry(name.ToString(), XenStoreNodeState.Implied);
                current.Children.Add(child.Name);
                current.ByName.Add(child.Name, child);
                Count++;
                created = true;
            }

            current = child;
            rest = slash < 0 ? default : rest[(slash + 1)..];
        }

        if (!created && current.State != XenStoreNodeState.Implied)
        {
            return false;
        }

        current.State = state;
        current.Value = value;
        return true;
    }

    public XenStoreTree Build()
    {
        if (_root is null)
        {
            return XenStoreTree.Empty;
        }

        // Iterative: a recursive walk would overflow the stack on a hostile depth.
        XenStoreTreeNode root = Freeze(null, _root, out Dictionary<string, XenStoreTreeNode> rootChildren);
        var stack = new Stack<(Entry Entry, XenStoreTreeNode Node, Dictionary<string, XenStoreTreeNode> ChildNodes)>();
        stack.Push((_root, root, rootChildren));
        while (stack.Count > 0)
        {
            (Entry entry, XenStoreTreeNode node, Dictionary<string, XenStoreTreeNode> childNodes) = stack.Pop();
            foreach (string name in entry.Children)
            {
                Entry childEntry = entry.ByName[name];
                XenStoreTreeNode child = Freeze(node, childEntry, out Dictionary<string, XenStoreTreeNode> grandChildren);
                childNodes.Add(name, child);
                stack.Push((childEntry, child, grandChildren));
            }
        }

        return new XenStoreTree(root, Count);
    }

    internal static string Combine(string parent, string child) => parent == "/" ? "/" + child : parent + "/" + child;

    /// <summary>Absolute, no empty segment, no trailing slash (except "/" itself) — the shape the
    /// daemon accepts (Xen 4.17 <c>is_valid_nodename</c>); characters are not restricted here
    /// because a dump may come from any daemon version.</summary>
    public static bool IsValidPath(string path)
        => path.Length > 0 && path[0] == '/' && (path.Length == 1 || (!path.EndsWith('/') && !path.Contains("//", StringComparison.Ordinal)));

    private static XenStoreTreeNode Freeze(XenStoreTreeNode? parent, Entry entry, out Dictionary<string, XenStoreTreeNode> childNodes)
    {
        childNodes = new Dictionary<string, XenStoreTreeNode>(entry.Children.Count, StringComparer.Ordinal);
        return new XenStoreTreeNode(parent, entry.Name, entry.State, entry.Value, [.. entry.Children], childNodes);
    }

    private Entry? Find(string path)
    {
        Entry? current = _root;
        ReadOnlySpan<char> rest = path.AsSpan(1);
        while (current is not null && !rest.IsEmpty)
        {
            int slash = rest.IndexOf('/');
            current = current.Lookup.TryGetValue(slash < 0 ? rest : rest[..slash], out Entry? child) ? child : null;
            rest = slash < 0 ? default : rest[(slash + 1)..];
        }

        return current;
    }

    private sealed class Entry
    {
        public Entry(string name, XenStoreNodeState state)
        {
            Name = name;
            State = state;
            Lookup = ByName.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public string Name { get; }

        public XenStoreNodeState State { get; set; }

        public byte[]? Value { get; set; }

        public List<string> Children { get; } = [];

        public Dictionary<string, Entry> ByName { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }
    }
}
