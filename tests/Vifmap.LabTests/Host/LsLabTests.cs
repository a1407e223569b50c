using System.Text.Json.Nodes;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Host;

/// <summary>`vifmap ls` against the real xenstored and real interfaces of the demo host
/// (tests/lab/scenarios/demo-host.sh). Every expected value below comes from that scenario and the
/// reference (§3.2 names, §3.5 stub domains, §4.5 active path): 60-byte frames, counted as rx by dom0.</summary>
public sealed class LsLabTests
{
    // (domid, devid) → PV interface, other interface (role, present), active path, rx bytes of the active interface.
    public static TheoryData<int, int, string, string?, string?, bool, string, long?> DemoNics => new()
    {
        { 1, 0, "vif1.0", null, null, false, "pv", 300 },
        { 1, 1, "vif1.1", null, null, false, "pv", 0 },
        { 1, 2, "vif1.2", null, null, false, "pv", 0 },
        { 2, 0, "vif2.0", "vif2.0-emu", "emulated", true, "emulated", 600 },
        { 3, 0, "vif3.0", "vif3.0-emu", "emulated", false, "pv", 240 },
        { 4, 0, "mail0", "mail0-emu", "emulated", true, "emulated", 180 },
        { 5, 0, "vif5.0", "vif6.0", "stubdom", true, "emulated", 420 },
        { 8, 1, "vif8.1", null, null, false, "pv", 120 },
        { 31234, 0, "vif31234.0", null, null, false, "pv", 60 },
    };

    private static JsonNode Nic(JsonObject map, int domid, int devid)
        => map["domains"]!.AsArray().Single(d => (int)d!["domid"]! == domid)!["nics"]!.AsArray().Single(n => (int)n!["devid"]! == devid)!;

    [SkippableTheory]
    [MemberData(nameof(DemoNics))]
    public async Task Demo_host_nic_maps_to_its_interfaces_and_active_path(
        int domid, int devid, string pv, string? other, string? otherRole, bool otherPresent, string active, long? rx)
    {
        await using LabHost host = await LabHost.StartDemoAsync();

        JsonObject map = await host.MapAsync();

        JsonNode nic = Nic(map, domid, devid);
        Assert.Equal(active, (string?)nic["active"]);
        JsonArray interfaces = nic["interfaces"]!.AsArray();
        Assert.Equal(pv, (string?)interfaces[0]!["name"]);
        Assert.True((bool)interfaces[0]!["present"]!);
        if (other is null)
        {
            Assert.Single(interfaces);
        }
        else
        {
            Assert.Equal((other, otherRole, otherPresent), ((string?)interfaces[1]!["name"], (string?)interfaces[1]!["role"], (bool)interfaces[1]!["present"]!));
        }

        JsonNode carrying = active == "pv" ? interfaces[0]! : interfaces[1]!;
        Assert.Equal(rx, (long?)carrying["rx_bytes"]);
    }

    [SkippableFact]
    public async Task Demo_host_lists_guests_not_stub_domains_and_reports_the_orphan()
    {
        await using LabHost host = await LabHost.StartDemoAsync();

        JsonObject map = await host.MapAsync();

        Assert.Equal(
            [(1, "web"), (2, "win10"), (3, "deb-hvm"), (4, "mail"), (5, "legacy"), (7, "netdd"), (8, "tenant"), (31234, "rnd")],
            map["domains"]!.AsArray().Select(d => ((int)d!["domid"]!, (string?)d["name"])));
        Assert.Equal(6, (int?)map["domains"]![4]!["stubdom_domid"]);
        Assert.Equal("8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b02", (string?)map["domains"]![1]!["uuid"]);
        JsonNode tenant0 = Nic(map, 8, 0);
        Assert.Equal(("unknown", 7, false), ((string?)tenant0["active"], (int?)tenant0["backend_domid"], (bool)tenant0["served_here"]!));
        JsonNode orphan = Assert.Single(map["orphans"]!.AsArray())!;
        Assert.Equal(("vif9.0", "interface", "vif-like name, but domain 9 does not exist"), ((string?)orphan["name"], (string?)orphan["kind"], (string?)orphan["reason"]));
        Assert.Empty(map["diagnostics"]!.AsArray());
        JsonNode mail = Nic(map, 4, 0);
        Assert.Equal(("vif_ioemu", "mail0", "xenbr1", 2, 1), ((string?)mail["nictype"], (string?)mail["vifname"], (string?)mail["bridge"], (int?)mail["backend_state"], (int?)mail["frontend_state"]));
    }

