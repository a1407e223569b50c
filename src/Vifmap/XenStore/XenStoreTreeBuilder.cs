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

    // The last path added, where each of its segments ends and the node there: xenstore-ls prints a
    // tree depth-first, so a line shares most of its path with the line before, and only what differs
    // is walked (a dump of 100,000 NICs has millions of lines, issue 15).
    private char[] _lastPath = new char[256];
    private int _lastLength;
    private int[] _lastEnds = new int[32];
    private int[] _lastNodes = new int[32];
    private int _lastSegments;

    public int Count => _store.Count;

    public bool Contains(string path) => IsValidPath(path) && _store.Count > 0 && _store.Find(path.AsSpan(1)) >= 0;

    /// <summary>Adds (or, for an implied node, completes) a node. Returns false when the path is not
    /// an absolute xenstore path or already has a value.</summary>
    public bool Add(string path, XenStoreNodeState state, byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsValidPath(path) && AddValid(path.AsSpan(), state, value, value is not null);
    }

    /// <summary>As <see cref="Add(string, XenStoreNodeState, byte[])"/> for a path known to be valid
    /// (<see cref="IsValidPath(ReadOnlySpan{char})"/>), without a string or array per node (the dump
    /// parser's path: millions of lines). False when the node already has a value.</summary>
    internal bool AddValid(ReadOnlySpan<char> path, XenStoreNodeState state, ReadOnlySpan<byte> value, bool hasValue)
    {
        bool created = false;
        if (_store.Count == 0)
        {
            _store.AddNode(-1, default, -1);
            created = true;
        }

        // Start below the longest run of whole segments this path shares with the last one.
        int segments = SharedSegments(path);
        int at = segments > 0 ? _lastEnds[segments - 1] : path.Length == 1 ? 1 : 0; // "/" is the root itself
        int current = segments == 0 ? 0 : _lastNodes[segments - 1];
        if (at < path.Length)
        {
            created = false;
        }

        while (at < path.Length)
        {
            int start = at + 1;
            int slash = path[start..].IndexOf('/');
            int end = slash < 0 ? path.Length : start + slash;
            ReadOnlySpan<char> name = path[start..end];

            // Below a node made just now there is nothing to look for; a name never seen is no child.
            int id = _store.NameId(name);
            int child = created || id < 0 ? -1 : _store.FindChild(current, id);
            if (child >= 0)
            {
                created = false;
            }
            else
            {
                // Ancestors missing from the input exist in the store all the same (xenstore-ls does
                // not print the path it was given): they become implied nodes, up to "/".
                child = _store.AddNode(current, name, id);
                created = true;
            }

            current = child;
            Remember(segments++, end, child);
            at = end;
        }

        RememberPath(path, segments);
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

    /// <summary>How many leading segments <paramref name="path"/> has in common with the last path added.</summary>
    private int SharedSegments(ReadOnlySpan<char> path)
    {
        ReadOnlySpan<char> last = _lastPath.AsSpan(0, _lastLength);
        int common = path.CommonPrefixLength(last);
        int segments = 0;

        // A segment is shared when it ends at the same place in both paths, within their common prefix.
        while (segments < _lastSegments && _lastEnds[segments] <= common)
        {
            int end = _lastEnds[segments];
            if (end < path.Length && path[end] != '/')
            {
                break;
            }

            segments++;
        }

        return segments;
    }

    private void Remember(int segment, int end, int node)
    {
        if (segment == _lastNodes.Length)
        {
            Array.Resize(ref _lastNodes, segment * 2);
            Array.Resize(ref _lastEnds, segment * 2);
        }

        _lastEnds[segment] = end;
        _lastNodes[segment] = node;
    }

    private void RememberPath(ReadOnlySpan<char> path, int segments)
    {
        if (path.Length > _lastPath.Length)
        {
            _lastPath = new char[Math.Max(path.Length, _lastPath.Length * 2)];
        }

        path.CopyTo(_lastPath);
        _lastLength = path.Length;
        _lastSegments = segments;
    }
}
