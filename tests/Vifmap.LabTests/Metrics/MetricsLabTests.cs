using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vifmap.LabTests.Host;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Metrics;

/// <summary>`vifmap metrics` and `vifmap serve` checked by the real Prometheus tools: promtool's linter on
/// every lab and sample host, and a real Prometheus server scraping serve on the demo host (real
/// xenstored, real taps in a namespace) while frames go into a guest's tap and the guest is re-created
/// under a new domid.</summary>
[Collection(PrometheusLabCollection.Name)]
public sealed class MetricsLabTests
{
    private static string Repo => LabEnvironment.Current.RepositoryRoot!;

    private static string Scenario => Path.Combine(LabEnvironment.Current.LabDirectory, "scenarios", "demo-host.sh");

    private static string Traffic => Path.Combine(LabEnvironment.Current.LabDirectory, "netns-traffic.py");

    /// <summary>Every sample line's series (the text before the value): the writer's label order is fixed,
    /// so one series is one string, escapes included.</summary>
    internal static string[] DuplicateSeries(string exposition)
        => [.. exposition.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.LastIndexOf(' ')])
            .GroupBy(s => s, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)];

    private static async Task AssertPromtoolCleanAsync(string what, string exposition)
    {
        LabProcessResult check = await LabProcess.RunAsync(PrometheusLab.PromtoolPath, ["check", "metrics"], stdin: Encoding.UTF8.GetBytes(exposition));
        Assert.True(check.ExitCode == 0 && check.StdOut.Length == 0 && check.StdErr.Length == 0,
            $"promtool check metrics on {what}: exit {check.ExitCode}\n{check.StdOut}{check.StdErr}");
        Assert.Empty(DuplicateSeries(exposition));
        Assert.Contains("\nvifmap_up 1\n", exposition, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Promtool_finds_no_error_or_lint_problem_and_no_series_repeats_on_every_lab_and_sample_host()
    {
        PrometheusLab.SkipUnlessAvailable();
        await using LabHost host = await LabHost.StartDemoAsync();

        LabProcessResult live = (await host.VifmapAsync("metrics")).EnsureSuccess("vifmap metrics (lab)");
        await AssertPromtoolCleanAsync("the lab demo host", live.StdOut);
        LabProcessResult driverDomain = (await host.VifmapAsync("metrics", "--backend-domid", "7")).EnsureSuccess("vifmap metrics --backend-domid 7");
        await AssertPromtoolCleanAsync("the lab host's driver domain 7", driverDomain.StdOut);

        string cliData = Path.Combine(Repo, "tests", "Vifmap.Cli.Tests", "Ls", "TestData");
        string[][] samples =
        [
            ["--snapshot", Path.Combine(Repo, "samples", "host", "lab-host.json")],
            ["--snapshot", Path.Combine(cliData, "small-host.json")],
            ["--xenstore-dump", Path.Combine(cliData, "small-dump.txt"), "--links", Path.Combine(cliData, "small-links.json")],
        ];
        foreach (string[] sample in samples)
        {
            LabProcessResult result = await LabProcess.RunAsync(LabHost.VifmapPath, ["metrics", .. sample]);
            Assert.Equal(0, result.ExitCode);
            await AssertPromtoolCleanAsync(string.Join(' ', sample), result.StdOut);
        }
    }

    [SkippableFact]
    public async Task Prometheus_sees_emulated_traffic_by_guest_and_keeps_the_series_when_the_guest_gets_a_new_domid()
    {
        PrometheusLab.SkipUnlessAvailable();
        await using LabHost host = await LabHost.StartDemoAsync();
        await using BackgroundProcess serve = BackgroundProcess.Start("/usr/sbin/ip",
            ["netns", "exec", host.Namespace, LabHost.VifmapPath, "serve", "--listen", "127.0.0.1:0"], host.Xenstore.Env);
        string target = await ServeTargetAsync(serve);
        await using PrometheusLab prometheus = await PrometheusLab.StartAsync(host.Namespace, ScrapeConfig(target));
        (await LabProcess.RunAsync("/bin/bash", [Scenario, "release-taps", host.Namespace], host.Xenstore.Env)).EnsureSuccess("release-taps");

        using var traffic = new CancellationTokenSource();
        Task frames = WriteFramesAsync(host, "vif2.0-emu", traffic.Token);
        const string Win10 = "domain=\"win10\",domain_uuid=\"8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b02\",devid=\"0\"";

        // The scrape went through OpenMetrics (Prometheus asks for it first) and parsed.
        JsonArray up = await prometheus.WaitForAsync("up{job=\"vifmap\"} == 1");
        Assert.Single(up);
        await prometheus.WaitForAsync($"rate(vifmap_interface_receive_packets_total{{{Win10},path=\"emulated\"}}[4s]) > 0");
        JsonArray active = await prometheus.QueryAsync($"vifmap_interface_active{{{Win10}}} == 1");
        Assert.Equal("emulated", (string?)Assert.Single(active)!["metric"]!["path"]);
        Assert.Empty(await prometheus.QueryAsync($"rate(vifmap_interface_receive_packets_total{{{Win10},path=\"pv\"}}[4s]) > 0"));

        // xl shuts the guest down and creates it again: domid 2 becomes 12, the interfaces are new.
        await traffic.CancelAsync();
        await frames;
        (await LabProcess.RunAsync("/bin/bash", [Scenario, "recreate", host.Namespace, "12"], host.Xenstore.Env)).EnsureSuccess("recreate win10 as domid 12");
        using var traffic2 = new CancellationTokenSource();
        Task frames2 = WriteFramesAsync(host, "vif12.0-emu", traffic2.Token);
        await prometheus.WaitForAsync($"vifmap_interface_info{{{Win10},path=\"emulated\",interface=\"vif12.0-emu\",domid=\"12\"}}");
        await prometheus.WaitForAsync($"rate(vifmap_interface_receive_packets_total{{{Win10},path=\"emulated\"}}[4s]) > 0");
        await traffic2.CancelAsync();
        await frames2;

        // One receive series over both lives (the new tap's counter restarted: a reset inside it), while
        // the info series shows the two interfaces and domids it joined.
        JsonArray series = await prometheus.QueryAsync($"resets(vifmap_interface_receive_packets_total{{{Win10},path=\"emulated\"}}[2m])");
        JsonNode only = Assert.Single(series)!;
        Assert.True(double.Parse((string)only["value"]![1]!, CultureInfo.InvariantCulture) >= 1, "the restarted counter is in the same series");
        JsonArray lives = await prometheus.QueryAsync($"last_over_time(vifmap_interface_info{{{Win10},path=\"emulated\"}}[2m])");
        Assert.Equal(["vif12.0-emu/12", "vif2.0-emu/2"], lives.Select(l => $"{(string?)l!["metric"]!["interface"]}/{(string?)l["metric"]!["domid"]}").Order(StringComparer.Ordinal));
        Assert.Equal("emulated", (string?)Assert.Single(await prometheus.QueryAsync($"vifmap_interface_active{{{Win10}}} == 1"))!["metric"]!["path"]);

        Assert.Equal(143, await serve.TerminateAsync(TimeSpan.FromSeconds(5)));
    }

    internal static string ScrapeConfig(string target) => $$"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: vifmap
            static_configs:
              - targets: ['{{target}}']
        """;

    /// <summary>The first stdout line of serve names the address it listens on (port 0 chose it).</summary>
    internal static async Task<string> ServeTargetAsync(BackgroundProcess serve)
    {
        string line = await serve.ReadLineAsync(TimeSpan.FromSeconds(20));
        const string Prefix = "vifmap: serving http://";
        Assert.StartsWith(Prefix, line, StringComparison.Ordinal);
        Assert.EndsWith("/metrics", line, StringComparison.Ordinal);
        return line[Prefix.Length..^"/metrics".Length];
    }

    /// <summary>QEMU's side of the emulated NIC: frames into the tap (dom0 counts them as received) every 200 ms.</summary>
    internal static async Task WriteFramesAsync(LabHost host, string tap, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            (await host.InNamespaceAsync("/usr/bin/python3", Traffic, "write", tap, "5")).EnsureSuccess("write frames into " + tap);
            try
            {
                await Task.Delay(200, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
