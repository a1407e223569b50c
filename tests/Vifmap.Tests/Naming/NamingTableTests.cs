using Vifmap.Config;
using Vifmap.Naming;
using Vifmap.Vif;
using static Vifmap.Tests.Naming.NamingTestData;

namespace Vifmap.Tests.Naming;

/// <summary>Reference §3.3, row by row (guest domid 5, stub domid 6), with the expected names written from
/// the table, not from the program.</summary>
public sealed class NamingTableTests
{
    [Fact]
    public void Xend_4_1_taps_count_only_emulated_nics()
    {
        // vif = ['', 'type=netfront', '']: xend's image.py skips the netfront NIC, so the third NIC is tap5.1.
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0), Nic(1, "type=netfront"), Nic(2)), "4.1", Toolstack.Xend);
        Assert.Equal(
            [["pv:vif5.0", "emulated:tap5.0"], ["pv:vif5.1"], ["pv:vif5.2", "emulated:tap5.1"]],
            Names(plan));
        Assert.Equal(["VM309:warning", "VM307:warning"], Codes(plan));
    }

    [Fact]
    public void Xend_4_0_vifname_renames_the_vif_and_names_the_tap_tap_dash()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, "vifname=web", vifName: "web")), "4.0", Toolstack.Xend);
        Assert.Equal([["pv:web", "emulated:tap-web"]], Names(plan));
        PlannedInterface tap = plan.Nics[0].Interfaces[1];
        Assert.Equal("tap-web", tap.CreatedAs);
        Assert.Equal("vif5.0", plan.Nics[0].Interfaces[0].CreatedAs);
    }

    [Fact]
    public void Xend_4_1_tap_without_vifname_keeps_its_default_name_when_its_index_is_a_named_nics_devid()
    {
        // vif = ['type=netfront', 'vifname=web', '']: qemu-dm gets tap-web for the first emulated NIC and
        // tap5.1 for the second (image.py names taps itself; nothing renames them afterwards), even though
        // devid 1 — the number in "tap5.1" — is the NIC named web.
        NamePlan plan = Plan(
            Domain(GuestType.Hvm, Nic(0, "type=netfront"), Nic(1, "vifname=web", vifName: "web"), Nic(2)),
            "4.1", Toolstack.Xend);
        Assert.Equal(
            [["pv:vif5.0"], ["pv:web", "emulated:tap-web"], ["pv:vif5.2", "emulated:tap5.1"]],
            Names(plan));
        Assert.DoesNotContain(plan.Diagnostics, d => d.Severity == Vifmap.Diagnostics.Severity.Error);
    }

    [Theory]
    [InlineData("4.4", "pv:vif5.0", "emulated:vif5.0-emu")] // 4.2–4.5: `break` at "trusted", vifname and type never read
    [InlineData("4.1", "pv:vif5.0", "emulated:tap5.0")]
    public void Old_xl_stops_reading_a_spec_at_a_token_without_equals(string xen, string pv, string emulated)
    {
        NicSpec nic = Nic(0, "bridge=br1,trusted,vifname=web,type=vif", vifName: "web", type: NicType.Vif) with { Bridge = "br1", Trusted = true };
        NamePlan plan = Plan(Domain(GuestType.Hvm, nic), xen);

        Assert.Equal([[pv, emulated]], Names(plan));
        Assert.Equal(("br1", NicType.VifIoemu), (plan.Nics[0].Bridge, plan.Nics[0].NicType));
        Vifmap.Diagnostics.Diagnostic d = Assert.Single(plan.Diagnostics);
        Assert.Equal(
            ("VM322", $"xl {xen} stops reading this spec at `trusted' (a token without `='; 4.6+ skip it) and ignores `vifname=web', `type=vif'"),
            (d.Code, d.Message));
    }

    [Fact]
    public void Xl_4_6_skips_a_token_without_equals_and_reads_the_rest()
    {
        NicSpec nic = Nic(0, "trusted,vifname=web,type=vif", vifName: "web", type: NicType.Vif) with { Trusted = true };
        NamePlan plan = Plan(Domain(GuestType.Hvm, nic), "4.6");

        Assert.Equal([["pv:web"]], Names(plan));
        Assert.DoesNotContain(plan.Diagnostics, d => d.Code == "VM322");
    }

    [Fact]
    public void Xend_reads_keys_with_spaces_around_equals_that_xl_ignores()
    {
        // xm's comma_sep_kv_to_dict strips key and value: ' vifname = web , bridge = br1' renames to web.
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, " vifname = web , bridge = br1")), "4.3", Toolstack.Xend);

        Assert.Equal([["pv:web", "emulated:web-emu"]], Names(plan));
        Assert.Equal(("br1", "web"), (plan.Nics[0].Bridge, plan.Nics[0].VifName));
        Assert.Empty(plan.Diagnostics);
    }

    [Theory]
    [InlineData("bridge=br1,trusted", "xm create stops with \"Error: trusted should be a pair, separated by an equals sign.\" and the domain is not created")]
    [InlineData("mtu=9000", "xm create stops with \"Error: Invalid vif option: mtu\" and the domain is not created")]
    [InlineData("bridge=br1,", "xm create stops with \"Error:  should be a pair, separated by an equals sign.\" and the domain is not created")]
    public void Xend_refuses_a_piece_without_equals_or_an_unknown_key(string spec, string message)
    {
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, spec)), "4.1", Toolstack.Xend);

        Vifmap.Diagnostics.Diagnostic d = Assert.Single(plan.Diagnostics);
        Assert.Equal(("VM323", Vifmap.Diagnostics.Severity.Error, message), (d.Code, d.Severity, d.Message));
    }

    [Fact]
    public void Xl_4_0_counts_devids_from_1_and_taps_from_0()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0), Nic(1)), "4.0");
        Assert.Equal([["pv:vif5.1", "emulated:tap5.0"], ["pv:vif5.2", "emulated:tap5.1"]], Names(plan));
        Assert.Equal([1, 2], plan.Nics.Select(n => n.Devid));
        Assert.Equal("e1000", plan.Nics[0].Model);
        Assert.Empty(plan.Diagnostics);
    }

    [Fact]
    public void Xl_4_0_vifname_names_only_the_tap()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, "vifname=web", vifName: "web")), "4.0");
        Assert.Equal([["pv:vif5.1", "emulated:web"]], Names(plan));
        Assert.Equal(["VM311:warning"], Codes(plan));
    }

    [Fact]
    public void Xl_4_1_taps_use_the_devid_and_a_vifname_leaves_the_vif_alone()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0), Nic(1, "vifname=web", vifName: "web")), "4.1");
        Assert.Equal([["pv:vif5.0", "emulated:tap5.0"], ["pv:vif5.1", "emulated:web"]], Names(plan));
        Assert.Equal("rtl8139", plan.Nics[0].Model);
        Assert.Contains("not added to a bridge", Assert.Single(plan.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xl_4_1_vifname_starting_with_tap_is_still_bridged_by_udev()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, "vifname=tapweb", vifName: "tapweb")), "4.1");
        Assert.DoesNotContain("bridge", Assert.Single(plan.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xend_4_2_tap_gets_emu_suffix_and_emulated_index()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0), Nic(1, "type=netfront"), Nic(2)), "4.4", Toolstack.Xend);
        Assert.Equal(
            [["pv:vif5.0", "emulated:vif5.0-emu"], ["pv:vif5.1"], ["pv:vif5.2", "emulated:vif5.1-emu"]],
            Names(plan));
    }

    [Fact]
    public void Xend_4_2_tap_rename_reads_the_vifname_of_the_devid_in_its_name()
    {
        // vif-common.sh parses vif5.0-emu and reads backend/vif/5/0/vifname: NIC 0's, not NIC 1's.
        NamePlan plan = Plan(
            Domain(GuestType.Hvm, Nic(0, "type=netfront,vifname=a", vifName: "a"), Nic(1, "vifname=b", vifName: "b")),
            "4.3", Toolstack.Xend);
        Assert.Equal([["pv:a"], ["pv:b", "emulated:a-emu"]], Names(plan));
        Assert.Contains(plan.Diagnostics, d => d.Code == "VM307" && d.Message.Contains("devid 0's bridge and vifname", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("4.2")]
    [InlineData("4.17")]
    [InlineData("4.22")]
    public void Libxl_names_vif_and_emu_tap_by_devid(string xen)
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0), Nic(1, "vifname=web", vifName: "web")), xen);
        Assert.Equal([["pv:vif5.0", "emulated:vif5.0-emu"], ["pv:web", "emulated:web-emu"]], Names(plan));
        Assert.Equal("vif5.1-emu", plan.Nics[1].Interfaces[1].CreatedAs);
        Assert.All(plan.Nics, n => Assert.Equal(NicType.VifIoemu, n.NicType));
        Assert.All(plan.Nics, n => Assert.Equal("xenbr0", n.Bridge));
    }

    [Fact]
    public void Stub_domain_takes_the_taps_and_copies_every_nic()
    {
        // §3.5: no tap in dom0; the stub domain gets vif6.N for every NIC, type=vif included, renamed X-emu.
        DomainConfig config = Domain(GuestType.Hvm, Nic(0), Nic(1, "type=vif", type: NicType.Vif), Nic(2, "vifname=web", vifName: "web")) with
        {
            StubDomain = true,
        };
        NamePlan plan = Plan(config, "4.22", stub: 6);
        Assert.Equal(
            [["pv:vif5.0", "stubdom:vif6.0"], ["pv:vif5.1", "stubdom:vif6.1"], ["pv:web", "stubdom:web-emu"]],
            Names(plan));
        Assert.Equal(6u, plan.Nics[0].Interfaces[1].Domid);
        Assert.True(plan.HasStubDomain);
    }

    [Fact]
    public void Stub_domain_without_its_domid_gives_templates()
    {
        DomainConfig config = Domain(GuestType.Hvm, Nic(0)) with { StubDomain = true };
        NamePlan plan = Plan(config, "4.22", domid: null);
        Assert.Equal([["pv:vif<D>.0", "stubdom:vif<S>.0"]], Names(plan));
        Assert.Equal(32751u, plan.MaxStubdomDomidThatFits);
    }

    [Fact]
    public void Stub_domain_on_a_pv_guest_is_ignored()
    {
        DomainConfig config = Domain(GuestType.Pv, Nic(0)) with { StubDomain = true };
        NamePlan plan = Plan(config, "4.22", stub: 6);
        Assert.Equal([["pv:vif5.0"]], Names(plan));
        Assert.Equal(["VM315:warning", "VM316:warning"], Codes(plan));
    }

    [Fact]
    public void Pv_guest_has_no_tap()
    {
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0), Nic(1)), "4.22");
        Assert.Equal([["pv:vif5.0"], ["pv:vif5.1"]], Names(plan));
        Assert.Null(plan.Nics[0].Model);
    }

    [Fact]
    public void Templates_without_a_domid()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0), Nic(1, vifName: "web")), "4.22", domid: null);
        Assert.Equal([["pv:vif<D>.0", "emulated:vif<D>.0-emu"], ["pv:web", "emulated:web-emu"]], Names(plan));
        Assert.Equal(32751u, plan.MaxDomidThatFits);
    }

    [Fact]
    public void Xl_interface_names_delegate_to_the_4_2_row()
    {
        Assert.Equal("vif5.0", XlInterfaceNames.Pv(5, 0));
        Assert.Equal("vif5.0-emu", XlInterfaceNames.Emulated(5, 0));
        Assert.Equal("web", XlInterfaceNames.Pv(5, 0, "web"));
        Assert.Equal("web-emu", XlInterfaceNames.Emulated(5, 0, "web"));
    }

    [Theory]
    [InlineData(Toolstack.Xend, "4.0", "xend 4.0–4.1")]
    [InlineData(Toolstack.Xend, "4.4", "xend 4.2–4.4")]
    [InlineData(Toolstack.Xl, "4.0", "xl 4.0")]
    [InlineData(Toolstack.Xl, "4.1", "xl 4.1")]
    [InlineData(Toolstack.Xl, "4.2", "xl 4.2+")]
    [InlineData(Toolstack.Xl, "4.22", "xl 4.2+")]
    public void Each_toolstack_and_release_has_one_era(Toolstack toolstack, string xen, string label)
    {
        Assert.True(XenVersion.TryParse(xen, out XenVersion version));
        Assert.Equal(label, NamingEras.For(toolstack, version)?.Label);
    }

    [Theory]
    [InlineData(Toolstack.Xend, "4.5")]
    [InlineData(Toolstack.Xl, "4.23")]
    [InlineData(Toolstack.Xl, "3.4")]
    public void Toolstacks_outside_their_releases_have_no_era(Toolstack toolstack, string xen)
    {
        Assert.True(XenVersion.TryParse(xen, out XenVersion version));
        Assert.Null(NamingEras.For(toolstack, version));
    }
}
