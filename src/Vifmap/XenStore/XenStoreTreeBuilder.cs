namespace Vifmap.XenStore;

/// <summary>Collects nodes into a <see cref="XenStoreTree"/>. A node added below a path that is not
/// there yet creates the missing ancestors as <see cref="XenStoreNodeState.Implied"/>; children are
/// kept in the order they are first added.</summary>
/// <remarks>The nodes form a tree of names (a trie), walked segment by segment: adding a path costs
/// its length and stores only its new segments, so a hostile dump's path 30,000 levels deep costs
/// memory in proportion to its 60 KB (issue 9 item 6), not to the sum of its ancestors' paths.
/// A dump of 100,000 NICs has millions of nodes (issue 15): each is one record in one array (no object,
/// no dictionary of its own), values sit end to end in one byte array, and names are interned (the same
/// few dozen repeat under every NIC). Children are a linked list in insertion order; only a node with
/// many children (<c>/local/domain</c> of a big host) gets a name index, so every lookup stays O(1).</remarks>
public sealed class XenStoreTreeBuilder
{
    private readonly XenStoreTreeStore _store = new();
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;

    public XenStoreTreeBuilder()
    {
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _store.Count;

    public bool Contains(string path) => IsValidPath(path) && _store.Count > 0 && _store.Find(path.AsSpan(1)) >= 0;

    /// <summary>Adds (or, for an implied node, completes) a node. Returns false when the path is not
    /// an absolute xenstore path or already has a value.</summary>
    public bool Add(string path, XenStoreNodeState state, byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Add(path.AsSpan(), state, value, value is not null);
    }

    /// <summary>As <see cref="Add(string, XenStoreNodeState, byte[])"/>, without a string or array per node
    /// (the dump parser's path: millions of lines).</summary>
    internal bool Add(ReadOnlySpan<char> path, XenStoreNodeState state, ReadOnlySpan<byte> value, bool hasValue)
    {
        if (!IsValidPath(path))
        {
            return false;
        }

        bool created = false;
        if (_store.Count == 0)
        {
            _store.AddNode(-1, string.Empty);
            created = true;
        }

        int current = 0;
        ReadOnlySpan<char> rest = path[1..];
        while (!rest.IsEmpty)
        {
            int slash = rest.IndexOf('/');
            ReadOnlySpan<char> name = slash < 0 ? rest : rest[..slash];
            int child = _store.FindChild(current, name);
            if (child >= 0)
            {
                created = false;
            }
            else
            {
                // Ancestors missing from the input exist in the store all the same (xenstore-ls does
                // not print the path it was given): they become implied nodes, up to "/".
                child = _store.AddNode(current, Intern(name));
                created = true;
            }

            current = child;
            rest = slash < 0 ? default : rest[(slash + 1)..];
        }

        if (!created && _store.Node(current).State != XenStoreNodeState.Implied)
        {
            return false;
        }

        _store.SetValue(current, state, value, hasValue);
        return true;
    }

    /// <summary>The tree as it stands; the builder must not be used afterwards.</summary>
    public XenStoreTree Build() => _store.Count == 0 ? XenStoreTree.Empty : new XenStoreTree(_store.Seal());

    internal static string Combine(string parent, string child) => parent == "/" ? "/" + child : parent + "/" + child;

    /// <summary>Absolute, no empty segment, no trailing slash (except "/" itself) — the shape the
    /// daemon accepts (Xen 4.17 <c>is_valid_nodename</c>); characters are not restricted here
    /// because a dump may come from any daemon version.</summary>
    public static bool IsValidPath(string path) => path is not null && IsValidPath(path.AsSpan());

    internal static bool IsValidPath(ReadOnlySpan<char> path)
        => path.Length > 0 && path[0] == '/' && (path.Length == 1 || (path[^1] != '/' && path.IndexOf("//") < 0));

    private string Intern(ReadOnlySpan<char> name)
    {
        if (_nameLookup.TryGetValue(name, out string? known))
        {
            return known;
        }

        string text = name.ToString();
        _names.Add(text, text);
        return text;
    }
}
