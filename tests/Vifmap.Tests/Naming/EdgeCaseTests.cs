using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;
using Vifmap.Vif;
using static Vifmap.Tests.Naming.NamingTestData;

namespace Vifmap.Tests.Naming;

/// <summary>The §7 cases that concern names.</summary>
public sealed class EdgeCaseTests
{
    [Fact]
    public void Vifname_equal_to_a_sibling_default_name_collides_fatally_from_4_2()
    {
        // §7.9/§7.10: vifname=vif5.1 on NIC 0 of domain 5, and NIC 1 is vif5.1 by default.
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, vifName: "vif5.1"), Nic(1)), "4.22");
        Assert.Equal(["VM308:warning", "VM317:warning", "VM305:error"], Codes(plan));
        Diagnostic collision = plan.Diagnostics[^1];
        Assert.Contains("\"vif5.1\"", collision.Message, StringComparison.Ordinal);
        Assert.Contains("/local/domain/5/device/vif/1/mtu", plan.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    /// <summary>4.15+ set_mtu writes /local/domain/${dev_%.*}/device/vif/${dev_#*.}/mtu with dev_ the vifname
    /// less a leading "vif" (RELEASE-4.15.0 tools/hotplug/Linux/xen-network-common.sh:185-193; RELEASE-4.14.0
    /// :143 writes nothing); xenstored refuses "//" and characters outside [A-Za-z0-9-/_@] (RELEASE-4.17.0
    /// tools/xenstore/xenstored_core.c:1165-1171, :1187). Checked against the real script and daemon in
    /// SetMtuHotplugLabTests.</summary>
    [Theory]
    [InlineData("vif.1", "4.15", "/local/domain//device/vif/1/mtu")]
    [InlineData("web.", "4.17", "/local/domain/web/device/vif//mtu")]
    [InlineData("a.b.c", "4.22", "/local/domain/a.b/device/vif/b.c/mtu")]
    [InlineData("we+b", "4.17", "/local/domain/we+b/device/vif/we+b/mtu")]
    public void Vifname_that_breaks_set_mtu_is_an_error_from_4_15(string vifName, string xen, string node)
    {
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, vifName: vifName)), xen);
        Diagnostic d = Assert.Single(plan.Diagnostics, x => x.Code == DiagnosticCodes.VifNameBreaksSetMtu);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Contains(node + ", which xenstored refuses", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vif.1", "4.14", null)]
    [InlineData("a.b.c", "4.14", null)]
    [InlineData("web.0", "4.17", null)]
    [InlineData("web", "4.17", null)]
    [InlineData("web-0_x", "4.22", null)]
    [InlineData("a.b.c", "4.17", "vif-route")]
    public void Vifname_that_set_mtu_can_write_or_does_not_meet_is_no_error(string vifName, string xen, string? script)
    {
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, vifName: vifName, script: script)), xen);
        Assert.DoesNotContain(plan.Diagnostics, x => x.Code == DiagnosticCodes.VifNameBreaksSetMtu);
    }

    [Fact]
    public void Vifname_collision_is_skipped_silently_up_to_4_1()
    {
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, vifName: "vif5.1"), Nic(1)), "4.1", Toolstack.Xend);
        Assert.Equal(["VM308:warning", "VM305:warning"], Codes(plan));
    }

    [Fact]
    public void Xl_4_1_tap_named_like_its_own_vif_cannot_be_created()
    {
        // xl 4.1 hands vifname to QEMU as the tap's name, while netback already made vif5.0 for the NIC.
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, vifName: "vif5.0")), "4.1");
        Diagnostic d = plan.Diagnostics.Single(x => x.Code == "VM305");
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal("NIC 0's netback and tap interfaces are both named \"vif5.0\": the second cannot be created under a taken name, and the domain is not created", d.Message);
    }

    [Fact]
    public void Domain_wide_findings_name_the_config_file()
    {
        DomainConfig config = Domain(GuestType.Pv, Nic(0)) with { StubDomain = true };
        NamePlan plan = NamePlanner.Plan(config, new PlanRequest { Domid = 5, SourceName = "g.cfg" });
        Assert.Equal(new SourceLocation("g.cfg", 0, 0), Assert.Single(plan.Diagnostics).Location);
    }

    [Fact]
    public void Two_nics_with_one_vifname_collide()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, vifName: "web"), Nic(1, vifName: "web")), "4.22");
        Assert.Equal(["VM305:error", "VM305:error"], Codes(plan));
    }

    [Fact]
    public void Duplicate_devid_collides_from_4_9()
    {
        // §2.6/§7.17: vif=['devid=1',''] gives two NICs with devid 1.
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, "devid=1", devid: 1), Nic(1)), "4.22");
        Assert.Equal([["pv:vif5.1"], ["pv:vif5.1"]], Names(plan));
        Diagnostic d = Assert.Single(plan.Diagnostics);
        Assert.Equal(("VM305", Severity.Error), (d.Code, d.Severity));
        Assert.Contains("devid 1 is used twice", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_findings_about_xl_4_22_syntax_are_dropped_for_eras_where_it_means_something()
    {
        // type=netfront: xl 4.6+ ignores it (VM205), xend and xl 4.2–4.5 read it as "no emulated NIC" (VM309);
        // builder= is deprecated only where type= exists (4.10+).
        const string text = "builder = \"hvm\"\nvif = [ 'type=netfront' ]\nname = \"g\"\n";
        Assert.Equal(["VM133:warning", "VM205:warning"], Codes(ReadAndPlan(text, "4.22")));
        Assert.Equal(["VM205:warning"], Codes(ReadAndPlan(text, "4.9")));
        Assert.Equal(["VM309:warning"], Codes(ReadAndPlan(text, "4.5")));
        Assert.Equal(["VM309:warning"], Codes(ReadAndPlan(text, "4.1", Toolstack.Xend)));
    }

    /// <summary>Reads <paramref name="text"/> for the release, then plans it there: lint and plan share the rules.</summary>
    private static NamePlan ReadAndPlan(string text, string xen, Toolstack toolstack = Toolstack.Xl)
    {
        Assert.True(XenVersion.TryParse(xen, out XenVersion version));
        DomainConfig config = DomainConfigReader.Read("t.cfg", System.Text.Encoding.UTF8.GetBytes(text), new ToolstackRelease(toolstack, version));
        return Plan(config, xen, toolstack);
    }

    [Fact]
    public void Devid_key_is_ignored_before_4_9()
    {
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, "devid=1", devid: 1), Nic(1)), "4.8");
        Assert.Equal([["pv:vif5.0"], ["pv:vif5.1"]], Names(plan));
        Assert.Equal(["VM312:warning"], Codes(plan));
    }

    [Fact]
    public void Ioemu_on_pv_fails_from_4_2_only()
    {
        // §7.12.
        DomainConfig config = Domain(GuestType.Pv, Nic(0, "type=ioemu", type: NicType.VifIoemu));
        Assert.Equal(["VM306:error"], Codes(Plan(config, "4.22")));
        Assert.Equal(["VM306:error"], Codes(Plan(config, "4.2")));
        Assert.Empty(Codes(Plan(config, "4.1")));
        Assert.Empty(Codes(Plan(config, "4.1", Toolstack.Xend)));
        Assert.True(Plan(config, "4.22").HasErrors);
    }

    [Fact]
    public void Ioemu_on_pvh_fails_from_4_10()
    {
        DomainConfig config = Domain(GuestType.Pvh, Nic(0, "type=ioemu", type: NicType.VifIoemu));
        Assert.Contains("PV or PVH", Assert.Single(Plan(config, "4.10").Diagnostics).Message, StringComparison.Ordinal);
        // 4.9 has no PVH: the guest is PV, and PV refuses ioemu too.
        Assert.Equal(["VM313:warning", "VM306:error"], Codes(Plan(config, "4.9")));
    }

    [Fact]
    public void Hvm_type_vif_has_no_tap()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, "type=vif", type: NicType.Vif)), "4.22");
        Assert.Equal([["pv:vif5.0"]], Names(plan));
        Assert.Equal(["VM309:warning"], Codes(plan));
        Assert.Equal(NicType.Vif, plan.Nics[0].NicType);
    }

    [Fact]
    public void Xend_explicit_ioemu_is_emulated_only()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, "type=ioemu", type: NicType.VifIoemu)), "4.1", Toolstack.Xend);
        Assert.Equal([["pv:vif5.0", "emulated:tap5.0"]], Names(plan));
        Assert.Equal(["VM310:warning"], Codes(plan));
    }

    [Fact]
    public void Xend_refuses_a_mac_used_twice()
    {
        var mac = new MacAddress(0x00, 0x16, 0x3e, 0, 0, 1);
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, mac: mac), Nic(1, mac: mac)), "4.1", Toolstack.Xend);
        Assert.Equal(["VM318:error"], Codes(plan));
        Assert.Empty(Codes(Plan(Domain(GuestType.Pv, Nic(0, mac: mac), Nic(1, mac: mac)), "4.22")));
    }

    [Fact]
    public void Driver_domain_backend_is_not_in_dom0()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, backend: "netdom")), "4.22");
        Diagnostic d = Assert.Single(plan.Diagnostics);
        Assert.Equal("VM320", d.Code);
        Assert.Contains("/local/domain/0/backend/vif", d.Message, StringComparison.Ordinal);
        Assert.Equal("netdom", plan.Nics[0].Backend);
        Assert.Empty(Plan(Domain(GuestType.Hvm, Nic(0, backend: "0")), "4.22").Diagnostics);
    }

    [Fact]
    public void No_device_model_means_no_tap()
    {
        DomainConfig config = Domain(GuestType.Hvm, Nic(0)) with { DeviceModelVersion = "none" };
        NamePlan plan = Plan(config, "4.8");
        Assert.Equal([["pv:vif5.0"]], Names(plan));
        Assert.Equal(NicType.Vif, plan.Nics[0].NicType);
        Assert.Equal(["VM314:warning"], Codes(plan));
    }

    [Theory]
    [InlineData("4.6")]
    [InlineData("4.10")]
    [InlineData("4.22")]
    public void No_device_model_is_refused_outside_4_7_to_4_9(string xen)
    {
        // Seen with the real xl 4.17: "Unknown device_model_version "none" specified".
        DomainConfig config = Domain(GuestType.Hvm, Nic(0)) with { DeviceModelVersion = "none" };
        NamePlan plan = Plan(config, xen);
        Assert.Equal(["VM321:error"], Codes(plan));
        Assert.Equal([["pv:vif5.0", "emulated:vif5.0-emu"]], Names(plan));
    }

    [Theory]
    [InlineData("qemu-xen-traditional", "4.20", false)]
    [InlineData("qemu-xen-traditional", "4.21", true)] // qemu-trad removed in 4.21 (19ab8356ab): xl_parse.c knows only qemu-xen
    [InlineData("qemu-xen-traditional", "4.22", true)]
    [InlineData("qemu-xen", "4.22", false)]
    [InlineData("qemu", "4.17", true)] // not a value xl has ever read
    public void Device_model_versions_xl_does_not_know_make_it_exit(string deviceModel, string xen, bool refused)
    {
        DomainConfig config = Domain(GuestType.Hvm, Nic(0)) with { DeviceModelVersion = deviceModel };
        NamePlan plan = Plan(config, xen);
        Assert.Equal(refused ? ["VM321:error"] : [], Codes(plan));
    }

    [Fact]
    public void Set_mtu_node_is_harmless_for_a_plain_vifname()
    {
        Assert.Empty(Plan(Domain(GuestType.Pv, Nic(0, vifName: "web")), "4.22").Diagnostics);
        Assert.Equal(["VM308:warning"], Codes(Plan(Domain(GuestType.Pv, Nic(0, vifName: "vif9.0")), "4.14")));
    }

    [Fact]
    public void Lint_findings_come_first_and_duplicates_of_them_are_dropped()
    {
        // Lint (xl 4.22 semantics) already said the vifname is too long for its -emu twin: plan keeps lint's
        // finding and drops its own copy, but keeps lint's other findings untouched.
        NicSpec nic = Nic(0, vifName: "twelve-chars");
        var lint = new Diagnostic(DiagnosticCodes.VifNameTooLong, Severity.Error, "too long", nic.Location);
        var other = new Diagnostic("VM201", Severity.Warning, "unknown token", new SourceLocation("t.cfg", 1, 2));
        DomainConfig config = Domain(GuestType.Hvm, nic) with { Diagnostics = [lint, other] };
        Assert.Equal(["VM201:warning", "VM219:error"], Codes(Plan(config, "4.22")));
    }

    [Fact]
    public void Lint_findings_that_do_not_hold_for_an_older_era_are_dropped()
    {
        // xl 4.1 names the tap X itself, so a 12-character vifname is fine; xl 4.22's 11-byte limit is not.
        const string text = "builder = \"hvm\"\nvif = [ 'vifname=twelve-chars' ]\nname = \"g\"\n";
        Assert.Equal(["VM311:warning"], Codes(ReadAndPlan(text, "4.1")));
        Assert.Equal(["VM133:warning", "VM219:error"], Codes(ReadAndPlan(text, "4.22")));
    }

    [Fact]
    public void A_config_read_for_another_release_is_refused_by_the_planner()
    {
        DomainConfig config = DomainConfigReader.Read("t.cfg", "vif = [ 'type=netfront' ]\n"u8.ToArray());
        Assert.Throws<ArgumentException>(() => Plan(config, "4.5"));
    }
}
