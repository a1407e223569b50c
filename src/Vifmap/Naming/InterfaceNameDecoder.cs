using System.Globalization;
using System.Text.RegularExpressions;

namespace Vifmap.Naming;

/// <summary>Decodes a dom0 interface name (reference §3.3, §3.6, §7.10, §7.25; peers §1): the guest
/// readings come from the era table (<see cref="NamingEras"/>), dom0's own and foreign names from the
/// patterns below.</summary>
public static partial class InterfaceNameDecoder
{
    /// <summary>NetBSD's netback name <c>xvif%di%d</c>.</summary>
    private static readonly NameTemplate s_netBsdNetback = new("xvif", string.Empty, 'i');

    /// <summary>FreeBSD's netback name <c>xnb%u.%u</c>.</summary>
    private static readonly NameTemplate s_freeBsdNetback = new("xnb", string.Empty);

    /// <summary>Every reading of <paramref name="name"/>, narrowed to <paramref name="xen"/> when given.</summary>
    public static NameExplanation Explain(string name, XenVersion? xen = null)
    {
        var readings = new List<NameReading>();
        AddXapiReadings(name, readings);
        AddGuestReadings(name, readings);
        AddBsdNetbackReadings(name, readings);
        AddInfrastructureReadings(name, readings);
        AddForeignReadings(name, readings);
        if (xen is XenVersion version)
        {
            readings.RemoveAll(r => !r.Covers(version));
        }

        bool guestDefault = readings.Exists(r => r.Kind == InterfaceKind.Guest && r.Domid is not null);
        if (readings.Count == 0)
        {
            readings.Add(UnknownReading(name));
        }

        return new NameExplanation
        {
            Name = name,
            Kind = readings[0].Kind,
            Role = readings[0].Role,
            Domid = Agreed(readings, r => r.Domid),
            Devid = Agreed(readings, r => r.Devid),
            Readings = readings,
            Caveat = guestDefault ? DefaultNameCaveat(name, readings) : null,
        };
    }

    private static T? Agreed<T>(List<NameReading> readings, Func<NameReading, T?> field)
        where T : struct
    {
        T? value = field(readings[0]);
        return value is not null && readings.TrueForAll(r => Equals(field(r), value)) ? value : null;
    }

    /// <summary>The era table read backwards, newest era first (so the first reading is the likeliest today).</summary>
    private static void AddGuestReadings(string name, List<NameReading> readings)
    {
        for (int i = NamingEras.All.Count - 1; i >= 0; i--)
        {
            NamingEra era = NamingEras.All[i];
            AddNetbackReadings(name, era, readings);
            AddTapReadings(name, era, readings);
            AddCustomReadings(name, era, readings);
        }
    }

    private static void AddNetbackReadings(string name, NamingEra era, List<NameReading> readings)
    {
        if (era.Netback.TryMatch(name, out uint domid, out ulong number)
            && InterfaceNameLimits.IsGuestDomid(domid) && number >= (ulong)era.FirstDevid
            && name.Length <= InterfaceNameLimits.NetbackMaxLength)
        {
            string position = era.FirstDevid == 1
                ? string.Create(CultureInfo.InvariantCulture, $" (xl 4.0 counts devids from 1: entry {number - 1} of the vif list)")
                : string.Empty;
            readings.Add(Guest(era, InterfaceRole.Pv, domid, (long)number, string.Create(CultureInfo.InvariantCulture,
                $"netback interface of domain {domid}'s NIC with devid {number}{position}; it exists from backend setup on, and carries traffic once the guest's PV driver connects")));
            if (era.HasStubDomains)
            {
                readings.Add(Guest(era, InterfaceRole.Stubdom, domid, (long)number, string.Create(CultureInfo.InvariantCulture,
                    $"if domain {domid} is a device-model stub domain (named <guest>-dm; /local/domain/{domid}/target names the guest): its copy of the guest's NIC {number}, carrying that NIC's emulated traffic")));
            }
        }

        if (era.Netback.TryMatchTruncated(name, InterfaceNameLimits.NetbackMaxLength, out domid, out string prefix)
            && InterfaceNameLimits.IsGuestDomid(domid))
        {
            string effect = era.HotplugExpectsFullDefaultName
                ? "libxl's hotplug then fails and the NIC is torn down, so such a name is short-lived"
                : "hotplug went on with the cut name";
            readings.Add(Guest(era, InterfaceRole.Pv, domid, null, string.Create(CultureInfo.InvariantCulture,
                $"netback's cut (14 characters) of vif{domid}.{prefix}…: domain {domid}'s NIC with a devid of more digits starting {prefix}; {effect}")));
        }
    }

