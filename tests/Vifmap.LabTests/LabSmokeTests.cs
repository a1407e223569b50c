using System.Diagnostics;
using System.Globalization;
using Vifmap.LabTests.Lab;
using Xunit.Abstractions;

namespace Vifmap.LabTests;

/// <summary>The lab itself works: a real xenstored answers real clients, and real xl runs dry.</summary>
public sealed class LabSmokeTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Daemon_starts_with_only_the_tool_subtree()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();

        Assert.True(xs.IsRunning);
        Assert.True(File.Exists(xs.SocketPath));
        Assert.True(await xs.ExistsAsync("/tool/xenstored"));
        // A fresh daemon has no /local until someone writes it (real-xen-lab.md).
        Assert.False(await xs.ExistsAsync("/local"));
        Assert.Equal(["tool"], await xs.ListAsync("/"));
    }

    [SkippableFact]
    public async Task Value_written_by_xenstore_write_reads_back_with_xenstore_read()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();

        await xs.WriteAsync("/local/domain/7/name", "web-7");
        await xs.WriteAsync([("/local/domain/7/device/vif/0/mac", "00:16:3e:aa:bb:cc"), ("/local/domain/7/device/vif/0/state", "4")]);

        Assert.Equal("web-7", await xs.ReadAsync("/local/domain/7/name"));
        Assert.Equal("00:16:3e:aa:bb:cc", await xs.ReadAsync("/local/domain/7/device/vif/0/mac"));
        Assert.Equal(["mac", "state"], (await xs.ListAsync("/local/domain/7/device/vif/0")).Order(StringComparer.Ordinal));

        await xs.RemoveAsync("/local/domain/7/device");
        Assert.False(await xs.ExistsAsync("/local/domain/7/device/vif/0/mac"));
        Assert.True(await xs.ExistsAsync("/local/domain/7/name"));
    }

    [SkippableFact]
    public async Task Reading_a_missing_node_fails_like_the_real_client()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();

        LabProcessResult result = await xs.RunClientAsync("xenstore-read", ["/local/domain/99/name"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("couldn't read path /local/domain/99/name", result.StdErr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Trace_log_records_each_request_the_clients_sent()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync(trace: true);

        await xs.WriteAsync("/local/domain/3/name", "db");
        await xs.ReadAsync("/local/domain/3/name");

        string trace = xs.ReadTraceLog();
        Assert.Contains("IN ", trace, StringComparison.Ordinal);
        Assert.Contains("WRITE (/local/domain/3/name", trace, StringComparison.Ordinal);
        Assert.Contains("READ (/local/domain/3/name", trace, StringComparison.Ordinal);
        Assert.Contains("TRANSACTION_START", trace, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Daemon_without_trace_writes_no_trace_log()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();

        await xs.WriteAsync("/a", "b");

        Assert.False(File.Exists(xs.TraceLogPath));
    }

    [SkippableFact]
    public async Task Stopped_daemon_refuses_clients()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.WriteAsync("/a", "b");

        await xs.StopAsync();

        Assert.False(xs.IsRunning);
        LabProcessResult result = await xs.RunClientAsync("xenstore-read", ["/a"]);
        Assert.NotEqual(0, result.ExitCode);
    }

    [SkippableFact]
    public async Task Killed_daemon_is_gone_and_dispose_still_succeeds()
    {
        XenstoredLab xs = await XenstoredLab.StartAsync();
        int pid = xs.ProcessId;

        xs.Kill();
        await xs.DisposeAsync();

        Assert.False(xs.IsRunning);
        Assert.False(Directory.Exists(xs.Directory));
        Assert.False(File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").Trim() == "xenstored");
    }

    [SkippableFact]
    public async Task Bulk_write_fills_a_thousand_guests_with_four_nics_each()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        List<(string Path, string Value)> pairs = LabGuestTree.Host(guests: 1000, nicsPerGuest: 4).ToList();

        var clock = Stopwatch.StartNew();
        await xs.BulkWriteAsync(pairs);
        clock.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bulk-wrote {pairs.Count} nodes (1000 guests x 4 NICs) in {clock.Elapsed.TotalSeconds:F2} s"));

        IReadOnlyList<string> guests = await xs.ListAsync("/local/domain/0/backend/vif");
        Assert.Equal(1000, guests.Count);
        Assert.Equal(["0", "1", "2", "3"], (await xs.ListAsync("/local/domain/0/backend/vif/1000")).Order(StringComparer.Ordinal));
        // 1000 = 0x3e8: MAC bytes 03:e8, devid 3.
        Assert.Equal("00:16:3e:03:e8:03", await xs.ReadAsync("/local/domain/0/backend/vif/1000/3/mac"));
        Assert.Equal("/local/domain/0/backend/vif/517/2", await xs.ReadAsync("/local/domain/517/device/vif/2/backend"));
        Assert.Equal("guest-42", await xs.ReadAsync("/local/domain/42/name"));
        Assert.Equal("1", await xs.ReadAsync("/libxl/42/device/vif/1/state"));
    }

    [SkippableFact]
    public async Task Bulk_write_reports_the_daemons_error_for_a_bad_path()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => xs.BulkWriteAsync([("/ok", "1"), ("/bad//path", "2"), ("/also-ok", "3")]));

        Assert.Contains("/bad//path: EINVAL", error.Message, StringComparison.Ordinal);
        Assert.Equal("1", await xs.ReadAsync("/ok"));
        Assert.Equal("3", await xs.ReadAsync("/also-ok"));
    }

    [SkippableFact]
    public async Task Bulk_write_keeps_control_characters_in_values()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();

        await xs.BulkWriteAsync([("/local/domain/9/name", "evil\tname\nwith\u001b[31mescape")]);

        // xenstore-ls escapes \t and \n and writes bytes below 010 in octal (real-xen-lab.md).
        LabProcessResult ls = await xs.RunClientAsync("xenstore-ls", ["-f", "/local/domain/9"]);
        Assert.Equal("/local/domain/9/name = \"evil\\tname\\nwith\\x1b[31mescape\"\n", ls.StdOut);
    }
}
