namespace Vifmap.Naming;

/// <summary>What a dom0 interface does for a guest NIC.</summary>
public enum InterfaceRole
{
    /// <summary>The netback interface (<c>vifD.N</c>): exists for every NIC, carries traffic once a PV frontend connects.</summary>
    Pv,

    /// <summary>The QEMU tap behind an HVM guest's emulated NIC (<c>vifD.N-emu</c>, <c>tapD.N</c>).</summary>
    Emulated,

    /// <summary>The stub domain's netback vif that carries the emulated NIC's traffic (<c>vifS.N</c>).</summary>
    Stubdom,
}

/// <summary>The names output uses for <see cref="InterfaceRole"/> (JSON, metrics' <c>path</c> label, tables).</summary>
public static class InterfaceRoleNames
{
    public static string ToWireName(this InterfaceRole role) => role switch
    {
        InterfaceRole.Pv => "pv",
        InterfaceRole.Emulated => "emulated",
        _ => "stubdom",
    };
}
