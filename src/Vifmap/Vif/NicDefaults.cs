using Vifmap.Config;

namespace Vifmap.Vif;

/// <summary>libxl's defaults for a NIC (<c>libxl__device_nic_setdefault</c>, tools/libs/light/libxl_nic.c,
/// unchanged in substance 4.10 → 4.22; reference §2.6, §3.4). The single place that decides the effective
/// NIC type: naming asks here whether a <c>-emu</c> tap exists.</summary>
public static class NicDefaults
{
    /// <summary>XEN_SCRIPT_DIR as Debian and upstream's default build set it.</summary>
    public const string DefaultScriptDirectory = "/etc/xen/scripts";

    public const string DefaultBridge = "xenbr0";
    public const string DefaultScript = "vif-bridge";
    public const string DefaultModel = "rtl8139";

    /// <summary>LIBXL_DEVICE_NIC_MTU_DEFAULT (4.15+).</summary>
    public const int DefaultMtu = 1500;

    /// <summary>The NIC type libxl uses, or null when it refuses the NIC: HVM keeps a requested type and
    /// defaults to <see cref="NicType.VifIoemu"/> at creation (<see cref="NicType.Vif"/> when hot-plugged,
    /// 4.7+); PV and PVH always get <see cref="NicType.Vif"/> and refuse <c>type=ioemu</c> (4.10+ wording).</summary>
    public static NicType? EffectiveType(GuestType guestType, NicType? requested, bool hotplug = false) => guestType switch
    {
        GuestType.Hvm => requested ?? (hotplug ? NicType.Vif : NicType.VifIoemu),
        _ => requested == NicType.VifIoemu ? null : NicType.Vif,
    };

    /// <summary>Applies xl.conf's defaults (<paramref name="xlDefaults"/>, only where the spec left a field
    /// unset, as xl does it before reading the spec) and then libxl's.</summary>
    public static ResolvedNic Resolve(NicSpec nic, GuestType guestType, XlNicDefaults? xlDefaults = null,
        bool hotplug = false, string scriptDirectory = DefaultScriptDirectory)
    {
        ArgumentNullException.ThrowIfNull(nic);
        xlDefaults ??= XlNicDefaults.None;
        NicType? type = EffectiveType(guestType, nic.RequestedType, hotplug);
        string script = nic.Script ?? xlDefaults.Script ?? DefaultScript;
        int mtu = nic.Mtu is ulong m ? unchecked((int)m) : 0;
        return new ResolvedNic
        {
            Spec = nic,
            Devid = nic.Devid,
            NicType = type ?? NicType.VifIoemu,
            Mac = nic.Mac,
            Bridge = nic.Bridge ?? xlDefaults.Bridge ?? DefaultBridge,
            Script = script.StartsWith('/') ? script : scriptDirectory + "/" + script,
            Model = nic.Model ?? DefaultModel,
            Mtu = mtu == 0 ? DefaultMtu : mtu,
            Trusted = nic.Trusted ?? true,
            Backend = nic.Backend ?? xlDefaults.Backend ?? "0",
            VifName = nic.VifName,
            Ip = nic.Ip,
            GatewayDev = nic.GatewayDev ?? xlDefaults.GatewayDev,
            Rate = nic.Rate,
            Failure = type is null ? "trying to create PV or PVH guest with an emulated interface" : null,
        };
    }
}
