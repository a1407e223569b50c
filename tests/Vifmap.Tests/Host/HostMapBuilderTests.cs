using Vifmap.Diagnostics;
using Vifmap.Host;
using Vifmap.Naming;
using Vifmap.Tests.Host.Support;

namespace Vifmap.Tests.Host;

/// <summary>The map's rules (reference §3.3, §3.5, §4.5, §7, §8), one scenario each. Expected values
/// are written from the reference, not from the program's output.</summary>
public sealed class HostMapBuilderTests
{
    private const string WebUuid = "6f1d3c2e-0000-4000-8000-000000000001";
    private readonly InMemoryXenStore _xs = new();
    private readonly List<NetLink> _links = [];

    public HostMapBuilderTests() => LibxlWrites.Dom0(_xs);

    private Task<HostMap> MapAsync(params string[] domains)
        => HostMapBuilder.BuildAsync(_xs, _links, new HostMapOptions { Domains = domains, Source = "test" });

    private static NetLink Vif(string name, string? node = null, long rx = 0, long tx = 0, bool? carrier = true)
        => new(name) { OperState = "up", Carrier = carrier, Master = "xenbr0", Mtu = 1500, XenbusNodename = node, RxBytes = rx, TxBytes = tx, RxPackets = 0, TxPackets = 0 };

    private static NetLink Tap(string name, long rx = 0, long tx = 0)
        => new(name) { OperState = "up", Carrier = true, Master = "xenbr0", Mtu = 1500, Kind = "tun", RxBytes = rx, TxBytes = tx };

