using System.Text.Json.Nodes;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Host.Live;

/// <summary>`vifmap watch` on the real daemon and real interfaces: a guest's whole life, step by step,
/// each step's exact events asserted before the next. Expected events are written from the issue's
/// contract and the reference (§3.2 hotplug rename, §4.5 active path), not from the program's output.
/// <c>@introduceDomain</c>/<c>@releaseDomain</c> cannot fire here (the lab daemon has no hypervisor to
/// introduce domains from), so these tests also prove that guests arriving and leaving still come
/// through the <c>/local/domain</c> and backend path watches, as they would on a host where those
/// special watches fired too.</summary>
public sealed class WatchLabTests
{
    private const string Uuid = "5d1c7c1e-0b5a-4d5e-9f00-00000000c0de";

    private static string Line(string type, int? domid, int? devid, string? path, string? iface, string? from = null, string? to = null)
        => string.Join(' ', type.Quoted(), N(domid), N(devid), path.Quoted(), iface.Quoted(), from.Quoted(), to.Quoted());

    private static string N(int? n) => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private static List<string> Lines(IEnumerable<JsonObject> events) => [.. events.Select(WatchLab.Describe)];

    [SkippableFact]
    public async Task Guest_life_gives_exactly_its_events_and_a_daemon_restart_gives_resync_then_the_full_state()
    {
        LabRequirement.SkipUnlessLabAvailable();
        await using WatchLab lab = await WatchLab.StartAsync();
        string ns = lab.Namespace;

        // A guest that is there from the start: its present event says the watcher is ready.
        await lab.ShAsync($"ns_netback {ns} vif1.0 xenbr0 up");
        await lab.WriteNodesAsync("xs_dom0; xs_domain 1 web 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b01 pv; xs_nic 0 1 0 00:16:3e:4a:01:00 xenbr0 vif; xs_netback_ready 0 1 0; xs_frontend_connected 0 1 0");
        lab.StartWatch();
        List<JsonObject> first = await lab.NextAsync(1);
        Assert.Equal([Line("present", 1, 0, "pv", "vif1.0")], Lines(first));
        Assert.Equal(1, (int)first[0]["seq"]!);
        Assert.Equal("web", (string?)first[0]["domain"]);
        Assert.Equal("8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b01", (string?)first[0]["domain_uuid"]);
        Assert.Empty(await lab.DrainAsync(0.5)); // the watches' first firing is not a change

        // 1. An HVM guest appears: netback's vif (no frontend yet: no carrier) and QEMU's tap, which
        //    carries traffic; the NIC asks for the custom name win0 (hotplug has not renamed yet).
        await lab.ShAsync($"ns_netback {ns} vif3.0 xenbr0 down; ns_tap {ns} vif3.0-emu xenbr0; ns_hold_taps {ns} vif3.0-emu:5");
        await lab.WriteNodesAsync($"xs_domain 3 win {Uuid} hvm; xs_nic 0 3 0 00:16:3e:4a:03:00 xenbr0 vif_ioemu win0; xs_netback_ready 0 3 0");
        Assert.Equal(
            [
                Line("domain-introduced", 3, null, null, null),
                Line("nic-added", 3, 0, "emulated", "vif3.0-emu"),
                Line("interface-added", 3, 0, "pv", "vif3.0"),
                Line("interface-added", 3, 0, "emulated", "vif3.0-emu"),
            ],
            Lines(await lab.NextAsync(4)));

        // 2. Its PV driver connects: frontend and backend state 4, and the PV path takes the traffic.
        await lab.WriteNodesAsync("xs_frontend_connected 0 3 0");
        await lab.ShAsync($"ip -n {ns}-g link set {"gvif3.0"} up");
        Assert.Equal(
            [
                Line("backend-state", 3, 0, "pv", "vif3.0", "2", "4"),
                Line("frontend-state", 3, 0, "pv", "vif3.0", "1", "4"),
                Line("active-path-changed", 3, 0, "pv", "vif3.0", "emulated", "pv"),
            ],
            Lines(await lab.NextAsync(3)));

        // 3. QEMU unplugs the emulated NIC: the tap goes.
        await lab.ShAsync($"ip -n {ns} link del vif3.0-emu");
        Assert.Equal([Line("interface-removed", 3, 0, "emulated", "vif3.0-emu")], Lines(await lab.NextAsync(1)));

        // 4. A second NIC is hot-plugged (xl network-attach): nodes first, then netback's interface.
        await lab.WriteNodesAsync("xs_nic 0 3 1 00:16:3e:4a:03:01 xenbr0 vif; xs_netback_ready 0 3 1");
        Assert.Equal([Line("nic-added", 3, 1, "none", "vif3.1")], Lines(await lab.NextAsync(1)));
        await lab.ShAsync($"ns_netback {ns} vif3.1 xenbr0 down");
        Assert.Equal([Line("interface-added", 3, 1, "pv", "vif3.1")], Lines(await lab.NextAsync(1)));

        // 5. ... and detached: netback's interface goes, then libxl removes the nodes.
        await lab.ShAsync($"ip -n {ns} link del vif3.1");
        Assert.Equal([Line("interface-removed", 3, 1, "pv", "vif3.1")], Lines(await lab.NextAsync(1)));
        await lab.RemoveNodesAsync("/local/domain/0/backend/vif/3/1", "/local/domain/3/device/vif/1", "/libxl/3/device/vif/1");
        Assert.Equal([Line("nic-removed", 3, 1, "none", "vif3.1")], Lines(await lab.NextAsync(1)));

        // 6. The hotplug script renames vif3.0 to the NIC's vifname (vif-common.sh rename_vif, §3.2):
        //    the same ifindex under a new name.
        await lab.ShAsync($"ns_rename {ns} vif3.0 win0");
        Assert.Equal([Line("interface-renamed", 3, 0, "pv", "win0", "vif3.0", "win0")], Lines(await lab.NextAsync(1)));

        // 7. The guest goes away: netback's interface first, then libxl removes its nodes (on a real
        //    host @releaseDomain fires as well; here only the path watches can tell).
        await lab.ShAsync($"ip -n {ns} link del win0");
        Assert.Equal([Line("interface-removed", 3, 0, "pv", "win0")], Lines(await lab.NextAsync(1)));
        await lab.RemoveNodesAsync("/local/domain/3", "/local/domain/0/backend/vif/3", "/libxl/3", "/vm/" + Uuid);
        Assert.Equal(
            // The NIC was last seen with its frontend connected: its active path was still pv (§4.5 goes by the frontend state).
            [Line("nic-removed", 3, 0, "pv", "win0"), Line("domain-released", 3, null, null, null)],
            Lines(await lab.NextAsync(2)));
        Assert.Empty(await lab.DrainAsync(0.5));

        // 8. The daemon restarts under the watcher (its store starts empty; the toolstack writes it again).
        string directory = lab.Xenstore.Directory;
        await lab.Xenstore.StopAsync();
        await Task.Delay(700); // a few reconnection attempts fail meanwhile, each with its own line
        string pid = (await LabProcess.RunAsync(LabEnvironment.Current.Script("xenstored-start.sh"), [directory])).EnsureSuccess("restart").StdOut.Trim();
        try
        {
            await lab.WriteNodesAsync("xs_dom0; xs_domain 1 web 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b01 pv; xs_nic 0 1 0 00:16:3e:4a:01:00 xenbr0 vif; xs_netback_ready 0 1 0; xs_frontend_connected 0 1 0");
            List<JsonObject> after = await lab.NextAsync(1, seconds: 30);
            Assert.Equal("resync", (string?)after[0]["type"]);

            // The full state again: the one guest (re-written before or after the reconnection: either
            // its present event follows the resync, or it arrives as a new domain).
            List<string> state = Lines(await lab.NextAsync(1, seconds: 30));
            Assert.Contains(state[0], new[] { Line("present", 1, 0, "pv", "vif1.0"), Line("domain-introduced", 1, null, null, null) });

            Assert.Equal(130, await lab.StopWatchAsync("INT"));
            string[] status = lab.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("vifmap: lost the connection to xenstore at ", status[0], StringComparison.Ordinal);
            Assert.StartsWith("vifmap: reconnected to xenstore at ", status[^1], StringComparison.Ordinal);
            Assert.All(status[1..^1], l => Assert.StartsWith("vifmap: xenstore still unavailable (attempt ", l, StringComparison.Ordinal));
            Assert.True(status.Length >= 3, "at least one failed attempt while the daemon was away: " + lab.StdErr);
        }
        finally
        {
            await LabProcess.RunAsync(LabEnvironment.Current.Script("xenstored-stop.sh"), [directory]);
            _ = pid;
        }
    }
}

internal static class JsonText
{
    public static string Quoted(this string? s) => s is null ? "-" : System.Text.Json.JsonSerializer.Serialize(s);
}
