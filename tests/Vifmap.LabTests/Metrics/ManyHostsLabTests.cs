using System.Globalization;
using System.Text.Json.Nodes;
using Vifmap.LabTests.Host;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Metrics;

/// <summary>README "Many hosts", as configured there: two lab hosts (two real xenstored, two dom0
/// namespaces, two `vifmap serve`), one Prometheus finding both through file-based service discovery, and
/// a global Prometheus federating from it. The monitoring side is a third namespace joined to each host by
/// a veth pair (10.201.N.0/24): everything stays inside namespaces the test creates.</summary>
[Collection(PrometheusLabCollection.Name)]
public sealed class ManyHostsLabTests
{
    [SkippableFact]
    public async Task Two_hosts_are_scraped_through_file_service_discovery_and_federated_to_a_global_prometheus()
    {
        PrometheusLab.SkipUnlessAvailable();
        await using LabHost host1 = await LabHost.StartDemoAsync();
        await using LabHost host2 = await LabHost.StartDemoAsync();
        string monitor = host1.Namespace + "m";
        try
        {
            await RunAsync("ip", "netns", "add", monitor);
            await RunAsync("ip", "-n", monitor, "link", "set", "lo", "up");
            var targets = new List<string>();
            var serves = new List<BackgroundProcess>();
            try
            {
                int n = 0;
                foreach (LabHost host in new[] { host1, host2 })
                {
                    n++;
                    string monitorEnd = $"mon{n}", hostEnd = "mon0";
                    await RunAsync("ip", "link", "add", monitorEnd, "netns", monitor, "type", "veth", "peer", "name", hostEnd, "netns", host.Namespace);
                    await RunAsync("ip", "-n", monitor, "addr", "add", $"10.201.{n}.1/24", "dev", monitorEnd);
                    await RunAsync("ip", "-n", monitor, "link", "set", monitorEnd, "up");
                    await RunAsync("ip", "-n", host.Namespace, "addr", "add", $"10.201.{n}.2/24", "dev", hostEnd);
                    await RunAsync("ip", "-n", host.Namespace, "link", "set", hostEnd, "up");
                    BackgroundProcess serve = BackgroundProcess.Start("/usr/sbin/ip",
                        ["netns", "exec", host.Namespace, LabHost.VifmapPath, "serve", "--listen", $"10.201.{n}.2:9478"], host.Xenstore.Env);
                    serves.Add(serve);
                    targets.Add(await MetricsLabTests.ServeTargetAsync(serve));
                }

                Assert.Equal(["10.201.1.2:9478", "10.201.2.2:9478"], targets);

                // The per-site Prometheus of the README: targets from a file that configuration management writes.
                string siteFolder = PrometheusLab.NewFolder();
                await File.WriteAllTextAsync(Path.Combine(siteFolder, "vifmap-targets.json"),
                    $$$"""[{"targets": ["{{{targets[0]}}}", "{{{targets[1]}}}"], "labels": {"site": "lab"}}]""");
                await using PrometheusLab site = await PrometheusLab.StartAsync(monitor, $$"""
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: vifmap
                        file_sd_configs:
                          - files: ['{{Path.Combine(siteFolder, "vifmap-targets.json")}}']
                            refresh_interval: 1s
                    """, siteFolder);
                await using PrometheusLab global = await PrometheusLab.StartAsync(monitor, string.Create(CultureInfo.InvariantCulture, $$"""
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: federate
                        honor_labels: true
                        metrics_path: /federate
                        params:
                          'match[]': ['{__name__=~"vifmap_.*"}']
                        static_configs:
                          - targets: ['127.0.0.1:{{site.Port}}']
                    """));

                JsonArray up = await site.WaitForAsync("count(vifmap_up{site=\"lab\"} == 1) == 2");
                Assert.Single(up);
                JsonArray federated = await global.WaitForAsync(
                    "count by (instance) (vifmap_interface_active{job=\"vifmap\",domain=\"win10\",path=\"emulated\"} == 1)", seconds: 30);
                for (int i = 0; i < 60 && federated.Count < 2; i++)
                {
                    await Task.Delay(250);
                    federated = await global.QueryAsync("count by (instance) (vifmap_interface_active{job=\"vifmap\",domain=\"win10\",path=\"emulated\"} == 1)");
                }

                Assert.Equal(targets, federated.Select(r => (string)r!["metric"]!["instance"]!).Order(StringComparer.Ordinal));
            }
            finally
            {
                foreach (BackgroundProcess serve in serves)
                {
                    await serve.DisposeAsync();
                }
            }
        }
        finally
        {
            await LabProcess.RunAsync("/usr/sbin/ip", ["netns", "del", monitor]);
        }
    }

    private static async Task RunAsync(string tool, params string[] args)
        => (await LabProcess.RunAsync("/usr/sbin/" + tool, args)).EnsureSuccess(tool + " " + string.Join(' ', args));
}
