using Vifmap.Naming;

namespace Vifmap.Tests.Naming;

/// <summary>explain: each name with the readings the reference gives it (§3.3, §3.6, §7.10, §7.25; peers §1).</summary>
public sealed class InterfaceNameDecoderTests
{
    private static string[] Readings(NameExplanation e)
        => [.. e.Readings.Select(r => $"{r.Toolstack} {r.XenRange} {(r.Role is InterfaceRole role ? NamingTestData.Role(role) : "-")} {r.Devid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}")];

    private static XenVersion V(string text)
    {
        Assert.True(XenVersion.TryParse(text, out XenVersion v));
        return v;
    }

    [Fact]
    public void Netback_name_is_pv_in_every_era_and_maybe_a_stub_domain_vif()
    {
        NameExplanation e = InterfaceNameDecoder.Explain("vif5.0");
        Assert.Equal((InterfaceKind.Guest, InterfaceRole.Pv, 5u, 0L), (e.Kind, e.Role, e.Domid, e.Devid));
        // xl 4.0 is absent: its devids start at 1.
        Assert.Equal(
            ["xl 4.2+ pv 0", "xl 4.2+ stubdom 0", "xend 4.2-4.4 pv 0", "xl 4.1 pv 0", "xl 4.1 stubdom 0", "xend 4.0-4.1 pv 0"],
            Readings(e));
        Assert.Contains("vifname=\"vif5.0\"", e.Caveat, StringComparison.Ordinal);
        Assert.Contains("/local/domain/0/backend/vif/5/0/vifname", e.Caveat, StringComparison.Ordinal);
    }