    private static void AddTapReadings(string name, NamingEra era, List<NameReading> readings)
    {
        if (era.Tap.TryMatch(name, out uint domid, out ulong number)
            && InterfaceNameLimits.IsGuestDomid(domid) && name.Length <= InterfaceNameLimits.QemuTapMaxLength)
        {
            long? devid = era.DevidOfTapNumber(number);
            string which = devid is long d
                ? string.Create(CultureInfo.InvariantCulture, $"NIC with devid {d}")
                    + (era.TapNumbering == TapNumbering.DevidMinusOne ? " (xl 4.0 numbers taps devid−1)" : string.Empty)
                : string.Create(CultureInfo.InvariantCulture,
                    $"emulated NIC number {number + 1} in the vif list (xend counts only emulated, type=ioemu NICs), whatever its devid");
            readings.Add(Guest(era, InterfaceRole.Emulated, domid, devid, string.Create(CultureInfo.InvariantCulture,
                $"QEMU tap of domain {domid}'s {which}; carries the emulated NIC's traffic until the guest's PV drivers unplug it")));
        }

        if (era.Tap.TryMatchTruncated(name, InterfaceNameLimits.QemuTapMaxLength, out domid, out string prefix)
            && InterfaceNameLimits.IsGuestDomid(domid))
        {
            // Cut inside the suffix (`vifD.N-em`): the number is whole. Cut inside the digits: it is a prefix.
            bool numberWhole = !name.EndsWith(prefix, StringComparison.Ordinal);
            long? devid = numberWhole ? era.DevidOfTapNumber(ulong.Parse(prefix, CultureInfo.InvariantCulture)) : null;
            string full = era.Tap.Format(domid, numberWhole ? prefix : prefix + "…");
            string effect = era.HotplugExpectsFullDefaultName
                ? "libxl's hotplug then fails and the domain is not created, so such a name is short-lived"
                : "hotplug matched it by the cut name, if at all";
            readings.Add(Guest(era, InterfaceRole.Emulated, domid, devid,
                $"QEMU's cut (15 characters) of the tap {full} of domain {domid}; {effect}"));
        }
    }

    private static void AddCustomReadings(string name, NamingEra era, List<NameReading> readings)
    {
        bool isDefault = era.Tap.TryMatch(name, out _, out _);
        // A rule with neither prefix nor suffix (xl ≤4.1's raw tap name) matches any name: that case is
        // the unknown reading's "custom vifname".
        if (HasAffix(era.TapVifName) && era.TapVifName.Reverse(name) is { } tapVifName && !isDefault)
        {
            readings.Add(Guest(era, InterfaceRole.Emulated, null, null,
                $"tap of a NIC configured with vifname={tapVifName}; which guest and NIC only the host knows"));
        }

        if (era.HasStubDomains && HasAffix(era.StubVifName) && era.StubVifName.Reverse(name) is { } stubVifName && !isDefault)
        {
            readings.Add(Guest(era, InterfaceRole.Stubdom, null, null,
                $"stub domain vif of a NIC configured with vifname={stubVifName} (device model in a stub domain); which guest and NIC only the host knows"));
        }
    }

    /// <summary>XenServer / XCP-ng: xapi's xenopsd still names the emulated NIC's tap <c>tap&lt;domid&gt;.&lt;devid&gt;</c>
    /// (xapi-project/xen-api ocaml/xenopsd/xc/device.ml:3568 at e2ee48d688, 2026-08; xcp-networkd reads
    /// it back as vifD.N, ocaml/networkd/bin/network_monitor_thread.ml:103). Listed first: of every
    /// reading of a tapD.N it is the only one a current host gives, and it does not depend on the Xen release.</summary>
    private static void AddXapiReadings(string name, List<NameReading> readings)
    {
        if (NameTemplate.LegacyTap.TryMatch(name, out uint domid, out ulong devid)
            && InterfaceNameLimits.IsGuestDomid(domid) && name.Length <= InterfaceNameLimits.MaxLength)
        {
            readings.Add(OtherDom0("xapi", InterfaceRole.Emulated, domid, devid, string.Create(CultureInfo.InvariantCulture,
                $"XenServer / XCP-ng (xapi): QEMU tap of domain {domid}'s NIC with devid {devid}, its emulated NIC; the NIC's PV interface is vif{domid}.{devid}")));
        }
    }

