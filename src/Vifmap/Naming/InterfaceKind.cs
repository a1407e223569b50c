namespace Vifmap.Naming;

/// <summary>What a dom0 interface name stands for (reference §3.3, §7.25; peers §1).</summary>
public enum InterfaceKind
{
    /// <summary>An interface of a guest NIC (netback vif, QEMU tap, stub domain vif).</summary>
    Guest,

    /// <summary>A bridge of dom0's own (<c>xenbrN</c>, xend's <c>ethN</c>).</summary>
    Bridge,

    /// <summary>A physical NIC (<c>ethN</c>, xend's renamed <c>pethN</c>).</summary>
    Physical,

    /// <summary>An end of an old netloop pair (<c>vif0.N</c>, <c>vethN</c>).</summary>
    Netloop,

    /// <summary>A look-alike made by something other than Xen (OpenStack, libvirt).</summary>
    Foreign,

    /// <summary>Nothing the name alone can tell: a custom vifname, or not Xen's at all.</summary>
    Unknown,
}

/// <summary>The names output uses for <see cref="InterfaceKind"/>.</summary>
public static class InterfaceKindNames
{
    public static string ToWireName(this InterfaceKind kind) => kind switch
    {
        InterfaceKind.Guest => "guest",
        InterfaceKind.Bridge => "bridge",
        InterfaceKind.Physical => "physical",
        InterfaceKind.Netloop => "netloop",
        InterfaceKind.Foreign => "foreign",
        _ => "unknown",
    };
}
