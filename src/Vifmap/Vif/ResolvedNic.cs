namespace Vifmap.Vif;

/// <summary>A NIC after xl.conf defaults and libxl's <c>libxl__device_nic_setdefault</c> (libxl_nic.c, 4.22):
/// what libxl writes to xenstore and hands the hotplug script (reference §2.6, §3.4).</summary>
public sealed record ResolvedNic
{
    public required NicSpec Spec { get; init; }

    public required int Devid { get; init; }

    /// <summary>The NIC type libxl settles on: the one that decides whether a <c>-emu</c> tap exists.</summary>
    public required NicType NicType { get; init; }

    /// <summary>True when QEMU gets an emulated NIC for it, which in dom0 is the tap <c>vifD.N-emu</c>
    /// (or, with a stub domain, a vif of the stub domain).</summary>
    public bool HasEmulatedDevice => NicType == NicType.VifIoemu;

    /// <summary>The MAC; null when libxl will pick a random <c>00:16:3e:(0-7f):xx:xx</c> at creation.</summary>
    public MacAddress? Mac { get; init; }

    public required string Bridge { get; init; }

    /// <summary>The hotplug script as an absolute path (<c>libxl__abs_path</c> against XEN_SCRIPT_DIR).</summary>
    public required string Script { get; init; }

    public required string Model { get; init; }

    /// <summary>MTU as libxl holds it (a C int; 0 became 1500).</summary>
    public required int Mtu { get; init; }

    public required bool Trusted { get; init; }

    /// <summary>The backend domain as written (<c>backend=</c> or xl.conf); "0" when unset.</summary>
    public required string Backend { get; init; }

    public string? VifName { get; init; }
    public string? Ip { get; init; }
    public string? GatewayDev { get; init; }
    public VifRate? Rate { get; init; }

    /// <summary>Why libxl refuses the NIC (domain creation fails), or null.</summary>
    public string? Failure { get; init; }
}
