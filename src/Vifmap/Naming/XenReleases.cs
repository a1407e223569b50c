namespace Vifmap.Naming;

/// <summary>Every release boundary a rule depends on, named once, each with the upstream line that proves
/// it (xen.git at the <c>RELEASE-x.y.0</c> tag). Rules compare against these names, never against a
/// bare <c>4.x</c>: a reader who doubts a boundary checks one citation here. <c>…From</c> is the first
/// release that has the behaviour, <c>…Last</c> the last one.</summary>
public static class XenReleases
{
    /// <summary>The oldest release modelled: 4.0 (xl tech preview, xend in production).</summary>
    public static XenVersion Oldest => XenVersion.Oldest;

    /// <summary>The newest release modelled, and the default for <c>plan</c> and <c>lint</c>.</summary>
    public static XenVersion Newest => XenVersion.Newest;

    /// <summary>xl 4.0 numbered NICs from devid 1 and named taps <c>tapD.(devid-1)</c>; 4.1 counts from 0.</summary>
    public static XenVersion XlDevidsFromZero { get; } = new(4, 1);

    /// <summary>libxl names interfaces <c>vif%u.%d</c> and taps with <c>TAP_DEVICE_SUFFIX "-emu"</c>, and
    /// writes <c>vifname</c> for hotplug to rename (RELEASE-4.2.0 tools/libxl/libxl_internal.h:102,
    /// tools/libxl/libxl.c:2817-2819); xl 4.0/4.1 created <c>tapD.N</c> and gave the vifname to QEMU only.</summary>
    public static XenVersion LibxlNamingFrom { get; } = new(4, 2);

    /// <summary>The last release with xend (tools/python/xen/xend exists at RELEASE-4.4.0, gone at
    /// RELEASE-4.5.0) and with the <c>network-bridge</c> script (tools/hotplug/Linux/network-bridge,
    /// same two tags).</summary>
    public static XenVersion XendLast { get; } = new(4, 4);

    /// <summary>The last release of the old names (<c>tapD.N</c>, vifname given to QEMU): the release
    /// before <see cref="LibxlNamingFrom"/>.</summary>
    public static XenVersion LegacyNamingLast { get; } = new(4, 1);

    /// <summary>network-bridge creates the netloop pair <c>vif0.N</c>/<c>vethN</c> from the first release
    /// (RELEASE-3.0.0 tools/examples/network-bridge:68-69), before the modelled range.</summary>
    public static XenVersion NetloopFirst { get; } = new(3, 0);

    /// <summary>The last release whose network-bridge creates the netloop pair (3.1.0-branched
    /// tools/examples/network-bridge:69-70): commit 06809a93ad "Remove netloop from network bridge init
    /// scripts" is first in 3.2.0-rc1, so no release the tool models (4.0+) makes these names.</summary>
    public static XenVersion NetloopLast { get; } = new(3, 1);

    /// <summary>xl's vif parser skips a token without <c>=</c> ("unrecognized argument", RELEASE-4.6.0
    /// tools/libxl/xl_cmdimpl.c:1051) where 4.0–4.5 stopped reading the spec (<c>break</c> after
    /// <c>strchr(p, '=') == NULL</c>, RELEASE-4.5.0 tools/libxl/xl_cmdimpl.c:1569-1570).</summary>
    public static XenVersion BareVifTokenSkippedFrom { get; } = new(4, 6);

    /// <summary>xl rejects a vif <c>type=</c> other than vif/ioemu ("Invalid parameter `type'",
    /// RELEASE-4.6.0 tools/libxl/xl_cmdimpl.c:1015) and keeps the default; 4.2–4.5 read anything but
    /// "ioemu" as vif (RELEASE-4.2.0 tools/libxl/xl_cmdimpl.c:1081).</summary>
    public static XenVersion InvalidVifTypeIgnoredFrom { get; } = new(4, 6);

    /// <summary><c>device_model_version="none"</c> is read (RELEASE-4.7.0 tools/libxl/xl_cmdimpl.c:2303);
    /// absent at RELEASE-4.6.0 (xl_cmdimpl.c:2171-2180).</summary>
    public static XenVersion NoDeviceModelFrom { get; } = new(4, 7);

    /// <summary>The last release reading <c>device_model_version="none"</c> (RELEASE-4.9.0
    /// tools/xl/xl_parse.c:1866); RELEASE-4.10.0 tools/xl/xl_parse.c:2077-2086 knows two values only.</summary>
    public static XenVersion NoDeviceModelLast { get; } = new(4, 9);

    /// <summary>xl reads <c>devid=</c> in a vif spec (RELEASE-4.9.0 tools/xl/xl_parse.c:559); before, the
    /// list position is the devid.</summary>
    public static XenVersion DevidKeyFrom { get; } = new(4, 9);

    /// <summary>xl reads <c>backend=</c> in a vif spec (RELEASE-4.1.0 tools/libxl/xl_cmdimpl.c:877); the 4.0
    /// vif loop has no such key and ignores it silently (RELEASE-4.0.0 tools/libxl/xl.c:491-529).</summary>
    public static XenVersion VifBackendKeyFrom { get; } = new(4, 1);

