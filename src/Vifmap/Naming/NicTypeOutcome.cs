using Vifmap.Vif;

namespace Vifmap.Naming;

/// <summary>What a toolstack makes of one NIC's <c>type=</c> for a guest type (reference §3.4).</summary>
/// <param name="NicType">The nictype libxl records (<c>vif</c> / <c>vif_ioemu</c>); for xl ≤4.1 and xend,
/// the equivalent: <see cref="NicType.VifIoemu"/> exactly when QEMU gets a NIC for it.</param>
/// <param name="HasEmulatedNic">QEMU is given a NIC for it, so a tap appears (in dom0, or inside the stub domain).</param>
/// <param name="Note">Why the outcome is not what the spec's author probably meant, if so.</param>
public sealed record NicTypeOutcome(NicType NicType, bool HasEmulatedNic, NicTypeNote Note);

/// <summary>The §3.4 / §7.12 surprises a NIC's type can hit.</summary>
public enum NicTypeNote
{
    None,

    /// <summary><c>type=ioemu</c> on a PV (4.2+) or PVH (4.10+) guest: libxl refuses, creation fails.</summary>
    EmulatedOnPvFails,

    /// <summary>HVM with <c>type=vif</c>: no emulated NIC, so a guest without PV drivers has no network.</summary>
    HvmWithoutEmulatedNic,

    /// <summary>xl 4.2–4.5 reads any <c>type=</c> other than <c>ioemu</c> (e.g. <c>netfront</c>) as <c>vif</c>.</summary>
    NonIoemuTypeMeansVif,

    /// <summary>xend's explicit <c>type=ioemu</c>: emulated only, the PV frontend is not written.</summary>
    XendIoemuIsEmulatedOnly,

    /// <summary>HVM with <c>device_model_version="none"</c>: no QEMU, so no emulated NIC and no tap.</summary>
    NoDeviceModel,
}
