namespace Vifmap.Host;

/// <summary>VM4xx: findings while mapping a host (docs/diagnostics/VM4xx.md). Never reuse a retired code.</summary>
public static class HostMapCodes
{
    /// <summary>A xenstore value is not UTF-8.</summary>
    public const string NotUtf8 = "VM401";

    /// <summary>A <c>state</c> node is not a XenbusState number.</summary>
    public const string BadState = "VM402";

    /// <summary>A child of <c>/local/domain</c>, <c>backend/vif</c> or <c>device/vif</c> is not an id.</summary>
    public const string NotAnId = "VM403";

    /// <summary><c>target</c> or <c>image/device-model-domid</c> names no existing domain.</summary>
    public const string BadDomainReference = "VM404";

    /// <summary>The configured vifname is absent but the default name exists: rename pending or failed.</summary>
    public const string RenamePending = "VM405";

    /// <summary>Two NICs expect the same interface name.</summary>
    public const string NameClash = "VM406";

    /// <summary>The <c>ip -j link</c> input is malformed or has unexpected values.</summary>
    public const string BadLinkJson = "VM407";

    /// <summary>The snapshot file is malformed or of an unknown version.</summary>
    public const string BadSnapshot = "VM408";

    /// <summary>The daemon refused to read a node (EACCES, ...): the node is treated as absent.
    /// (VM490–VM495 belong to the <c>xenstore-ls -f</c> dump reader in XenStore/Dump.)</summary>
    public const string Unreadable = "VM409";

    /// <summary>Every consistent (transactional) read conflicted with writes; the map was read without one.</summary>
    public const string Inconsistent = "VM410";
}