    [Fact]
    public async Task Pv_guest_with_connected_frontend_is_active_pv_on_its_netback_vif()
    {
        LibxlWrites.Domain(_xs, 5, "web", WebUuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:01", "xenbr0", frontendState: "4", backendState: "4");
        _links.Add(Vif("vif5.0", "backend/vif/5/0", rx: 100, tx: 200));

        HostMap map = await MapAsync();

        GuestDomain web = Assert.Single(map.Domains);
        Assert.Equal((5, "web", WebUuid, (int?)null), (web.Domid, web.Name, web.Uuid, web.StubdomDomid));
        GuestNic nic = Assert.Single(web.Nics);
        Assert.Equal("00:16:3e:00:00:01", nic.Mac);
        Assert.Equal("xenbr0", nic.Bridge);
        Assert.Equal("vif", nic.NicType);
        Assert.Equal("/etc/xen/scripts/vif-bridge", nic.Script);
        Assert.Equal("connected", nic.HotplugStatus);
        Assert.Equal(4, nic.BackendState.State);
        Assert.Equal(4, nic.FrontendState.State);
        Assert.Equal(ActivePath.Pv, nic.Active);
        Assert.Equal("frontend state 4 (Connected)", nic.ActiveReason);
        NicInterface pv = Assert.Single(nic.Interfaces);
        Assert.Equal(("vif5.0", InterfaceRole.Pv, true, "nodename"), (pv.Name, pv.Role, pv.Present, pv.MatchedBy));
        Assert.Equal(100, pv.Link!.RxBytes);
        Assert.Empty(map.Orphans);
        Assert.Empty(map.Diagnostics);
    }

    [Fact]
    public async Task Hvm_guest_without_pv_drivers_uses_the_emulated_tap()
    {
        // §4.5: frontend still 1, backend 2 (InitWait), tap present; vifD.N exists with no carrier.
        LibxlWrites.Domain(_xs, 7, "win", WebUuid);
        LibxlWrites.Nic(_xs, 0, 7, 0, "00:16:3e:00:00:07", "xenbr0", type: "vif_ioemu");
        _links.Add(Vif("vif7.0", "backend/vif/7/0", carrier: false));
        _links.Add(Tap("vif7.0-emu", rx: 42, tx: 0));

        GuestNic nic = Assert.Single(Assert.Single((await MapAsync()).Domains).Nics);

        Assert.Equal(ActivePath.Emulated, nic.Active);
        Assert.Equal("frontend state 1 (Initialising), tap vif7.0-emu present, traffic seen", nic.ActiveReason);
        Assert.Equal(
            [("vif7.0", InterfaceRole.Pv, true), ("vif7.0-emu", InterfaceRole.Emulated, true)],
            nic.Interfaces.Select(i => (i.Name, i.Role, i.Present)));
    }

    [Fact]
    public async Task Pvhvm_guest_whose_frontend_connected_and_tap_is_gone_is_pv()
    {
        LibxlWrites.Domain(_xs, 8, "pvhvm", WebUuid);
        LibxlWrites.Nic(_xs, 0, 8, 0, "00:16:3e:00:00:08", "xenbr0", type: "vif_ioemu", frontendState: "4", backendState: "4");
        _links.Add(Vif("vif8.0", "backend/vif/8/0"));

        HostMap map = await MapAsync();
        GuestNic nic = Assert.Single(Assert.Single(map.Domains).Nics);

        Assert.Equal(ActivePath.Pv, nic.Active);
        Assert.Equal("frontend state 4 (Connected), tap vif8.0-emu gone (emulated NIC unplugged)", nic.ActiveReason);
        Assert.Equal([("vif8.0", true), ("vif8.0-emu", false)], nic.Interfaces.Select(i => (i.Name, i.Present)));
        Assert.Empty(map.Orphans); // a missing tap after unplug is normal, not a leftover
    }

    [Fact]
    public async Task Custom_vifname_maps_the_renamed_vif_and_its_emu_tap()
    {
        // §3.2: both are renamed by hotplug, to X and X-emu; the -emu suffix is stored nowhere (§7.8).
        LibxlWrites.Domain(_xs, 9, "db", WebUuid);
        LibxlWrites.Nic(_xs, 0, 9, 0, "00:16:3e:00:00:09", "xenbr1", type: "vif_ioemu", vifname: "db-lan");
        _links.Add(Vif("db-lan"));
        _links.Add(Tap("db-lan-emu"));

        HostMap map = await MapAsync();
        GuestNic nic = Assert.Single(Assert.Single(map.Domains).Nics);

        Assert.Equal("db-lan", nic.VifName);
        Assert.Equal(
            [("db-lan", "vifname", true), ("db-lan-emu", "vifname", true)],
            nic.Interfaces.Select(i => (i.Name, i.MatchedBy, i.Present)));
        Assert.Equal(ActivePath.Emulated, nic.Active);
        Assert.Equal("frontend state 1 (Initialising), tap db-lan-emu present, no traffic yet", nic.ActiveReason);
        Assert.Empty(map.Orphans);
    }

    [Fact]
    public async Task Vifname_not_yet_applied_falls_back_to_the_default_name_with_a_warning()
    {
        // §7.9: created with the default name, renamed later; for a while (or for good) vifD.N.
        LibxlWrites.Domain(_xs, 9, "db", WebUuid);
        LibxlWrites.Nic(_xs, 0, 9, 0, "00:16:3e:00:00:09", "xenbr1", vifname: "db-lan");
        _links.Add(Vif("vif9.0"));

        HostMap map = await MapAsync();

        NicInterface pv = Assert.Single(Assert.Single(Assert.Single(map.Domains).Nics).Interfaces);
        Assert.Equal(("vif9.0", true, "default-name"), (pv.Name, pv.Present, pv.MatchedBy));
        Diagnostic d = Assert.Single(map.Diagnostics);
        Assert.Equal(
            ("VM405", Severity.Warning, "backend/vif/9/0: vifname is 'db-lan' but the interface is still vif9.0 (rename pending or hotplug failed)"),
            (d.Code, d.Severity, d.Message));
    }

    [Fact]
    public async Task Stub_domain_vifs_appear_under_the_guest_nic_and_the_stub_is_not_a_guest()
    {
        // §3.5: stub S=12 serves guest D=11; dom0 has vif11.0 (guest PV) and vif12.0 (stub), no tap.
        LibxlWrites.Domain(_xs, 11, "legacy", WebUuid);
        LibxlWrites.StubDomain(_xs, guest: 11, stub: 12, guestName: "legacy", uuid: "6f1d3c2e-0000-4000-8000-000000000012");
        LibxlWrites.Nic(_xs, 0, 11, 0, "00:16:3e:00:00:11", "xenbr0", type: "vif_ioemu");
        LibxlWrites.Nic(_xs, 0, 12, 0, "00:16:3e:00:00:11", "xenbr0", type: "vif", frontendState: "4", backendState: "4");
        _links.Add(Vif("vif11.0", "backend/vif/11/0", carrier: false));
        _links.Add(Vif("vif12.0", "backend/vif/12/0", rx: 5000, tx: 7000));

        HostMap map = await MapAsync();

        GuestDomain guest = Assert.Single(map.Domains);
        Assert.Equal((11, "legacy", (int?)12), (guest.Domid, guest.Name, guest.StubdomDomid));
        GuestNic nic = Assert.Single(guest.Nics);
        Assert.Equal(
            [("vif11.0", InterfaceRole.Pv, true), ("vif12.0", InterfaceRole.Stubdom, true)],
            nic.Interfaces.Select(i => (i.Name, i.Role, i.Present)));
        Assert.Equal(ActivePath.Emulated, nic.Active);
        Assert.Equal("frontend state 1 (Initialising), stub domain vif vif12.0 present, traffic seen", nic.ActiveReason);
        Assert.Empty(map.Orphans);
    }

    [Fact]
    public async Task Each_nic_of_a_guest_with_a_stub_domain_gets_the_stub_vif_of_its_own_devid()
    {
        // The stub domain's copy of NIC N is its NIC N (§3.5), whatever else either lists; devids sparse.
        LibxlWrites.Domain(_xs, 11, "legacy", WebUuid);
        LibxlWrites.StubDomain(_xs, guest: 11, stub: 12, guestName: "legacy", uuid: "6f1d3c2e-0000-4000-8000-000000000012");
        foreach (int devid in new[] { 700, 3, 42 })
        {
            LibxlWrites.Nic(_xs, 0, 11, devid, "00:16:3e:00:00:11", "xenbr0", type: "vif_ioemu", vifname: $"g{devid}");
        }

        foreach (int devid in new[] { 42, 9, 700, 3 })
        {
            LibxlWrites.Nic(_xs, 0, 12, devid, "00:16:3e:00:00:11", "xenbr0", vifname: $"s{devid}", frontendState: "4", backendState: "4");
        }

        GuestDomain guest = Assert.Single((await MapAsync()).Domains);

        Assert.Equal(
            [(3, "g3", "s3"), (42, "g42", "s42"), (700, "g700", "s700")],
            guest.Nics.Select(n => (n.Devid, n.Interfaces[0].Name, n.Interfaces[1].Name)));
    }

    [Fact]
    public async Task Stub_domain_vif_of_a_guest_with_vifname_is_vifname_emu()
    {
        LibxlWrites.Domain(_xs, 11, "legacy", WebUuid);
        LibxlWrites.StubDomain(_xs, guest: 11, stub: 12, guestName: "legacy", uuid: "6f1d3c2e-0000-4000-8000-000000000012");
        LibxlWrites.Nic(_xs, 0, 11, 0, "00:16:3e:00:00:11", "xenbr0", type: "vif_ioemu", vifname: "leg0");
        LibxlWrites.Nic(_xs, 0, 12, 0, "00:16:3e:00:00:11", "xenbr0", vifname: "leg0-emu", frontendState: "4", backendState: "4");
        _links.Add(Vif("leg0"));
        _links.Add(Vif("leg0-emu"));

        GuestNic nic = Assert.Single(Assert.Single((await MapAsync()).Domains).Nics);

        Assert.Equal([("leg0", InterfaceRole.Pv), ("leg0-emu", InterfaceRole.Stubdom)], nic.Interfaces.Select(i => (i.Name, i.Role)));
    }

    [Fact]
    public async Task Nic_served_by_a_driver_domain_is_listed_as_served_there()
    {
        LibxlWrites.Domain(_xs, 3, "netdd", WebUuid);
        LibxlWrites.Domain(_xs, 14, "tenant", "6f1d3c2e-0000-4000-8000-000000000014");
        LibxlWrites.Nic(_xs, 3, 14, 0, "00:16:3e:00:00:14", "br-tenant", frontendState: "4", backendState: "4");

        HostMap map = await MapAsync();

        Assert.Equal([3, 14], map.Domains.Select(d => d.Domid));
        GuestNic nic = Assert.Single(map.Domains[1].Nics);
        Assert.False(nic.ServedHere);
        Assert.Equal(3, nic.BackendDomid);
        Assert.Equal("00:16:3e:00:00:14", nic.Mac);
        Assert.Equal(ActivePath.Unknown, nic.Active);
        Assert.Equal("served by backend domain 3: its interfaces are there (vifmap ls --backend-domid 3 in that domain)", nic.ActiveReason);
        Assert.Empty(nic.Interfaces);
        Assert.Empty(map.Domains[0].Nics);
    }

    [Fact]
    public async Task In_the_driver_domain_the_same_nic_maps_with_backend_domid()
    {
        LibxlWrites.Domain(_xs, 3, "netdd", WebUuid);
        LibxlWrites.Domain(_xs, 14, "tenant", "6f1d3c2e-0000-4000-8000-000000000014");
        LibxlWrites.Nic(_xs, 3, 14, 0, "00:16:3e:00:00:14", "br-tenant", frontendState: "4", backendState: "4");
        _links.Add(Vif("vif14.0", "backend/vif/14/0"));

        HostMap map = await HostMapBuilder.BuildAsync(_xs, _links, new HostMapOptions { BackendDomid = 3 });

        Assert.Equal(3, map.BackendDomid);
        GuestDomain tenant = Assert.Single(map.Domains); // the driver domain itself has no NICs: not a guest here
        GuestNic nic = Assert.Single(tenant.Nics);
        Assert.True(nic.ServedHere);
        Assert.Equal(ActivePath.Pv, nic.Active);
        Assert.Equal("vif14.0", Assert.Single(nic.Interfaces).Name);
    }

    [Fact]
    public async Task Interface_without_backend_entry_is_an_orphan()
    {
        LibxlWrites.Domain(_xs, 5, "web", WebUuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:01", "xenbr0", frontendState: "4", backendState: "4");
        _links.Add(Vif("vif5.0"));
        _links.Add(Vif("vif5.1"));       // NIC 1 was detached but its vif stayed
        _links.Add(Tap("vif31.0-emu"));  // domain 31 crashed, QEMU's tap left behind
        _links.Add(Tap("tap6.0"));       // xl 4.1-style tap, no domain 6
        _links.Add(new NetLink("xenbr0") { Kind = "bridge" });
        _links.Add(new NetLink("eth0"));
        _links.Add(new NetLink("vnet0"));

        HostMap map = await MapAsync();

        Assert.Equal(
            [
                ("vif5.1", OrphanKind.Interface, "vif-like name, but domain 5 has no backend entry for devid 1 here"),
                ("vif31.0-emu", OrphanKind.Interface, "tap-like name, but domain 31 does not exist"),
                ("tap6.0", OrphanKind.Interface, "tap-like name, but domain 6 does not exist"),
            ],
            map.Orphans.Select(o => (o.Name, o.Kind, o.Reason)));
    }

    [Fact]
    public async Task Backend_entry_without_its_interface_is_an_orphan_and_listed_missing()
    {
        LibxlWrites.Domain(_xs, 5, "web", WebUuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:01", "xenbr0");
        LibxlWrites.Nic(_xs, 0, 40, 0, "00:16:3e:00:00:40", "xenbr0"); // domain 40 is gone, its backend was not cleaned
        _xs.Remove("/local/domain/40");

        HostMap map = await MapAsync();

        GuestNic nic = Assert.Single(Assert.Single(map.Domains).Nics);
        Assert.Equal(("vif5.0", false, "expected"), (nic.Interfaces[0].Name, nic.Interfaces[0].Present, nic.Interfaces[0].MatchedBy));
        Assert.Equal(ActivePath.None, nic.Active);
        Assert.Equal("frontend state 1 (Initialising), no emulated NIC", nic.ActiveReason);
        Assert.Equal(
            [
                ("vif5.0", OrphanKind.Backend, "backend/vif/5/0 exists but its netback interface is missing"),
                ("backend/vif/40/0", OrphanKind.Backend, "backend entry for domain 40, which does not exist"),
            ],
            map.Orphans.Select(o => (o.Name, o.Kind, o.Reason)));
    }

    [Fact]
    public async Task Nodename_wins_over_a_vifname_that_looks_like_another_default_name()
    {
        // §7.10: domain 20 NIC 0 is renamed "vif21.0"; domain 21's own NIC 0 exists too, its hotplug failed
        // so its netback interface kept... nothing (the name was taken). The kernel's nodename tells them apart.
        LibxlWrites.Domain(_xs, 20, "a", WebUuid);
        LibxlWrites.Domain(_xs, 21, "b", "6f1d3c2e-0000-4000-8000-000000000021");
        LibxlWrites.Nic(_xs, 0, 20, 0, "00:16:3e:00:00:20", "xenbr0", vifname: "vif21.0", frontendState: "4", backendState: "4");
        LibxlWrites.Nic(_xs, 0, 21, 0, "00:16:3e:00:00:21", "xenbr0", frontendState: "4", backendState: "4");
        _links.Add(Vif("vif21.0", "backend/vif/20/0"));

        HostMap map = await MapAsync();

        NicInterface a = map.Domains[0].Nics[0].Interfaces[0];
        NicInterface b = map.Domains[1].Nics[0].Interfaces[0];
        Assert.Equal(("vif21.0", true, "nodename"), (a.Name, a.Present, a.MatchedBy));
        Assert.Equal(("vif21.0", false), (b.Name, b.Present));
    }

    [Fact]
    public async Task Garbage_frontend_state_is_flagged_and_the_active_path_is_unknown()
    {
        LibxlWrites.Domain(_xs, 5, "web", WebUuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:01", "xenbr0", frontendState: "4\u001b[31m");
        _links.Add(Vif("vif5.0"));

        HostMap map = await MapAsync();
        GuestNic nic = Assert.Single(Assert.Single(map.Domains).Nics);

        Assert.True(nic.FrontendState.IsGarbage);
        Assert.Equal("4\u001b[31m", nic.FrontendState.Raw);
        Assert.Equal(ActivePath.Unknown, nic.Active);
        Assert.Equal("frontend state '4\u001b[31m' is not a XenbusState", nic.ActiveReason);
        Diagnostic d = Assert.Single(map.Diagnostics);
        Assert.Equal(("VM402", "/local/domain/5/device/vif/0/state = '4\u001b[31m' is not a XenbusState (0-8)"), (d.Code, d.Message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("04")]
    [InlineData("9")]
    [InlineData("-1")]
    [InlineData(" 4")]
    [InlineData("4\n")]
    public void Only_a_plain_number_0_to_8_is_a_xenbus_state(string raw)
        => Assert.True(XenbusStateValue.Parse(raw).IsGarbage);

    [Fact]
    public async Task Non_utf8_and_huge_values_are_kept_and_flagged_not_fatal()
    {
        LibxlWrites.Domain(_xs, 5, "web", WebUuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:01", "xenbr0", frontendState: "4", backendState: "4");
        _xs.Write("/local/domain/5/name", [0x77, 0xff, 0x0a, 0x65]);
        string huge = new('b', 4096);
        _xs.Write("/local/domain/0/backend/vif/5/0/bridge", huge);

        HostMap map = await MapAsync();
        GuestDomain web = Assert.Single(map.Domains);

        Assert.Equal("w\uFFFD\ne", web.Name);
        Assert.Equal(huge, web.Nics[0].Bridge);
        Diagnostic d = Assert.Single(map.Diagnostics);
        Assert.Equal(("VM401", "/local/domain/5/name: value is not UTF-8; invalid bytes shown as U+FFFD"), (d.Code, d.Message));
    }

    [Fact]
    public async Task Five_digit_random_domid_maps_like_any_other()
    {
        LibxlWrites.Domain(_xs, 31234, "rnd", WebUuid);
        LibxlWrites.Nic(_xs, 0, 31234, 2, "00:16:3e:00:12:34", "xenbr0", type: "vif_ioemu");
        _links.Add(Vif("vif31234.2", "backend/vif/31234/2", carrier: false));
        _links.Add(Tap("vif31234.2-emu", rx: 1, tx: 1));

        GuestNic nic = Assert.Single(Assert.Single((await MapAsync()).Domains).Nics);

        Assert.Equal(2, nic.Devid);
        Assert.Equal(["vif31234.2", "vif31234.2-emu"], nic.Interfaces.Select(i => i.Name));
        Assert.Equal(ActivePath.Emulated, nic.Active);
    }

    [Fact]
    public async Task Domain_filter_keeps_guests_by_name_or_domid_and_their_orphans_only()
    {
        LibxlWrites.Domain(_xs, 5, "web", WebUuid);
        LibxlWrites.Domain(_xs, 6, "db", "6f1d3c2e-0000-4000-8000-000000000006");
        LibxlWrites.Domain(_xs, 7, "mail", "6f1d3c2e-0000-4000-8000-000000000007");
        foreach (int d in new[] { 5, 6, 7 })
        {
            LibxlWrites.Nic(_xs, 0, d, 0, "00:16:3e:00:00:01", "xenbr0", frontendState: "4", backendState: "4");
        }

        _links.AddRange([Vif("vif5.0"), Vif("vif6.0"), Vif("vif7.0"), Vif("vif5.3"), Vif("vif7.3")]);

        HostMap map = await MapAsync("web", "7");

        Assert.Equal([5, 7], map.Domains.Select(d => d.Domid));
        Assert.Equal(["vif5.3", "vif7.3"], map.Orphans.Select(o => o.Name));
    }

    [Fact]
    public async Task Nodes_removed_while_the_map_is_read_leave_gaps_not_errors()
    {
        LibxlWrites.Domain(_xs, 5, "web", WebUuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:01", "xenbr0", frontendState: "4", backendState: "4");
        LibxlWrites.Nic(_xs, 0, 5, 1, "00:16:3e:00:00:02", "xenbr0", frontendState: "4", backendState: "4");
        var vanishing = new VanishingReader(_xs, vanishAfterDirectoryOf: "/local/domain/0/backend/vif/5");

        HostMap map = await HostMapBuilder.BuildAsync(vanishing, [], new HostMapOptions());

        GuestDomain web = Assert.Single(map.Domains);
        Assert.Equal([0, 1], web.Nics.Select(n => n.Devid));
        Assert.All(web.Nics, n => Assert.Null(n.Mac));
        Assert.All(web.Nics, n => Assert.Equal(ActivePath.Unknown, n.Active));
        Assert.All(web.Nics, n => Assert.Equal("no frontend state node", n.ActiveReason));
    }

    [Fact]
    public async Task Non_numeric_children_are_ignored_with_a_warning()
    {
        LibxlWrites.Domain(_xs, 5, "web", WebUuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:01", "xenbr0", frontendState: "4", backendState: "4");
        _xs.Write("/local/domain/5/device/vif/evil", "1"); // the guest owns its device/ tree

        HostMap map = await MapAsync();

        Assert.Single(Assert.Single(map.Domains).Nics);
        Diagnostic d = Assert.Single(map.Diagnostics);
        Assert.Equal(("VM403", "/local/domain/5/device/vif/evil: 'evil' is not a domain or device id; ignored"), (d.Code, d.Message));
    }

    [Fact]
    public async Task Reads_only_what_the_map_needs()
    {
        LibxlWrites.Domain(_xs, 5, "web", WebUuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:01", "xenbr0", frontendState: "4", backendState: "4");

        await MapAsync();

        // The /libxl device mirror, /vm and the ring keys are never read: fewer requests is what makes ls fast.
        // Of /libxl only each domain's type (libxl 4.10+; guests cannot write it) is read.
        Assert.DoesNotContain(_xs.Requests, r => (r.Contains("/libxl", StringComparison.Ordinal) && !r.EndsWith("/type", StringComparison.Ordinal))
            || r.Contains(" /vm", StringComparison.Ordinal));
        // Per domain: its node (still there since it was listed?), 5 identity keys, its frontend list;
        // the domain and backend lists; per NIC 8 backend keys and the frontend state.
        Assert.True(_xs.Requests.Count <= 2 * 7 + 2 + 2 + 9, string.Join("\n", _xs.Requests));
    }

    /// <summary>Returns nothing for any node under the backend and frontend NIC directories once the
    /// backend listing was answered: the guest was destroyed between the listing and the reads.</summary>
    private sealed class VanishingReader(InMemoryXenStore inner, string vanishAfterDirectoryOf) : Vifmap.XenStore.IXenStoreReader
    {
        private volatile bool _gone;

        public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
            => _gone && (path.Contains("/vif/5/", StringComparison.Ordinal) || path.Contains("/device/vif/", StringComparison.Ordinal))
                ? ValueTask.FromResult<byte[]?>(null)
                : inner.ReadAsync(path, cancellationToken);

        public async ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<string>? result = await inner.DirectoryAsync(path, cancellationToken);
            if (path == vanishAfterDirectoryOf)
            {
                _gone = true;
            }

            return result;
        }
    }
}
