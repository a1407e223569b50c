using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vifmap.LabTests.Lab;
using Vifmap.XenStore;
using Xunit.Abstractions;

namespace Vifmap.LabTests.XenStore;

/// <summary>Measures (never asserts on time) how fast the client copies the benchmark host — 1000
/// guests × 4 NICs — against the real <c>xenstore-ls -f /local/domain</c> on the same daemon. The
/// figures go to the test output; the assertions are about correctness: the copy holds exactly the
/// nodes the real tool printed.</summary>
public sealed class XenStoreThroughputLabTests(ITestOutputHelper output)
{
    [SkippableFact]
    [Trait("Category", "Measurement")]
    public async Task Pipelined_copy_of_a_1000_guest_host_matches_xenstore_ls_and_reports_throughput()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.BulkWriteAsync(LabGuestTree.Host(guests: 1000, nicsPerGuest: 4));

        double daemonCpu = DaemonCpuSeconds(xs);
        var clock = Stopwatch.StartNew();
        LabProcessResult ls = (await xs.RunClientAsync("xenstore-ls", ["-f", "/local/domain"])).EnsureSuccess("xenstore-ls");
        TimeSpan lsTime = clock.Elapsed;
        XenStoreTree fromLs = XenStoreDump.Parse(Encoding.ASCII.GetBytes(ls.StdOut), "ls").Tree;
        int nodes = ls.StdOut.Count(c => c == '\n');
        // xenstore-ls sends one DIRECTORY per node (plus the root) and one READ per node.
        int requests = (2 * nodes) + 1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"xenstore-ls -f /local/domain: {nodes} nodes, {requests} requests, {lsTime.TotalMilliseconds:F0} ms, {requests / lsTime.TotalSeconds:F0} requests/s, daemon CPU {DaemonCpuSeconds(xs) - daemonCpu:F2} s"));

        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);
        foreach (int inFlight in new[] { 1, 16, 64, 256, 1024 })
        {
            daemonCpu = DaemonCpuSeconds(xs);
            TimeSpan clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            XenStoreTree copy = await XenStoreTreeCopier.CopyAsync(client, "/local/domain", inFlight);
            TimeSpan copyTime = clock.Elapsed;
            clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
            // The copy has every node xenstore-ls printed, plus /local/domain itself and its implied
            // ancestors "/" and "/local"; the same bytes, the same order.
            Assert.Equal(nodes + 3, copy.Count);
            Assert.Equal(
                fromLs.EnumerateDepthFirst().Where(n => n.Path.StartsWith("/local/domain/", StringComparison.Ordinal)).Select(n => n.Path + "=" + Convert.ToHexString(n.Value!)),
                copy.EnumerateDepthFirst().Where(n => n.Path.StartsWith("/local/domain/", StringComparison.Ordinal)).Select(n => n.Path + "=" + Convert.ToHexString(n.Value!)));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"XenStoreTreeCopier, {inFlight,4} in flight: {copyTime.TotalMilliseconds,6:F0} ms, {(requests + 1) / copyTime.TotalSeconds,7:F0} requests/s, {copyTime / lsTime:P0} of xenstore-ls, daemon CPU {DaemonCpuSeconds(xs) - daemonCpu:F2} s, client CPU {clientCpu.TotalSeconds:F2} s"));
        }

        // Raw request rate: 100000 READs of existing nodes with N in flight.
        string[] paths = [.. Enumerable.Range(1, 1000).Select(d => $"/local/domain/{d}/name")];
        foreach (int inFlight in new[] { 1, 64, 1024 })
        {
            daemonCpu = DaemonCpuSeconds(xs);
            TimeSpan clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            await Parallel.ForEachAsync(Enumerable.Range(0, 100_000), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, ct) =>
            {
                byte[]? value = await client.ReadAsync(paths[i % paths.Length], ct);
                Assert.NotNull(value);
            });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"READ x100000, {inFlight,4} in flight: {100_000 / clock.Elapsed.TotalSeconds,7:F0} requests/s, daemon CPU {DaemonCpuSeconds(xs) - daemonCpu:F2} s, client CPU {(Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds:F2} s"));
        }
    }

    /// <summary>utime + stime of the daemon from /proc/PID/stat (fields 14 and 15, in clock ticks
    /// of 1/100 s on Linux): shows whether a run was bound by the daemon rather than the client.</summary>
    private static double DaemonCpuSeconds(XenstoredLab xs)
    {
        string stat = File.ReadAllText($"/proc/{xs.ProcessId}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
