namespace Vifmap.Host;

/// <summary>Which of a NIC's dom0 interfaces carries the guest's traffic (reference §4.5).</summary>
public enum ActivePath
{
    /// <summary>The PV frontend is connected (frontend state 4): traffic flows through netback's <c>vifD.N</c>.</summary>
    Pv,

    /// <summary>No PV frontend, and an emulated interface exists: the QEMU tap, or the stub domain's vif.</summary>
    Emulated,

    /// <summary>Neither path can carry traffic: no connected frontend and no emulated interface.</summary>
    None,

    /// <summary>The evidence is missing or unreadable (garbage state, NIC served by another backend domain).</summary>
    Unknown,
}

/// <summary>The names output uses for <see cref="ActivePath"/> (JSON <c>active</c>, the ls table).</summary>
public static class ActivePathNames
{
    public static string ToWireName(this ActivePath active) => active switch
    {
        ActivePath.Pv => "pv",
        ActivePath.Emulated => "emulated",
        ActivePath.None => "none",
        _ => "unknown",
    };
}
