namespace Vifmap.Vif;

/// <summary>libxl's <c>libxl_nic_type</c>: <see cref="Vif"/> is netback only, <see cref="VifIoemu"/>
/// is netback plus an emulated NIC (a QEMU tap in dom0). Written to xenstore as <c>vif</c> / <c>vif_ioemu</c>.</summary>
public enum NicType
{
    Vif,
    VifIoemu,
}