    /// <summary>xl reads a vif <c>rate=</c> (<c>parse_vif_rate</c>, RELEASE-4.2.0 tools/libxl/xl_cmdimpl.c:1099-1100);
    /// 4.0 and 4.1 know the key but print "the rate parameter for vifs is currently not supported" and
    /// ignore it (RELEASE-4.1.0 tools/libxl/xl_cmdimpl.c:882-883).</summary>
    public static XenVersion VifRateKeyReadFrom { get; } = new(4, 2);

    /// <summary>xl reads <c>gatewaydev=</c> and the deprecated <c>netdev=</c> in a vif spec (RELEASE-4.3.0
    /// tools/libxl/xl_cmdimpl.c:1182-1189); 4.2's vif loop ends without them (RELEASE-4.2.0
    /// tools/libxl/xl_cmdimpl.c:1054-1103).</summary>
    public static XenVersion VifGatewaydevKeyFrom { get; } = new(4, 3);

    /// <summary>xl reads the COLO key <c>forwarddev=</c> (RELEASE-4.7.0 tools/libxl/xl_cmdimpl.c:1057); 4.6 says
    /// "unrecognized argument" (RELEASE-4.6.0 tools/libxl/xl_cmdimpl.c:1051).</summary>
    public static XenVersion VifForwarddevKeyFrom { get; } = new(4, 7);

    /// <summary>xl reads the 48 <c>colo_*</c> vif keys (RELEASE-4.9.0 tools/xl/xl_parse.c:461-555); 4.8 says
    /// "unrecognized argument" (RELEASE-4.8.0 tools/libxl/xl_cmdimpl.c:1065).</summary>
    public static XenVersion VifColoKeysFrom { get; } = new(4, 9);

    /// <summary>xl reads <c>mtu=</c> in a vif spec (RELEASE-4.15.0 tools/xl/xl_parse.c:566); 4.14 says
    /// "unrecognized argument" (RELEASE-4.14.0 tools/xl/xl_parse.c:567).</summary>
    public static XenVersion VifMtuKeyFrom { get; } = new(4, 15);

    /// <summary>xl reads the vif flags <c>trusted</c>/<c>untrusted</c> (RELEASE-4.17.0 tools/xl/xl_parse.c:568-571);
    /// 4.16 says "unrecognized argument" (RELEASE-4.16.0 tools/xl/xl_parse.c:569).</summary>
    public static XenVersion VifTrustedFlagFrom { get; } = new(4, 17);

    /// <summary>xl reads <c>vlan=</c> in a vif spec (RELEASE-4.19.0 tools/xl/xl_parse.c:568); 4.18 says
    /// "unrecognized argument" (RELEASE-4.18.0 tools/xl/xl_parse.c:573).</summary>
    public static XenVersion VifVlanKeyFrom { get; } = new(4, 19);

    /// <summary>xl exits over a PV guest with neither <c>kernel=</c> nor <c>bootloader=</c> ("Neither kernel nor
    /// bootloader specified", RELEASE-4.1.0 tools/libxl/xl_cmdimpl.c:785-788; still at RELEASE-4.22.0
    /// tools/xl/xl_parse.c:2163-2164); xl 4.0 only copies <c>kernel</c> (RELEASE-4.0.0 tools/libxl/xl.c:391-392).</summary>
    public static XenVersion PvKernelRequiredFrom { get; } = new(4, 1);

    /// <summary>xl reads the top-level <c>type=pv|pvh|hvm</c> (RELEASE-4.10.0 tools/xl/xl_parse.c:904),
    /// bringing PVH guests; 4.9 goes by <c>builder=</c> only (RELEASE-4.9.0 tools/xl/xl_parse.c:855).</summary>
    public static XenVersion GuestTypeKeyFrom { get; } = new(4, 10);

    /// <summary>xl exits without <c>name=</c> from 4.2 (RELEASE-4.2.0 <c>tools/libxl/xl_cmdimpl.c:619-622</c>); 4.0 and
    /// 4.1 name the domain "test" (RELEASE-4.1.0 <c>tools/libxl/xl_cmdimpl.c:651-652</c>).</summary>
    public static XenVersion DomainNameRequiredFrom { get; } = new(4, 2);

    /// <summary>xl reads <c>firmware=pvgrub32|pvgrub64</c> as a PV or PVH guest's kernel from 4.10 (931bd35bf6, with PVH).</summary>
    public static XenVersion PvFirmwareFrom { get; } = new(4, 10);

    /// <summary>vif-bridge's <c>set_mtu</c> derives domid and devid from the interface name and writes
    /// the frontend's <c>mtu</c> node (RELEASE-4.15.0 tools/hotplug/Linux/xen-network-common.sh:164-193);
    /// at RELEASE-4.14.0 (xen-network-common.sh:143) it only sets the MTU.</summary>
    public static XenVersion SetMtuWritesFrontendFrom { get; } = new(4, 15);

    /// <summary>qemu-xen-traditional is gone: RELEASE-4.21.0 tools/xl/xl_parse.c:2777-2783 knows only
    /// qemu-xen; RELEASE-4.20.0 tools/xl/xl_parse.c:2735 still reads it.</summary>
    public static XenVersion QemuTraditionalRemovedIn { get; } = new(4, 21);

    /// <summary>Whether <paramref name="version"/> lies in <c>[first, last]</c>.</summary>
    public static bool Within(XenVersion version, XenVersion first, XenVersion last)
        => version >= first && version <= last;
}
