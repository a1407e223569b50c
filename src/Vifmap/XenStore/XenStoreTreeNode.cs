namespace Vifmap.XenStore;

/// <summary>One node of a <see cref="XenStoreTree"/>: its full path, value bytes (null unless
/// <see cref="State"/> is <see cref="XenStoreNodeState.Value"/> or
/// <see cref="XenStoreNodeState.TruncatedValue"/>) and child names in the daemon's order.</summary>
/// <remarks>A view of one record of the tree's store, made when asked for: the tree keeps no object
/// per node. The path is built from the node's ancestors' names when asked for, so a path 30,000
/// levels deep (60 KB of dump, issue 9) never stores its ancestors' paths.</remarks>
public sealed class XenStoreTreeNode
{
    private readonly XenStoreTreeStore _store;
    private readonly int _index;
    private string? _path;
    private string[]? _children;

    internal XenStoreTreeNode(XenStoreTreeStore store, int index)
    {
        _store = store;
        _index = index;
    }

    /// <summary>The last path segment; empty for "/".</summary>
    public string Name => _store.NameOf(_index);

    public string Path => _path ??= BuildPath();

    public XenStoreNodeState State => _store.Node(_index).State;

    /// <summary>The raw value (guest-controlled: any bytes, up to 4096); a fresh copy.</summary>
    public byte[]? Value => _store.Value(_index);

    /// <summary>Child leaf names, in the order the daemon listed them.</summary>
    public IReadOnlyList<string> Children => _children ??= _store.ChildNames(_index);

    public bool IsTruncated => State == XenStoreNodeState.TruncatedValue;

    private string BuildPath()
    {
        if (_store.Node(_index).Parent < 0)
        {
            return "/";
        }

        int length = 0;
        for (int n = _index; _store.Node(n).Parent >= 0; n = _store.Node(n).Parent)
        {
            length += 1 + _store.NameOf(n).Length;
        }

        return string.Create(length, (_store, _index), static (span, at) =>
        {
            int end = span.Length;
            for (int n = at._index; at._store.Node(n).Parent >= 0; n = at._store.Node(n).Parent)
            {
                string name = at._store.NameOf(n);
                end -= name.Length;
                name.CopyTo(span[end..]);
                span[--end] = '/';
            }
        });
    }
}