    [SkippableFact]
    public async Task Driver_domain_view_maps_the_nics_it_serves()
    {
        await using LabHost host = await LabHost.StartDemoAsync();

        // As vifmap would run inside driver domain 7 (here its interfaces are not created, so vif8.0 is missing).
        JsonObject map = await host.MapAsync("--backend-domid", "7", "--domain", "tenant");

        Assert.Equal(7, (int?)map["backend_domid"]);
        JsonNode served = Nic(map, 8, 0);
        Assert.Equal((true, 7, "00:16:3e:4a:08:00", "br-tenant", "pv"), ((bool)served["served_here"]!, (int?)served["backend_domid"], (string?)served["mac"], (string?)served["bridge"], (string?)served["active"]));
        Assert.Equal(("vif8.0", false), ((string?)served["interfaces"]![0]!["name"], (bool)served["interfaces"]![0]!["present"]!));
        JsonNode elsewhere = Nic(map, 8, 1);
        Assert.Equal((false, 0), ((bool)elsewhere["served_here"]!, (int?)elsewhere["backend_domid"]));
        Assert.Contains(map["orphans"]!.AsArray(), o => (string?)o!["name"] == "vif8.0" && (string?)o["kind"] == "backend");
    }

    [SkippableFact]
    public async Task Table_is_printed_for_people()
    {
        await using LabHost host = await LabHost.StartDemoAsync();

        LabProcessResult result = (await host.VifmapAsync("ls", "--domain", "win10", "--domain", "31234")).EnsureSuccess("vifmap ls");

        string[] lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(
            ["DOMAIN", "DOMID", "DEVID", "MAC", "BRIDGE", "PV", "EMULATED", "ACTIVE", "STATE", "RX-FROM-GUEST", "TX-TO-GUEST"],
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            ["win10", "2", "0", "00:16:3e:4a:02:00", "xenbr0", "vif2.0", "vif2.0-emu", "emulated", "up", "600", "B", "0", "B"],
            lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["rnd", "31234", "0", "00:16:3e:4a:09:00", "xenbr0", "vif31234.0", "-", "pv"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..8]);
    }

