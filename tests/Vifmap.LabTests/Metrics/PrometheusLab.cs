using System.Globalization;
using System.Text.Json.Nodes;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Metrics;

/// <summary>The real Prometheus 2.42 and promtool of Debian 12, unpacked by tests/lab/install-deps.sh into
/// tests/lab/build/prometheus (never installed as a service). A server runs inside a lab network namespace
/// (the scraped exporters listen on that namespace's loopback) with its own temporary data folder, and the
/// test asks its HTTP API from inside the namespace.</summary>
internal sealed class PrometheusLab : IAsyncDisposable
{
    private static int s_counter;
    private readonly BackgroundProcess _server;
    private readonly string _folder;

    private PrometheusLab(BackgroundProcess server, string folder, string ns, int port)
    {
        _server = server;
        _folder = folder;
        Namespace = ns;
        Port = port;
    }

    public static string Root => Path.Combine(LabEnvironment.Current.LabDirectory, "build", "prometheus", "usr", "bin");

    public static string PromtoolPath => Path.Combine(Root, "promtool");

    public static string ServerPath => Path.Combine(Root, "prometheus");

    public static string NodeExporterPath => Path.Combine(Root, "prometheus-node-exporter");

    public string Namespace { get; }

    public int Port { get; }

    public string Url => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public string ConfigPath => Path.Combine(_folder, "prometheus.yml");

    /// <summary>Skips (fails under CI) unless the lab and the unpacked Prometheus are there.</summary>
    public static void SkipUnlessAvailable()
    {
        LabRequirement.SkipUnlessLabAvailable();
        LabRequirement.SkipUnless(File.Exists(PromtoolPath) && File.Exists(ServerPath),
            $"no Prometheus in {Root}: run tests/lab/install-deps.sh");
    }

    public static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"vifmap-prom-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Starts Prometheus in <paramref name="ns"/> with the given configuration (YAML) and waits until it is ready.</summary>
    public static async Task<PrometheusLab> StartAsync(string ns, string config, string? folder = null)
    {
        folder ??= NewFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "prometheus.yml"), config);

        // A fresh namespace has every port free; a random one keeps parallel tests apart even so.
        int port = 20000 + Random.Shared.Next(30000);
        BackgroundProcess server = BackgroundProcess.Start("/usr/sbin/ip",
        [
            "netns", "exec", ns, ServerPath,
            "--config.file=" + Path.Combine(folder, "prometheus.yml"),
            "--storage.tsdb.path=" + Path.Combine(folder, "data"),
            string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"),
            "--log.level=warn",
        ]);
        var lab = new PrometheusLab(server, folder, ns, port);
        for (int i = 0; i < 100; i++)
        {
            LabProcessResult ready = await lab.GetAsync("/-/ready", allowFailure: true);
            if (ready.ExitCode == 0)
            {
                return lab;
            }

            await Task.Delay(200);
        }

        string stderr = server.StdErr;
        await lab.DisposeAsync();
        throw new InvalidOperationException("prometheus did not become ready: " + stderr);
    }

    /// <summary>An HTTP GET from inside the namespace (python3's urllib: the lab already needs python3).</summary>
    public async Task<LabProcessResult> GetAsync(string pathAndQuery, bool allowFailure = false)
    {
        const string Script = "import sys, urllib.request\nsys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())";
        LabProcessResult result = await LabProcess.RunAsync("/usr/sbin/ip", ["netns", "exec", Namespace, "python3", "-c", Script, Url + pathAndQuery]);
        return allowFailure ? result : result.EnsureSuccess("GET " + pathAndQuery);
    }

    /// <summary>An instant query: the result vector (each element's <c>metric</c> and <c>value</c>).</summary>
    public async Task<JsonArray> QueryAsync(string promql)
    {
        LabProcessResult result = await GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        JsonNode answer = JsonNode.Parse(result.StdOut)!;
        if ((string?)answer["status"] != "success")
        {
            throw new InvalidOperationException($"query {promql} failed: {result.StdOut}");
        }

        return answer["data"]!["result"]!.AsArray();
    }

    /// <summary>Asks until the query returns something (Prometheus scrapes every second), at most <paramref name="seconds"/>.</summary>
    public async Task<JsonArray> WaitForAsync(string promql, int seconds = 20)
    {
        JsonArray last = [];
        for (int i = 0; i < seconds * 4; i++)
        {
            last = await QueryAsync(promql);
            if (last.Count > 0)
            {
                return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"no result for {promql} within {seconds} s; prometheus stderr: {_server.StdErr}");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed: the temp folder is the system's to clean.
        }
    }
}