    /// <summary>A NetBSD or FreeBSD dom0's netback names the interface itself (libxl knows the names as
    /// <c>NETBACK_NIC_NAME</c> from RELEASE-4.5.0 tools/libxl/libxl_osdeps.h:29 and :43): NetBSD
    /// <c>xvif%di%d</c> (sys/arch/xen/xen/xennetback_xenbus.c, xennetback_xenbus_create), FreeBSD
    /// <c>xnb%u.%u</c> of domid and handle (sys/dev/xen/netback/netback.c, create_netdev).</summary>
    private static void AddBsdNetbackReadings(string name, List<NameReading> readings)
    {
        if (name.Length > InterfaceNameLimits.MaxLength)
        {
            return;
        }

        if (s_netBsdNetback.TryMatch(name, out uint domid, out ulong devid) && InterfaceNameLimits.IsGuestDomid(domid))
        {
            readings.Add(OtherDom0("netbsd", InterfaceRole.Pv, domid, devid, BsdNetbackMeaning("NetBSD dom0: netback interface (xvif<domid>i<devid>)", domid, devid)));
        }
        else if (s_freeBsdNetback.TryMatch(name, out domid, out devid) && InterfaceNameLimits.IsGuestDomid(domid))
        {
            readings.Add(OtherDom0("freebsd", InterfaceRole.Pv, domid, devid, BsdNetbackMeaning("FreeBSD dom0: netback interface (xnb<domid>.<devid>)", domid, devid)));
        }
    }

    private static string BsdNetbackMeaning(string what, uint domid, ulong devid) => string.Create(CultureInfo.InvariantCulture,
        $"{what} of domain {domid}'s NIC with devid {devid}; it carries traffic once the guest's PV driver connects");

    /// <summary>A guest interface named by a dom0 other than xl's and xend's: its name holds for every Xen release.</summary>
    private static NameReading OtherDom0(string maker, InterfaceRole role, uint domid, ulong devid, string meaning) => new()
    {
        Toolstack = maker,
        Kind = InterfaceKind.Guest,
        Role = role,
        Domid = domid,
        Devid = (long)devid,
        Meaning = meaning,
    };

    private static bool HasAffix(CustomNameRule rule) => rule.Prefix.Length + rule.Suffix.Length > 0;

    private static NameReading Guest(NamingEra era, InterfaceRole role, uint? domid, long? devid, string meaning) => new()
    {
        Toolstack = era.Toolstack == Toolstack.Xl ? "xl" : "xend",
        First = era.First,
        Last = era.Last,
        Kind = InterfaceKind.Guest,
        Role = role,
        Domid = domid,
        Devid = devid,
        Meaning = meaning,
        Era = era,
    };

    private static void AddInfrastructureReadings(string name, List<NameReading> readings)
    {
        if (XenBridge().IsMatch(name))
        {
            readings.Add(Plain("admin", InterfaceKind.Bridge, "a bridge of dom0's (xenbr0 is libxl's default bridge= for NICs); not a guest NIC"));
        }
        else if (EthName().IsMatch(name))
        {
            readings.Add(Plain("xend", InterfaceKind.Bridge,
                $"the bridge xend's network-bridge script creates under the physical NIC's name (which it renames p{name}); not a guest NIC",
                XenVersion.Oldest, XenReleases.XendLast));
            readings.Add(Plain("kernel", InterfaceKind.Physical, "a physical NIC (kernel naming); not a guest NIC"));
        }
        else if (PethName().IsMatch(name))
        {
            readings.Add(Plain("xend", InterfaceKind.Physical,
                $"the physical NIC eth{name[4..]}, renamed by xend's network-bridge script, which gave its name to a bridge; not a guest NIC",
                XenVersion.Oldest, XenReleases.XendLast));
        }
        else if (NameTemplate.Netback.TryMatch(name, out uint domid, out ulong number) && domid == 0)
        {
            readings.Add(Plain("xend", InterfaceKind.Netloop, string.Create(CultureInfo.InvariantCulture,
                $"dom0's end of netloop pair {number} (paired with veth{number}), which network-bridge made before Xen 3.2 (netloop left it in 3.2.0); domid 0 is dom0 itself, never a guest, so this is no guest NIC"),
                XenReleases.NetloopFirst, XenReleases.NetloopLast));
        }
        else if (VethName().IsMatch(name))
        {
            readings.Add(Plain("xend", InterfaceKind.Netloop,
                $"the other end of netloop pair {name[4..]} (vif0.{name[4..]}), which network-bridge made before Xen 3.2 (netloop left it in 3.2.0); not a guest NIC",
                XenReleases.NetloopFirst, XenReleases.NetloopLast));
        }
    }

