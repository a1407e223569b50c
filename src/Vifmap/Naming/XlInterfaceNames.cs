namespace Vifmap.Naming;

/// <summary>The names libxl ≥ 4.2 on Linux gives a NIC's dom0 interfaces (reference §3.1–3.3):
/// netback <c>vif&lt;D&gt;.&lt;N&gt;</c> (<c>NETBACK_NIC_NAME</c>), the QEMU tap the same plus
/// <c>-emu</c> (<c>TAP_DEVICE_SUFFIX</c>); a custom vifname X renames them to X and X-emu.
/// A shortcut to the <see cref="NamingEras.Libxl42"/> row.</summary>
public static class XlInterfaceNames
{
    public const string TapSuffix = "-emu";

    public static string Pv(int domid, int devid) => NamingEras.Libxl42.Netback.Format((uint)domid, devid);

    public static string Emulated(int domid, int devid) => NamingEras.Libxl42.Tap.Format((uint)domid, devid);

    /// <summary>The renamed netback interface when a vifname is set, else the default.</summary>
    public static string Pv(int domid, int devid, string? vifName)
        => vifName is null ? Pv(domid, devid) : NamingEras.Libxl42.PvVifName.Apply(vifName)!;

    /// <summary>The renamed tap when a vifname is set, else the default.</summary>
    public static string Emulated(int domid, int devid, string? vifName)
        => vifName is null ? Emulated(domid, devid) : EmulatedVifName(vifName);

    /// <summary>What <c>vifname=X</c> names the NIC's emulated twin, the tap (and, with a stub domain,
    /// the stub domain's copy of the NIC, by the same rule): <c>X-emu</c>.</summary>
    public static string EmulatedVifName(string vifName) => NamingEras.Libxl42.TapVifName.Apply(vifName)!;
}