    [SkippableFact]
    public async Task Real_xenstore_ls_and_ip_link_dumps_map_identically_to_the_live_host()
    {
        await using LabHost host = await LabHost.StartDemoAsync();
        string dir = Directory.CreateTempSubdirectory("vifmap-dump-").FullName;
        try
        {
            string dump = Path.Combine(dir, "xenstore.txt");
            string links = Path.Combine(dir, "links.json");
            LabProcessResult ls = (await host.Xenstore.RunClientAsync("xenstore-ls", ["-f"])).EnsureSuccess("xenstore-ls -f");
            await File.WriteAllTextAsync(dump, ls.StdOut);
            LabProcessResult ip = (await host.InNamespaceAsync("/usr/sbin/ip", "-j", "-s", "-d", "link", "show")).EnsureSuccess("ip -j -s -d link show");
            await File.WriteAllTextAsync(links, ip.StdOut);

            JsonObject live = await host.MapAsync();
            LabProcessResult fromDump = (await LabProcess.RunAsync(LabHost.VifmapPath, ["ls", "--json", "--xenstore-dump", dump, "--links", links]))
                .EnsureSuccess("vifmap ls --xenstore-dump");

            var offline = (JsonObject)JsonNode.Parse(fromDump.StdOut)!;
            Assert.Equal("dump", (string?)offline["source"]);
            Assert.Equal(LabHost.WithoutSource(live), LabHost.WithoutSource(offline));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Snapshot_maps_identically_anywhere()
    {
        await using LabHost host = await LabHost.StartDemoAsync();
        string file = Path.Combine(Path.GetTempPath(), $"vifmap-snapshot-{Guid.NewGuid():N}.json");
        try
        {
            (await host.VifmapAsync("snapshot", "-o", file)).EnsureSuccess("vifmap snapshot");
            JsonObject live = await host.MapAsync();

            LabProcessResult fromSnapshot = (await LabProcess.RunAsync(LabHost.VifmapPath, ["ls", "--json", "--snapshot", file]))
                .EnsureSuccess("vifmap ls --snapshot");

            Assert.Equal(LabHost.WithoutSource(live), LabHost.WithoutSource((JsonObject)JsonNode.Parse(fromSnapshot.StdOut)!));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public async Task Daemon_trace_shows_vifmap_sent_only_reads_under_one_watch_on_a_quiet_host()
    {
        await using LabHost host = await LabHost.StartDemoAsync(trace: true);
        long before = new FileInfo(host.Xenstore.TraceLogPath).Length;

        await host.MapAsync();

        string trace;
        using (var stream = new FileStream(host.Xenstore.TraceLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.Seek(before, SeekOrigin.Begin);
            trace = await new StreamReader(stream).ReadToEndAsync();
        }

        // Trace lines: "IN 0x<conn> <date> <time> <TYPE> (<args>)" for every message the daemon received.
        string[] types = [.. trace.Split('\n')
            .Where(l => l.StartsWith("IN ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', 6)[4])];
        Assert.NotEmpty(types);
        Assert.Contains("READ", types);

        // A quiet host (nothing written meanwhile): the reads go outside transactions, guarded by one
        // watch on /local/domain set first and removed last (WatchGuardedRead); no transaction needed.
        Assert.Equal("WATCH", types[0]);
        Assert.Equal("UNWATCH", types[^1]);
        Assert.Equal(1, types.Count(t => t == "WATCH"));
        Assert.All(types, t => Assert.Contains(t, new[] { "DIRECTORY", "READ", "DIRECTORY_PART", "WATCH", "UNWATCH" }));
    }

    [SkippableFact]
    public async Task Daemon_trace_shows_no_read_of_a_node_the_listing_showed_absent()
    {
        // Issue 15: an absent node costs the daemon about twice a present one, and a real host's NICs lack
        // vifname and mtu, its guests target and image. Their directories are listed first instead.
        await using LabHost host = await LabHost.StartDemoAsync(trace: true);
        long before = new FileInfo(host.Xenstore.TraceLogPath).Length;

        JsonObject map = await host.MapAsync();

        string trace;
        using (var stream = new FileStream(host.Xenstore.TraceLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.Seek(before, SeekOrigin.Begin);
            trace = await new StreamReader(stream).ReadToEndAsync();
        }

        // One connection: the daemon answers in the order it reads, so the n-th OUT answers the n-th IN.
        string[] lines = [.. trace.Split('\n').Where(l => l.StartsWith("IN ", StringComparison.Ordinal) || l.StartsWith("OUT ", StringComparison.Ordinal))];
        string[] requests = [.. lines.Where(l => l.StartsWith("IN ", StringComparison.Ordinal)).Select(l => l.Split(' ', 5)[4])];
        string[] replies = [.. lines.Where(l => l.StartsWith("OUT ", StringComparison.Ordinal) && !l.Contains(" WATCH_EVENT ", StringComparison.Ordinal)).Select(l => l.Split(' ', 5)[4])];
        Assert.Equal(requests.Length, replies.Length);
        string[] absentReads = [.. requests.Zip(replies)
            .Where(p => p.First.StartsWith("READ (", StringComparison.Ordinal) && p.Second.StartsWith("ERROR (ENOENT", StringComparison.Ordinal))
            .Select(p => p.First)];
        string[] listedKeys = [.. absentReads.Where(r =>
            System.Text.RegularExpressions.Regex.IsMatch(r, @"^READ \(/local/domain/0/backend/vif/\d+/\d+/[^/ ]+ \)$")
            || System.Text.RegularExpressions.Regex.IsMatch(r, @"^READ \(/local/domain/\d+/(name|vm|target|image/device-model-domid) \)$"))];
        Assert.Empty(listedKeys);

        // The keys that are there are still read: the demo's custom vifnames and its stub domain's target.
        Assert.Contains(requests, r => r.EndsWith("/vifname )", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.EndsWith("/target )", StringComparison.Ordinal));
        Assert.NotEmpty(map["domains"]!.AsArray());
    }
}
