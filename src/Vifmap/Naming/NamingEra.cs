namespace Vifmap.Naming;

/// <summary>The naming rules of one toolstack over a range of Xen releases: one row of reference
/// §3.3, with the details of §3.2, §3.5 and §3.6 that differ between rows. The rows themselves
/// are in <see cref="NamingEras"/>.</summary>
public sealed record NamingEra
{
    /// <summary>Short label, e.g. <c>xl 4.2+</c>.</summary>
    public required string Label { get; init; }

    public required Toolstack Toolstack { get; init; }

    public required XenVersion First { get; init; }

    public required XenVersion Last { get; init; }

    /// <summary>The devid of the first NIC in the <c>vif</c> list (xl 4.0 counts from 1).</summary>
    public required int FirstDevid { get; init; }

    /// <summary>The netback interface; the Linux kernel names it, whatever the toolstack.</summary>
    public NameTemplate Netback { get; init; } = NameTemplate.Netback;

    /// <summary>The QEMU tap of an emulated NIC.</summary>
    public required NameTemplate Tap { get; init; }

    public required TapNumbering TapNumbering { get; init; }

    /// <summary>What <c>vifname=X</c> does to the netback interface.</summary>
    public required CustomNameRule PvVifName { get; init; }

    /// <summary>What <c>vifname=X</c> does to the tap.</summary>
    public required CustomNameRule TapVifName { get; init; }

    /// <summary>Whether the toolstack can put QEMU in a stub domain whose NICs Vifmap models (§3.5).</summary>
    public required bool HasStubDomains { get; init; }

    /// <summary>What <c>vifname=X</c> does to the stub domain's copy of the NIC.</summary>
    public required CustomNameRule StubVifName { get; init; }

    /// <summary>4.2+ <c>rename_vif</c> is fatal when the name exists; ≤4.1 skipped the rename silently.</summary>
    public required bool RenameOntoExistingNameFails { get; init; }

    /// <summary>libxl 4.2+ runs hotplug with the full default name (<c>vif=</c>, <c>INTERFACE=</c>), so
    /// an interface the kernel or QEMU created under a cut name is not found and hotplug fails.
    /// Older setups ran hotplug from udev with the name the interface actually got.</summary>
    public required bool HotplugExpectsFullDefaultName { get; init; }

    public bool Covers(XenVersion version) => version >= First && version <= Last;

    /// <summary>The number in the tap name for a NIC with <paramref name="devid"/> that is the
    /// <paramref name="emulatedIndex"/>-th (0-based) emulated NIC of its guest.</summary>
    public long TapNumber(int devid, int emulatedIndex) => TapNumbering switch
    {
        TapNumbering.Devid => devid,
        TapNumbering.DevidMinusOne => (long)devid - 1,
        _ => emulatedIndex,
    };

    /// <summary>The devid a tap name's number stands for, or null when the era numbers taps by
    /// emulated-NIC position (then only the host knows the devid).</summary>
    public long? DevidOfTapNumber(ulong number) => TapNumbering switch
    {
        TapNumbering.Devid => (long)number,
        TapNumbering.DevidMinusOne => (long)number + 1,
        _ => null,
    };
}