    [Fact]
    public void Xl_4_0_netback_devid_is_one_based()
    {
        NameExplanation e = InterfaceNameDecoder.Explain("vif5.1", V("4.0"));
        Assert.Equal(["xl 4.0 pv 1", "xl 4.0 stubdom 1", "xend 4.0-4.1 pv 1"], Readings(e));
        Assert.Contains("entry 0 of the vif list", e.Readings[0].Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void Tap5_1_is_devid_1_for_xapi_and_xl_4_1_and_the_second_emulated_nic_for_xend()
    {
        NameExplanation e = InterfaceNameDecoder.Explain("tap5.1");
        Assert.Equal(["xapi any emulated 1", "xl 4.1 emulated 1", "xl 4.0 emulated 2", "xend 4.0-4.1 emulated ?"], Readings(e));
        Assert.Equal((InterfaceKind.Guest, InterfaceRole.Emulated, 5u), (e.Kind, e.Role, e.Domid));
        Assert.Null(e.Devid);
        Assert.Contains("emulated NIC number 2", e.Readings[3].Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void Tap_is_still_xapis_emulated_nic_on_current_releases()
    {
        // xapi-project/xen-api ocaml/xenopsd/xc/device.ml:3568 (e2ee48d688): ifname = sprintf "tap%d.%d" domid devid.
        NameExplanation e = InterfaceNameDecoder.Explain("tap12.3", V("4.17"));
        NameReading r = Assert.Single(e.Readings);
        Assert.Equal(("xapi", InterfaceKind.Guest, InterfaceRole.Emulated, 12u, 3L), (r.Toolstack, r.Kind, r.Role, r.Domid, r.Devid));
        Assert.Equal("any", r.XenRange);
        Assert.Equal((12u, 3L), (e.Domid, e.Devid));
        Assert.Equal(
            "XenServer / XCP-ng (xapi): QEMU tap of domain 12's NIC with devid 3, its emulated NIC; the NIC's PV interface is vif12.3",
            r.Meaning);

        // No tap of domain 0, none outside the guest range, none over 15 characters, no leading zeros.
        Assert.All(new[] { "tap0.1", "tap32752.0", "tap32751.1234567", "tap05.1" },
            n => Assert.DoesNotContain(InterfaceNameDecoder.Explain(n).Readings, x => x.Toolstack == "xapi"));
    }

    [Theory]
    // NetBSD sys/arch/xen/xen/xennetback_xenbus.c (rev 1.94), xennetback_xenbus_create: "xvif%di%d" of domid and handle;
    // Xen RELEASE-4.5.0 tools/libxl/libxl_osdeps.h:29 NETBACK_NIC_NAME "xvif%ui%d".
    [InlineData("xvif1i0", "netbsd", 1u, 0L)]
    [InlineData("xvif32751i12", "netbsd", 32751u, 12L)]
    // FreeBSD sys/dev/xen/netback/netback.c (7a94597dd3), create_netdev: "xnb%" PRIu16 ".%" PRIu32 of domid and handle;
    // Xen RELEASE-4.5.0 tools/libxl/libxl_osdeps.h:43 NETBACK_NIC_NAME "xnb%u.%d".
    [InlineData("xnb1.0", "freebsd", 1u, 0L)]
    [InlineData("xnb7.2", "freebsd", 7u, 2L)]
    public void Bsd_dom0_netback_names_are_guest_pv_interfaces(string name, string maker, uint domid, long devid)
    {
        NameExplanation e = InterfaceNameDecoder.Explain(name);
        NameReading r = Assert.Single(e.Readings);
        Assert.Equal((maker, InterfaceKind.Guest, InterfaceRole.Pv, domid, devid), (r.Toolstack, r.Kind, r.Role, r.Domid, r.Devid));
        Assert.Equal((InterfaceKind.Guest, InterfaceRole.Pv, domid, devid), (e.Kind, e.Role, e.Domid, e.Devid));
        Assert.Single(InterfaceNameDecoder.Explain(name, V("4.22")).Readings); // not tied to a Xen release
        Assert.NotNull(e.Caveat);
    }

    [Theory]
    [InlineData("xvif0i0")] // domid 0 is dom0
    [InlineData("xvif01i0")] // printf writes no leading zero
    [InlineData("xvif1.0")]
    [InlineData("xvif1i")]
    [InlineData("xnb0.1")]
    [InlineData("xnb32752.0")]
    [InlineData("xnb1i0")]
    [InlineData("xnb")]
    public void Names_only_like_bsd_netback_are_not_decoded(string name)
        => Assert.DoesNotContain(InterfaceNameDecoder.Explain(name).Readings, r => r.Kind == InterfaceKind.Guest);

    [Fact]
    public void Xen_version_narrows_the_readings()
    {
        NameExplanation e = InterfaceNameDecoder.Explain("tap5.1", V("4.1"));
        Assert.Equal(["xapi any emulated 1", "xl 4.1 emulated 1", "xend 4.0-4.1 emulated ?"], Readings(e));
        Assert.Null(e.Devid);
        e = InterfaceNameDecoder.Explain("vif5.0-emu", V("4.22"));
        Assert.Equal(["xl 4.2+ emulated 0"], Readings(e));
        Assert.Equal(0L, e.Devid);
    }

    [Fact]
    public void Emu_tap_is_devid_for_libxl_and_emulated_index_for_xend_4_2()
    {
        NameExplanation e = InterfaceNameDecoder.Explain("vif7.2-emu");
        Assert.Equal(["xl 4.2+ emulated 2", "xend 4.2-4.4 emulated ?"], Readings(e));
    }

    [Theory]
    [InlineData("web-emu", "xl 4.2+ emulated ?", "xl 4.2+ stubdom ?", "xend 4.2-4.4 emulated ?")]
    [InlineData("tap-web", "xend 4.0-4.1 emulated ?")]
    public void Custom_names_have_no_domid(string name, params string[] readings)
    {
        NameExplanation e = InterfaceNameDecoder.Explain(name);
        Assert.Equal(readings, Readings(e));
        Assert.Equal(InterfaceKind.Guest, e.Kind);
        Assert.Null(e.Domid);
        Assert.Contains("vifname=web", e.Readings[0].Meaning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xenbr0", InterfaceKind.Bridge)]
    [InlineData("xenbr12", InterfaceKind.Bridge)]
    [InlineData("eth0", InterfaceKind.Bridge)]
    [InlineData("peth0", InterfaceKind.Physical)]
    [InlineData("vif0.0", InterfaceKind.Netloop)]
    [InlineData("veth3", InterfaceKind.Netloop)]
    [InlineData("tap3f1c2a7e-9b", InterfaceKind.Foreign)]
    [InlineData("qvb3f1c2a7e-9b", InterfaceKind.Foreign)]
    [InlineData("qvo3f1c2a7e-9b", InterfaceKind.Foreign)]
    [InlineData("vif3f1c2a7e-9b", InterfaceKind.Foreign)]
    [InlineData("vnet0", InterfaceKind.Foreign)]
    [InlineData("virbr0", InterfaceKind.Foreign)]
    [InlineData("web", InterfaceKind.Unknown)]
    [InlineData("vif05.0", InterfaceKind.Unknown)]
    [InlineData("vif40000.0", InterfaceKind.Unknown)]
    [InlineData("vif0.0-emu", InterfaceKind.Unknown)]
    [InlineData("vif5.-1", InterfaceKind.Unknown)]
    [InlineData("", InterfaceKind.Unknown)]
    public void Non_guest_names_are_told_apart(string name, InterfaceKind kind)
    {
        NameExplanation e = InterfaceNameDecoder.Explain(name);
        Assert.Equal(kind, e.Kind);
        Assert.Null(e.Domid);
        Assert.Null(e.Devid);
        Assert.Null(e.Caveat);
        Assert.DoesNotContain(e.Readings, r => r.Kind == InterfaceKind.Guest);
    }

    [Fact]
    public void Eth_is_a_physical_nic_only_after_xend()
    {
        NameExplanation e = InterfaceNameDecoder.Explain("eth0", V("4.5"));
        Assert.Equal(InterfaceKind.Physical, Assert.Single(e.Readings).Kind);
    }

    [Fact]
    public void Netloop_is_network_bridge_before_xen_3_2_not_a_release_the_tool_models()
    {
        // RELEASE-3.0.0 tools/examples/network-bridge:68-69 makes vif0.N/vethN; 06809a93ad (first in
        // 3.2.0-rc1) removed netloop from it; 3.1.0-branched still has it (network-bridge:69-70).
        NameExplanation e = InterfaceNameDecoder.Explain("vif0.0");
        NameReading r = Assert.Single(e.Readings);
        Assert.Equal(("xend", "3.0-3.1"), (r.Toolstack, r.XenRange));
        Assert.Contains("network-bridge made before Xen 3.2 (netloop left it in 3.2.0)", r.Meaning, StringComparison.Ordinal);
        Assert.Equal("3.0-3.1", Assert.Single(InterfaceNameDecoder.Explain("veth0").Readings).XenRange);
        Assert.All(new[] { "4.0", "4.1", "4.4" }, v =>
        {
            Assert.Equal(InterfaceKind.Unknown, InterfaceNameDecoder.Explain("vif0.0", V(v)).Kind);
            Assert.Equal(InterfaceKind.Unknown, InterfaceNameDecoder.Explain("veth0", V(v)).Kind);
        });
    }

    [Fact]
    public void Netloop_vif0_says_domid_0_is_dom0()
    {
        Assert.Contains("domid 0 is dom0", InterfaceNameDecoder.Explain("vif0.1").Readings[0].Meaning, StringComparison.Ordinal);
        NameExplanation modern = InterfaceNameDecoder.Explain("vif0.1", V("4.22"));
        Assert.Equal(InterfaceKind.Unknown, modern.Kind);
        Assert.Contains("domid 0 is dom0", modern.Readings[0].Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_names_say_how_to_ask_the_host()
    {
        NameExplanation e = InterfaceNameDecoder.Explain("web");
        NameReading r = Assert.Single(e.Readings);
        Assert.Contains("xenstore-ls -f /local/domain/0/backend/vif | grep vifname", r.Meaning, StringComparison.Ordinal);
        Assert.Contains("vifmap ls", r.Meaning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vif12345.12345-emu", "18 characters: Linux interface names have at most 15, so no interface is called this")]
    [InlineData("vif40000.0", "domid 40000 is outside the guest range 1–32751; ")]
    [InlineData("vif0.1-emu", "domid 0 is dom0, which has no guest NICs; ")]
    public void Impossible_default_looking_names_say_why(string name, string reason)
    {
        // vif12345.12345-emu has a valid domid: it is its length (§3.6) that rules it out.
        NameReading r = Assert.Single(InterfaceNameDecoder.Explain(name).Readings);
        Assert.Equal(InterfaceKind.Unknown, r.Kind);
        Assert.StartsWith(reason, r.Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void Fifteen_character_vif_name_is_a_cut_tap()
    {
        // Netback never makes 15 characters; QEMU cuts vif12345.123456…-emu to this.
        NameExplanation e = InterfaceNameDecoder.Explain("vif12345.123456");
        Assert.Equal(["xl 4.2+ emulated ?", "xend 4.2-4.4 emulated ?"], Readings(e));
        Assert.Equal((InterfaceRole.Emulated, 12345u), (e.Role, e.Domid));
        Assert.Contains("vif12345.123456…-emu", e.Readings[0].Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void Tap_cut_inside_the_suffix_keeps_its_devid()
    {
        NameExplanation e = InterfaceNameDecoder.Explain("vif1234.12345-e", V("4.22"));
        Assert.Equal(["xl 4.2+ emulated 12345"], Readings(e));
        Assert.Contains("vif1234.12345-emu", e.Readings[0].Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void Fourteen_character_vif_name_may_be_cut_by_netback()
    {
        NameExplanation e = InterfaceNameDecoder.Explain("vif32751.10000", V("4.22"));
        Assert.Equal(["xl 4.2+ pv 10000", "xl 4.2+ stubdom 10000", "xl 4.2+ pv ?"], Readings(e));
        Assert.Null(e.Devid);
        Assert.Equal(32751u, e.Domid);
        Assert.Contains("vif32751.10000…", e.Readings[2].Meaning, StringComparison.Ordinal);
    }
}
