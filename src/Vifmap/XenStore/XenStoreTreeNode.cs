namespace Vifmap.XenStore;

/// <summary>One node of a <see cref="XenStoreTree"/>: its full path, value bytes (null unless
/// <see cref="State"/> is <see cref="XenStoreNodeState.Value"/> or
/// <see cref="XenStoreNodeState.TruncatedValue"/>) and child names in the daemon's order.</summary>
/// <remarks>A node keeps its own name and its parent, not its full path: a path 30,000 levels deep
/// (60 KB of dump, issue 9) would otherwise store 30,000 ancestor paths, quadratic in depth. The
/// path is built when asked for.</remarks>
public sealed class XenStoreTreeNode
{
    private readonly XenStoreTreeNode? _parent;
    private readonly Dictionary<string, XenStoreTreeNode> _childNodes;
    private string? _path;

    internal XenStoreTreeNode(XenStoreTreeNode? parent, string name, XenStoreNodeState state, byte[]? value, string[] children, Dictionary<string, XenStoreTreeNode> childNodes)
    {
        _parent = parent;
        Name = name;
        State = state;
        Value = value;
        Children = children;
        _childNodes = childNodes;
    }

    /// <summary>The last path segment; empty for "/".</summary>
    public string Name { get; }

    public string Path => _path ??= BuildPath();

    public XenStoreNodeState State { get; }

    /// <summary>The raw value (guest-controlled: any bytes, up to 4096).</summary>
    public byte[]? Value { get; }

    /// <summary>Child leaf names, in the order the daemon listed them.</summary>
    public IReadOnlyList<string> Children { get; }

    public bool IsTruncated => State == XenStoreNodeState.TruncatedValue;

    internal bool TryGetChild(ReadOnlySpan<char> name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out XenStoreTreeNode? child)
        => _childNodes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out child);

    internal XenStoreTreeNode Child(string name) => _childNodes[name];

    private string BuildPath()
    {
        if (_parent is null)
        {
            return "/";
        }

        int length = 0;
        for (XenStoreTreeNode? n = this; n._parent is not null; n = n._parent)
        {
            length += 1 + n.Name.Length;
        }

        return string.Create(length, this, static (span, node) =>
        {
            int end = span.Length;
            for (XenStoreTreeNode? n = node; n._parent is not null; n = n._parent)
            {
                end -= n.Name.Length;
                n.Name.CopyTo(span[end..]);
                span[--end] = '/';
            }
        });
    }
}
