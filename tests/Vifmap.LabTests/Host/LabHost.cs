using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Host;

/// <summary>The demo host of tests/lab/scenarios/demo-host.sh on real pieces: a private real
/// xenstored filled as libxl 4.17 fills it (guests INTRODUCEd), and dom0's interfaces (veths for
/// netback vifs, taps held open like QEMU, bridges) in a fresh network namespace, with known
/// frame counts pushed through them. <see cref="VifmapAsync"/> runs the real vifmap inside it.</summary>
internal sealed class LabHost : IAsyncDisposable
{
    private static int s_counter;

    private LabHost(XenstoredLab xenstore, string ns)
    {
        Xenstore = xenstore;
        Namespace = ns;
    }

    public XenstoredLab Xenstore { get; }

    public string Namespace { get; }

    /// <summary>The vifmap apphost in the CLI's own build output (the test project builds the CLI but
    /// does not reference its assembly: "vifmap" and the library differ only in case).</summary>
    public static string VifmapPath
    {
        get
        {
#if DEBUG
            const string Configuration = "Debug";
#else
            const string Configuration = "Release";
#endif
            string root = LabEnvironment.Current.RepositoryRoot ?? throw new InvalidOperationException("repository root not found");
            return Path.Combine(root, "src", "Vifmap.Cli", "bin", Configuration, "net10.0", "vifmap");
        }
    }

    private static string Scenario => Path.Combine(LabEnvironment.Current.LabDirectory, "scenarios", "demo-host.sh");

    public static async Task<LabHost> StartDemoAsync(bool trace = false)
    {
        XenstoredLab xs = await XenstoredLab.StartAsync(trace);
        string ns = string.Create(CultureInfo.InvariantCulture, $"vmh{Environment.ProcessId % 100000}x{Interlocked.Increment(ref s_counter)}");
        var host = new LabHost(xs, ns);
        try
        {
            (await LabProcess.RunAsync("/bin/bash", [Scenario, "fill"], xs.Env)).EnsureSuccess("demo-host.sh fill");
            (await LabProcess.RunAsync("/bin/bash", [Scenario, "net", ns], xs.Env)).EnsureSuccess("demo-host.sh net");
            await host.WaitForQuietCountersAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>Frames pushed by the scenario (and the kernel's own first packets on a new link) are still
    /// arriving for a moment: tests that compare two reads of the host (live against snapshot or dump) need
    /// counters that no longer move, so wait until two readings 300 ms apart agree (at most about 10 s).</summary>
    private async Task WaitForQuietCountersAsync()
    {
        string? previous = null;
        for (int attempt = 0; attempt < 30; attempt++)
        {
            string now = (await InNamespaceAsync("/usr/sbin/ip", "-j", "-s", "link", "show")).EnsureSuccess("ip -j -s link show").StdOut;
            if (now == previous)
            {
                return;
            }

            previous = now;
            await Task.Delay(300);
        }

        throw new InvalidOperationException("the demo host's interface counters kept moving for 10 s");
    }

    /// <summary>vifmap inside the namespace (so /sys/class/net is dom0's), talking to the lab daemon.</summary>
    public Task<LabProcessResult> VifmapAsync(params string[] args)
        => LabProcess.RunAsync("/usr/sbin/ip", ["netns", "exec", Namespace, VifmapPath, .. args], Xenstore.Env);

    /// <summary>Any command inside the namespace.</summary>
    public Task<LabProcessResult> InNamespaceAsync(string file, params string[] args)
        => LabProcess.RunAsync("/usr/sbin/ip", ["netns", "exec", Namespace, file, .. args], Xenstore.Env);

    public async Task<JsonObject> MapAsync(params string[] args)
    {
        LabProcessResult result = (await VifmapAsync(["ls", "--json", .. args])).EnsureSuccess("vifmap ls --json");
        return (JsonObject)JsonNode.Parse(result.StdOut)!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await LabProcess.RunAsync("/bin/bash", [Scenario, "destroy", Namespace]);
        }
        finally
        {
            await Xenstore.DisposeAsync();
        }
    }

    /// <summary>The map without the field that names the source, for comparing sources.</summary>
    public static string WithoutSource(JsonObject map)
    {
        var copy = (JsonObject)map.DeepClone();
        copy.Remove("source");
        copy.Remove("read_at"); // when each was read: differs by design
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
