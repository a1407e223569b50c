using Vifmap.Config;
using Vifmap.Naming;
using Vifmap.Vif;

namespace Vifmap.Tests.Naming;

/// <summary>Reference §3.4 (nictype defaults), one row per case; "tap" = QEMU gets a NIC for it.</summary>
public sealed class NicTypeRulesTests
{
    [Theory]
    // xl 4.0–4.1: PV carries the IOEMU flag but there is no device model; HVM: IOEMU unless type ≠ ioemu.
    [InlineData("xl", "4.0", GuestType.Pv, null, null, NicType.Vif, false, NicTypeNote.None)]
    [InlineData("xl", "4.1", GuestType.Pv, "ioemu", null, NicType.Vif, false, NicTypeNote.None)]
    [InlineData("xl", "4.1", GuestType.Hvm, null, null, NicType.VifIoemu, true, NicTypeNote.None)]
    [InlineData("xl", "4.1", GuestType.Hvm, "ioemu", null, NicType.VifIoemu, true, NicTypeNote.None)]
    [InlineData("xl", "4.0", GuestType.Hvm, "netfront", null, NicType.Vif, false, NicTypeNote.None)]
    // 4.2–4.6: PV VIF, type=ioemu fails; HVM VIF_IOEMU unless type=vif.
    [InlineData("xl", "4.2", GuestType.Pv, null, null, NicType.Vif, false, NicTypeNote.None)]
    [InlineData("xl", "4.2", GuestType.Pv, "ioemu", null, NicType.VifIoemu, false, NicTypeNote.EmulatedOnPvFails)]
    [InlineData("xl", "4.6", GuestType.Hvm, null, null, NicType.VifIoemu, true, NicTypeNote.None)]
    [InlineData("xl", "4.6", GuestType.Hvm, "vif", null, NicType.Vif, false, NicTypeNote.HvmWithoutEmulatedNic)]
    // 4.2–4.5: any type other than ioemu gives VIF; 4.6+: an invalid type is ignored (default VIF_IOEMU).
    [InlineData("xl", "4.5", GuestType.Hvm, "netfront", null, NicType.Vif, false, NicTypeNote.NonIoemuTypeMeansVif)]
    [InlineData("xl", "4.6", GuestType.Hvm, "netfront", null, NicType.VifIoemu, true, NicTypeNote.None)]
    // device_model_version="none" exists for xl 4.7–4.9 only (xl exits on it elsewhere; the planner says so).
    [InlineData("xl", "4.6", GuestType.Hvm, null, "none", NicType.VifIoemu, true, NicTypeNote.None)]
    // 4.7–4.9: VIF if device_model_version="none".
    [InlineData("xl", "4.7", GuestType.Hvm, null, "none", NicType.Vif, false, NicTypeNote.NoDeviceModel)]
    [InlineData("xl", "4.9", GuestType.Hvm, null, "qemu-xen", NicType.VifIoemu, true, NicTypeNote.None)]
    // 4.10+: PVH exists, VIF, type=ioemu fails.
    [InlineData("xl", "4.10", GuestType.Pvh, null, null, NicType.Vif, false, NicTypeNote.None)]
    [InlineData("xl", "4.10", GuestType.Pvh, "ioemu", null, NicType.VifIoemu, false, NicTypeNote.EmulatedOnPvFails)]
    [InlineData("xl", "4.10", GuestType.Hvm, null, "none", NicType.VifIoemu, true, NicTypeNote.None)]
    [InlineData("xl", "4.22", GuestType.Hvm, null, null, NicType.VifIoemu, true, NicTypeNote.None)]
    [InlineData("xl", "4.22", GuestType.Hvm, "vif", null, NicType.Vif, false, NicTypeNote.HvmWithoutEmulatedNic)]
    [InlineData("xl", "4.22", GuestType.Pv, "ioemu", null, NicType.VifIoemu, false, NicTypeNote.EmulatedOnPvFails)]
    // "pvh" before 4.10 is a PV guest for xl (4.4–4.9 "pvh=1" is a PV variant).
    [InlineData("xl", "4.9", GuestType.Pvh, "ioemu", null, NicType.VifIoemu, false, NicTypeNote.EmulatedOnPvFails)]
    // xend: image.py defaults the type to ioemu; netif.py skips the frontend for an explicit ioemu.
    [InlineData("xend", "4.1", GuestType.Hvm, null, null, NicType.VifIoemu, true, NicTypeNote.None)]
    [InlineData("xend", "4.1", GuestType.Hvm, "ioemu", null, NicType.VifIoemu, true, NicTypeNote.XendIoemuIsEmulatedOnly)]
    [InlineData("xend", "4.4", GuestType.Hvm, "netfront", null, NicType.Vif, false, NicTypeNote.HvmWithoutEmulatedNic)]
    [InlineData("xend", "4.4", GuestType.Pv, "ioemu", null, NicType.Vif, false, NicTypeNote.None)]
    public void Nictype_follows_the_reference_table(
        string toolstack, string xen, GuestType guest, string? rawType, string? dm, NicType nicType, bool tap, NicTypeNote note)
    {
        Assert.True(XenVersion.TryParse(xen, out XenVersion version));
        NamingEra era = NamingEras.For(toolstack == "xl" ? Toolstack.Xl : Toolstack.Xend, version)!;
        Assert.Equal(new NicTypeOutcome(nicType, tap, note), NicTypeRules.Resolve(era, version, guest, rawType, dm));
    }

    [Theory]
    [InlineData("type=netfront", null, "netfront")]
    [InlineData("bridge=x, type=IOEMU", null, "IOEMU")]
    [InlineData("type=vif,type=bogus", null, "bogus")]
    [InlineData("mac=00:16:3e:00:00:01", null, null)]
    [InlineData("type=bogus", NicType.Vif, "vif")]
    public void Raw_type_is_the_last_type_key_as_written(string text, NicType? parsed, string? expected)
        => Assert.Equal(expected, NicTypeRules.RawType(new NicSpec { Index = 0, Devid = 0, Text = text, RequestedType = parsed }));
}
