using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;
using static Vifmap.Tests.Naming.NamingTestData;

namespace Vifmap.Tests.Naming;

/// <summary>Reference §3.6: netback cuts at 14, QEMU at 15, the rename refuses more than 15.</summary>
public sealed class NameLengthTests
{
    [Fact]
    public void Tap_over_15_is_cut_by_qemu_and_libxl_hotplug_fails()
    {
        // vif12345.100-emu is 16 characters.
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, devid: 100)), "4.22", domid: 12345);
        PlannedInterface tap = plan.Nics[0].Interfaces[1];
        Assert.Equal("vif12345.100-em", tap.Name);
        Assert.Equal("vif12345.100-em", tap.CreatedAs);
        Assert.Equal("vif12345.100-emu", tap.Intended);
        Assert.Equal("vif12345.100", plan.Nics[0].Interfaces[0].Name);
        Diagnostic d = Assert.Single(plan.Diagnostics);
        Assert.Equal(("VM302", Severity.Error), (d.Code, d.Severity));
        Assert.Contains("\"vif12345.100-em\"", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tap_of_15_fits()
    {
        // 5-digit domid: devid ≤ 99 is safe (vif32751.99-emu = 15).
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, devid: 99)), "4.22", domid: 32751);
        Assert.Equal("vif32751.99-emu", plan.Nics[0].Interfaces[1].Name);
        Assert.Empty(plan.Diagnostics);
    }

    [Fact]
    public void Netback_cuts_at_14_and_the_cut_name_collides()
    {
        // devid 100000 becomes vif32751.10000, the name of devid 10000.
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, devid: 10000), Nic(1, devid: 100000)), "4.22", domid: 32751);
        Assert.Equal("vif32751.10000", plan.Nics[0].Interfaces[0].Name);
        Assert.Equal("vif32751.10000", plan.Nics[1].Interfaces[0].Name);
        Assert.Equal("vif32751.100000", plan.Nics[1].Interfaces[0].Intended);
        Assert.Equal(["VM301:error", "VM305:error"], Codes(plan));
    }

    [Fact]
    public void Netback_name_of_14_fits()
    {
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, devid: 99999)), "4.22", domid: 32751);
        Assert.Equal("vif32751.99999", plan.Nics[0].Interfaces[0].Name);
        Assert.Empty(plan.Diagnostics);
    }

    [Fact]
    public void Netback_cut_is_only_a_warning_where_udev_ran_hotplug()
    {
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0)), "4.1", Toolstack.Xend, domid: 32751);
        Assert.Empty(plan.Diagnostics);
        plan = Plan(Domain(GuestType.Pv, Nic(0, "devid=100000", devid: 100000)), "4.1", Toolstack.Xl, domid: 32751);
        Assert.Equal(["VM312:warning"], Codes(plan));
    }

    [Theory]
    [InlineData(GuestType.Pv, "fifteen-chars-x", new string[0])]
    [InlineData(GuestType.Pv, "sixteen-chars-xx", new[] { "VM303:error" })]
    [InlineData(GuestType.Hvm, "eleven-char", new string[0])]
    [InlineData(GuestType.Hvm, "twelve-chars", new[] { "VM303:error" })]
    public void Vifname_fits_15_alone_and_11_with_a_tap(GuestType type, string vifName, string[] codes)
    {
        NamePlan plan = Plan(Domain(type, Nic(0, vifName: vifName)), "4.22");
        Assert.Equal(codes, Codes(plan));
    }

    [Fact]
    public void Refused_rename_leaves_the_default_name()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, vifName: "twelve-chars")), "4.22");
        Assert.Equal("twelve-chars", plan.Nics[0].Interfaces[0].Name);
        PlannedInterface tap = plan.Nics[0].Interfaces[1];
        Assert.Equal("vif5.0-emu", tap.Name);
        Assert.Equal("twelve-chars-emu", tap.Intended);
    }

    [Fact]
    public void Xend_4_0_custom_tap_is_cut_silently()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, vifName: "a-long-name")), "4.0", Toolstack.Xend);
        Assert.Equal("tap-a-long-name", plan.Nics[0].Interfaces[1].Name);
        Assert.Empty(plan.Diagnostics);
        plan = Plan(Domain(GuestType.Hvm, Nic(0, vifName: "a-longer-name")), "4.0", Toolstack.Xend);
        Assert.Equal("tap-a-longer-na", plan.Nics[0].Interfaces[1].Name);
        Assert.Equal(["VM304:warning"], Codes(plan));
    }

    [Theory]
    [InlineData(0, 32751u)]
    [InlineData(99, 32751u)]
    [InlineData(100, 9999u)]
    [InlineData(1000, 999u)]
    public void Largest_domid_that_fits_a_tap(int devid, uint max)
    {
        // vif<D>.<N>-emu = 8 + len(D) + len(N) ≤ 15.
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0, devid: devid)), "4.22", domid: null);
        Assert.Equal(max, plan.MaxDomidThatFits);
        Assert.Equal(max < 32751 ? ["VM319:warning"] : [], Codes(plan));
    }

    [Theory]
    [InlineData(99999, 32751u)]
    [InlineData(100000, 9999u)]
    public void Largest_domid_that_fits_a_netback_name(int devid, uint max)
    {
        // vif<D>.<N> = 4 + len(D) + len(N) ≤ 14.
        NamePlan plan = Plan(Domain(GuestType.Pv, Nic(0, devid: devid)), "4.22", domid: null);
        Assert.Equal(max, plan.MaxDomidThatFits);
    }

    [Fact]
    public void Xl_4_0_tap_and_vif_numbers_stay_apart()
    {
        NamePlan plan = Plan(Domain(GuestType.Hvm, Nic(0)), "4.0", domid: null);
        Assert.Equal([["pv:vif<D>.1", "emulated:tap<D>.0"]], Names(plan));
    }
}
