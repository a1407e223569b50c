namespace Vifmap.Vif;

/// <summary>libxl's <c>libxl_nic_type</c>: <see cref="Vif"/> is netback only, <see cref="VifIoemu"/>
/// is netback plus an emulated NIC (a QEMU tap in dom0). Written to xenstore as <c>vif</c> / <c>vif_ioemu</c>.</summary>
public enum NicType
{
    Vif,
    VifIoemu,
}

/// <summary>libxl's <c>libxl_nic_type</c> strings, as written to the backend's <c>type</c> key.</summary>
public static class NicTypeNames
{
    public static string ToWireName(this NicType type) => type == NicType.Vif ? "vif" : "vif_ioemu";
}
