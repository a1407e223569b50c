namespace Vifmap.XenStore;

/// <summary>What is known about a node's value in a <see cref="XenStoreTree"/>.</summary>
public enum XenStoreNodeState
{
    /// <summary>The value is complete.</summary>
    Value,

    /// <summary>Only a prefix of the value is known: <c>xenstore-ls</c> cut the line (it does so even
    /// with <c>-f</c> when its stdout is a terminal, printing <c>\...</c> at the cut).</summary>
    TruncatedValue,

    /// <summary>The node exists but its value could not be read (<c>xenstore-ls</c> printed
    /// <c>path:</c>; live, the daemon answered EACCES).</summary>
    Unreadable,

    /// <summary>The node is known only as the parent of other nodes (the root of a dump, which
    /// <c>xenstore-ls</c> does not print itself).</summary>
    Implied,
}
