using Vifmap.Host;
using Vifmap.Host.Live;
using Vifmap.Naming;

namespace Vifmap.Tests.Host.Live;

/// <summary>The pure map diff behind `vifmap watch`: maps built by hand, events as the issue names them.</summary>
public sealed class HostMapDiffTests
{
    private static HostMap Map(params GuestDomain[] domains) => new("live", 0, domains, [], []);

    private static GuestDomain Guest(int domid, string name, params GuestNic[] nics) => new(domid) { Name = name, Uuid = "u" + domid, Nics = nics };

    private static NicInterface Pv(string name, int? ifindex) => new(name, InterfaceRole.Pv, ifindex is null ? null : new NetLink(name) { Ifindex = ifindex }, "vifname");

    private static string Text(HostEvent e) => $"{e.Type.ToWireName()} {e.Domid} {e.Devid} {e.Path} {e.Interface} {e.From} {e.To}";

    [Fact]
    public void Same_ifindex_under_a_new_name_is_a_rename_another_ifindex_is_remove_and_add()
    {
        GuestNic before = new(0) { Active = ActivePath.Pv, Interfaces = [Pv("vif3.0", 7)] };
        GuestNic renamed = before with { Interfaces = [Pv("win0", 7)] };
        GuestNic replaced = before with { Interfaces = [Pv("win0", 8)] };

        Assert.Equal(["interface-renamed 3 0 pv win0 vif3.0 win0"],
            HostMapDiff.Diff(Map(Guest(3, "win", before)), Map(Guest(3, "win", renamed))).Select(Text));
        Assert.Equal(["interface-removed 3 0 pv vif3.0  ", "interface-added 3 0 pv win0  "],
            HostMapDiff.Diff(Map(Guest(3, "win", before)), Map(Guest(3, "win", replaced))).Select(Text));
    }

    [Fact]
    public void States_path_and_names_change_in_a_fixed_order_and_equal_maps_give_nothing()
    {
        GuestNic hvm = new(0) { Active = ActivePath.Emulated, BackendState = XenbusStateValue.Parse("2"), FrontendState = XenbusStateValue.Parse("1"),
            Interfaces = [Pv("vif3.0", 7), new NicInterface("vif3.0-emu", InterfaceRole.Emulated, new NetLink("vif3.0-emu") { Ifindex = 9 }, "default-name")] };
        GuestNic pv = hvm with { Active = ActivePath.Pv, BackendState = XenbusStateValue.Parse("4"), FrontendState = XenbusStateValue.Parse("4") };

        Assert.Empty(HostMapDiff.Diff(Map(Guest(3, "win", hvm)), Map(Guest(3, "win", hvm))));
        Assert.Equal(
            ["domain-renamed 3    win win2", "backend-state 3 0 pv vif3.0 2 4", "frontend-state 3 0 pv vif3.0 1 4", "active-path-changed 3 0 pv vif3.0 emulated pv"],
            HostMapDiff.Diff(Map(Guest(3, "win", hvm)), Map(Guest(3, "win2", pv))).Select(Text));
    }

    [Fact]
    public void A_guest_arriving_and_leaving_brings_its_nics_and_present_interfaces()
    {
        GuestNic nic = new(0) { Active = ActivePath.None, Interfaces = [Pv("vif5.0", 3)] };

        Assert.Equal(["domain-introduced 5     ", "nic-added 5 0 none vif5.0  ", "interface-added 5 0 pv vif5.0  "],
            HostMapDiff.Diff(Map(), Map(Guest(5, "db", nic))).Select(Text));
        Assert.Equal(["interface-removed 5 0 pv vif5.0  ", "nic-removed 5 0 none vif5.0  ", "domain-released 5     "],
            HostMapDiff.Diff(Map(Guest(5, "db", nic)), Map()).Select(Text));
        Assert.Equal(["present 5 0 none vif5.0  "], HostMapDiff.Present(Map(Guest(5, "db", nic))).Select(Text));
    }
}