    private static void AddForeignReadings(string name, List<NameReading> readings)
    {
        Match uuid = UuidPrefixed().Match(name);
        if (uuid.Success)
        {
            string meaning = uuid.Groups[1].Value switch
            {
                "tap" => "OpenStack Neutron's tap for a port (\"tap\" + the port UUID's first 11 characters)",
                "qvb" => "OpenStack Neutron's veth end on the Linux bridge side (hybrid OVS plug)",
                "qvo" => "OpenStack Neutron's veth end on the OVS side (hybrid OVS plug)",
                "qbr" => "OpenStack Neutron's per-port Linux bridge (hybrid OVS plug)",
                "vif" => "OpenStack nova's XenAPI patch port (\"vif\" + the port UUID, cut at 14); not netback's vifD.N",
                _ => "OpenStack nova's NIC device (\"nic\" + the port UUID, cut at 14)",
            };
            readings.Add(Plain("openstack", InterfaceKind.Foreign, meaning + "; not made by Xen"));
        }
        else if (VnetName().IsMatch(name))
        {
            readings.Add(Plain("libvirt", InterfaceKind.Foreign, "libvirt's tap for a QEMU/KVM guest NIC (vnetN); not made by Xen"));
        }
        else if (VirbrName().IsMatch(name))
        {
            readings.Add(Plain("libvirt", InterfaceKind.Foreign, "libvirt's NAT bridge (or its dummy -nic port); not made by Xen"));
        }
    }

    private static NameReading Plain(string maker, InterfaceKind kind, string meaning, XenVersion? first = null, XenVersion? last = null)
        => new() { Toolstack = maker, Kind = kind, Meaning = meaning, First = first, Last = last };

    private static NameReading UnknownReading(string name)
    {
        bool looksDefault = NameTemplate.Netback.TryMatch(name, out uint domid, out _)
            || NameTemplate.EmuTap.TryMatch(name, out domid, out _) || NameTemplate.LegacyTap.TryMatch(name, out domid, out _);

        // §3.6: say why a default-looking name is not one — length first, since a long name fails whatever its domid.
        string detail = name.Length > InterfaceNameLimits.MaxLength
            ? string.Create(CultureInfo.InvariantCulture,
                $"{name.Length} characters: Linux interface names have at most {InterfaceNameLimits.MaxLength}, so no interface is called this (netback cuts its names at {InterfaceNameLimits.NetbackMaxLength}, QEMU its taps at {InterfaceNameLimits.QemuTapMaxLength}); ")
            : !looksDefault ? string.Empty
            : domid == 0 ? "domid 0 is dom0, which has no guest NICs; "
            : !InterfaceNameLimits.IsGuestDomid(domid)
                ? string.Create(CultureInfo.InvariantCulture, $"domid {domid} is outside the guest range 1–{InterfaceNameLimits.LastGuestDomid}; ")
            : string.Empty;
        return new NameReading
        {
            Toolstack = "admin",
            Kind = InterfaceKind.Unknown,
            Meaning = detail + "not a name Xen gives by default. It may be a custom vifname (the netback interface renamed by "
                + "hotplug; with xl 4.0/4.1 the tap itself): only the host knows. Ask it: "
                + "xenstore-ls -f /local/domain/0/backend/vif | grep vifname, or vifmap ls",
        };
    }

    private static string DefaultNameCaveat(string name, List<NameReading> readings)
    {
        NameReading first = readings.Find(r => r.Domid is not null) ?? readings[0];
        string where = first.Domid is uint d && first.Devid is long n
            ? string.Create(CultureInfo.InvariantCulture, $"xenstore-read /local/domain/0/backend/vif/{d}/{n}/vifname, or ")
            : string.Empty;
        return $"A custom vifname can look exactly like a default name (vifname=\"{name}\" on any guest), "
            + "and an interface has its default name only until hotplug renames it. Only the host is sure: "
            + where + "vifmap ls.";
    }

    [GeneratedRegex("^xenbr[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex XenBridge();

    [GeneratedRegex("^eth[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EthName();

    [GeneratedRegex("^peth[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PethName();

    [GeneratedRegex("^veth[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VethName();

    /// <summary>OpenStack's <c>(prefix + port_uuid)[:14]</c> (peers §1.6).</summary>
    [GeneratedRegex("^(tap|qvb|qvo|qbr|vif|nic)[0-9a-f]{8}-[0-9a-f]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidPrefixed();

    [GeneratedRegex("^vnet[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VnetName();

    [GeneratedRegex("^virbr[0-9]+(-nic)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VirbrName();
}
