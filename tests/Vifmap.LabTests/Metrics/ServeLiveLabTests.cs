using Vifmap.LabTests.Host;
using Vifmap.LabTests.Host.Live;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Metrics;

/// <summary>`vifmap serve` on the live lab host (real xenstored with its trace log, interfaces in a
/// namespace): the map is kept by watches, a scrape sends the daemon nothing, a new guest appears in the
/// next scrapes, and a daemon restart is `vifmap_up 0` while it lasts and a full map after.</summary>
public sealed class ServeLiveLabTests
{
    private const string Web = "domain=\"web\",domain_uuid=\"8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b01\",devid=\"0\"";
    private const string Win = "domain=\"win\",domain_uuid=\"5d1c7c1e-0000-4000-8000-00000000c0de\",devid=\"0\"";
    private const string Guest1 = "xs_dom0; xs_domain 1 web 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b01 pv; xs_nic 0 1 0 00:16:3e:4a:01:00 xenbr0 vif; xs_netback_ready 0 1 0; xs_frontend_connected 0 1 0";

    [SkippableFact]
    public async Task Scrapes_read_only_counters_follow_new_guests_and_survive_a_daemon_restart()
    {
        LabRequirement.SkipUnlessLabAvailable();
        await using WatchLab lab = await WatchLab.StartAsync(trace: true);
        string ns = lab.Namespace;
        await lab.ShAsync($"ns_netback {ns} vif1.0 xenbr0 up");
        await lab.WriteNodesAsync(Guest1);

        await using BackgroundProcess serve = BackgroundProcess.Start("/usr/sbin/ip",
            ["netns", "exec", ns, LabHost.VifmapPath, "serve", "--listen", "127.0.0.1:0"], lab.Xenstore.Env);
        string target = await MetricsLabTests.ServeTargetAsync(serve);
        string first = await ScrapeAsync(ns, target);
        Assert.Contains("\nvifmap_up 1\n", first, StringComparison.Ordinal);
        Assert.Contains($"vifmap_interface_info{{{Web},path=\"pv\",interface=\"vif1.0\",domid=\"1\"", first, StringComparison.Ordinal);

        // Scrapes without a change in xenstore send the daemon nothing: the watcher holds the map.
        int before = lab.Xenstore.ReadTraceLog().Length;
        for (int i = 0; i < 3; i++)
        {
            Assert.Contains("\nvifmap_up 1\n", await ScrapeAsync(ns, target), StringComparison.Ordinal);
        }

        Assert.True(lab.Xenstore.IsRunning);
        Assert.False(await lab.Xenstore.ExistsAsync("/serve-marker")); // a marker, so the log is written up to here
        string[] appended = [.. lab.Xenstore.ReadTraceLog()[before..].Split('\n').Where(l => l.StartsWith("IN ", StringComparison.Ordinal))];
        string marker = Connection(Assert.Single(appended, l => l.Contains("/serve-marker", StringComparison.Ordinal)));
        string[] requests = [.. appended.Where(l => Connection(l) != marker)]; // the marker's client: its own transaction
        Assert.True(requests.Length == 0, "scrapes sent requests to xenstored:\n" + string.Join('\n', requests.Take(10)));

        // A guest arrives (xenstore nodes, its interfaces): the watcher reads it, the next scrapes show it.
        await lab.ShAsync($"ns_netback {ns} vif3.0 xenbr0 up");
        await lab.WriteNodesAsync($"xs_domain 3 win 5d1c7c1e-0000-4000-8000-00000000c0de hvm; xs_nic 0 3 0 00:16:3e:4a:03:00 xenbr0 vif; xs_netback_ready 0 3 0; xs_frontend_connected 0 3 0");
        await ScrapeUntilAsync(ns, target, $"vifmap_interface_info{{{Win},path=\"pv\",interface=\"vif3.0\",domid=\"3\"");

        // The daemon goes away: the map is not served stale; it comes back with the daemon.
        string directory = lab.Xenstore.Directory;
        await lab.Xenstore.StopAsync();
        await ScrapeUntilAsync(ns, target, "\nvifmap_up 0\n");
        (await LabProcess.RunAsync(LabEnvironment.Current.Script("xenstored-start.sh"), [directory])).EnsureSuccess("restart");
        try
        {
            await lab.WriteNodesAsync(Guest1);
            string back = await ScrapeUntilAsync(ns, target, $"vifmap_interface_info{{{Web},path=\"pv\",interface=\"vif1.0\"");
            Assert.Contains("\nvifmap_up 1\n", back, StringComparison.Ordinal);
            Assert.DoesNotContain("domain=\"win\"", back, StringComparison.Ordinal); // the restarted store has only web
            Assert.Equal(143, await serve.TerminateAsync(TimeSpan.FromSeconds(5)));
            Assert.Contains("vifmap: lost the connection to xenstore at ", serve.StdErr, StringComparison.Ordinal);
            Assert.Contains("vifmap: reconnected to xenstore at ", serve.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            await LabProcess.RunAsync(LabEnvironment.Current.Script("xenstored-stop.sh"), [directory]);
        }
    }

    /// <summary>"IN 0x55c5ad000c00 20261202 04:41:31 READ (…)": the connection is the second field.</summary>
    private static string Connection(string traceLine) => traceLine.Split(' ')[1];

    /// <summary>One GET of /metrics from inside the namespace (serve listens on its loopback).</summary>
    private static async Task<string> ScrapeAsync(string ns, string target)
    {
        const string Get = "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())";
        return (await LabProcess.RunAsync("/usr/sbin/ip", ["netns", "exec", ns, "/usr/bin/python3", "-c", Get, $"http://{target}/metrics"]))
            .EnsureSuccess("scrape " + target).StdOut;
    }

    private static async Task<string> ScrapeUntilAsync(string ns, string target, string expected)
    {
        string last = string.Empty;
        for (int i = 0; i < 300; i++)
        {
            last = await ScrapeAsync(ns, target);
            if (last.Contains(expected, StringComparison.Ordinal))
            {
                return last;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no scrape in 30 s showed {expected}; the last:\n{last}");
        return last;
    }
}
