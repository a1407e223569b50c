namespace Vifmap.XenStore;

/// <summary>One node of a <see cref="XenStoreTree"/>: its full path, value bytes (null unless
/// <see cref="State"/> is <see cref="XenStoreNodeState.Value"/> or
/// <see cref="XenStoreNodeState.TruncatedValue"/>) and child names in the daemon's order.</summary>
public sealed class XenStoreTreeNode
{
    internal XenStoreTreeNode(string path, XenStoreNodeState state, byte[]? value, IReadOnlyList<string> children)
    {
        Path = path;
        State = state;
        Value = value;
        Children = children;
    }

    public string Path { get; }

    public XenStoreNodeState State { get; }

    /// <summary>The raw value (guest-controlled: any bytes, up to 4096).</summary>
    public byte[]? Value { get; }

    /// <summary>Child leaf names, in the order the daemon listed them.</summary>
    public IReadOnlyList<string> Children { get; }

    public bool IsTruncated => State == XenStoreNodeState.TruncatedValue;
}
