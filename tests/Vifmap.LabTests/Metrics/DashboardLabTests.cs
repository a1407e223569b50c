using System.Text.Json.Nodes;
using Vifmap.LabTests.Host;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Metrics;

/// <summary>contrib/grafana/vifmap.json against a real Prometheus scraping serve on the demo host.
/// Grafana itself cannot run here: each panel's query is sent to Prometheus with Grafana's variables
/// replaced as Grafana would ($instance = All, $__rate_interval = 4 scrape intervals), and each must
/// return data.</summary>
[Collection(PrometheusLabCollection.Name)]
public sealed class DashboardLabTests
{
    [SkippableFact]
    public async Task Every_dashboard_panel_query_returns_data_from_a_real_prometheus()
    {
        PrometheusLab.SkipUnlessAvailable();
        string path = Path.Combine(LabEnvironment.Current.RepositoryRoot!, "contrib", "grafana", "vifmap.json");
        JsonNode dashboard = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        string[] queries = [.. dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray().Select(t => (string)t!["expr"]!))];
        Assert.True(queries.Length >= 8, "every panel has its query");
        string variable = (string)dashboard["templating"]!["list"]![1]!["query"]!;
        Assert.Equal("label_values(vifmap_up, instance)", variable);

        await using LabHost host = await LabHost.StartDemoAsync();
        await using BackgroundProcess serve = BackgroundProcess.Start("/usr/sbin/ip",
            ["netns", "exec", host.Namespace, LabHost.VifmapPath, "serve", "--listen", "127.0.0.1:0"], host.Xenstore.Env);
        string target = await MetricsLabTests.ServeTargetAsync(serve);
        await using PrometheusLab prometheus = await PrometheusLab.StartAsync(host.Namespace, MetricsLabTests.ScrapeConfig(target));

        // rate() needs two samples in its window: wait for the fifth scrape.
        await prometheus.WaitForAsync("count_over_time(vifmap_up[1m]) >= 5");
        Assert.NotEmpty(await prometheus.QueryAsync("vifmap_up"));
        foreach (string query in queries)
        {
            string promql = query.Replace("$__rate_interval", "4s", StringComparison.Ordinal).Replace("$instance", ".*", StringComparison.Ordinal);
            JsonArray result = await prometheus.QueryAsync(promql);
            Assert.True(result.Count > 0, $"no data for panel query: {promql}");
        }
    }
}
