using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
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

        await xs.WriteAsync("/local/domain/7/memory/target", "-1");

        Assert.Equal("web-7", await xs.ReadAsync("/local/domain/7/name"));
        Assert.Equal("-1", await xs.ReadAsync("/local/domain/7/memory/target"));
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
        Assert.False(XenstoredLab.IsXenstored(pid));
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
    [SkippableFact]
    public async Task Xl_dry_run_prints_the_two_nics_of_an_hvm_guest()
    {
        await using XlOracle xl = await XlOracle.StartAsync();

        using XlResult result = await xl.CreateDryRunAsync("""
            name = "lab-hvm"
            type = "hvm"
            memory = 512
            vif = [ 'mac=00:16:3e:01:02:03,bridge=xenbr0',
                    'devid=7,mac=00:16:3E:0A:0B:0C,bridge=br-dmz' ]
            """);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.StartsWith("Parsing config from ", result.StdErr, StringComparison.Ordinal);
        Assert.NotNull(result.Json);
        JsonElement root = result.Json.RootElement;
        Assert.Equal("hvm", root.GetProperty("c_info").GetProperty("type").GetString());
        Assert.Equal("lab-hvm", root.GetProperty("c_info").GetProperty("name").GetString());
        // 512 MiB in KiB.
        Assert.Equal(524288, root.GetProperty("b_info").GetProperty("max_memkb").GetInt64());

        Assert.Equal(2, result.Nics.Count);
        // The first NIC takes its list index as devid; devid= overrides it (xen-reference.md §2.6).
        Assert.Equal(0, result.Nics[0].GetProperty("devid").GetInt32());
        Assert.Equal("00:16:3e:01:02:03", result.Nics[0].GetProperty("mac").GetString());
        Assert.Equal("xenbr0", result.Nics[0].GetProperty("bridge").GetString());
        Assert.Equal(7, result.Nics[1].GetProperty("devid").GetInt32());
        // libxl prints MACs in lowercase whatever the spelling in the config.
        Assert.Equal("00:16:3e:0a:0b:0c", result.Nics[1].GetProperty("mac").GetString());
        Assert.Equal("br-dmz", result.Nics[1].GetProperty("bridge").GetString());
    }

    [SkippableFact]
    public async Task Xl_dry_run_rejects_a_pv_guest_without_kernel()
    {
        await using XlOracle xl = await XlOracle.StartAsync();

        using XlResult result = await xl.CreateDryRunAsync("""
            name = "lab-pv"
            type = "pv"
            memory = 256
            vif = [ 'bridge=xenbr0' ]
            """);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Null(result.Json);
        Assert.Empty(result.Nics);
        Assert.Contains("Neither kernel nor bootloader specified", result.StdErr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Xl_dry_run_reports_a_bare_identifier_value_with_its_line()
    {
        await using XlOracle xl = await XlOracle.StartAsync();

        using XlResult result = await xl.CreateDryRunAsync("memory = 5\nname = a\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Null(result.Json);
        Assert.Contains(":2: config parsing error near `a': syntax error, unexpected IDENT, expecting STRING or NUMBER or '['", result.StdErr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Xl_dry_run_sends_nothing_to_xenstored()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync(trace: true);
        var xl = new XlOracle(xs);

        int before = xs.ReadTraceLog().Length;

        using XlResult result = await xl.CreateDryRunAsync("name = \"q\"\ntype = \"hvm\"\nmemory = 128\n");
        // A marker request through the real client: the daemon accepts connections in order,
        // so by the time the marker is logged, xl's connection has been logged too.
        Assert.False(await xs.ExistsAsync("/xl-marker"));

        Assert.True(result.ExitCode == 0, result.StdErr);
        string[] appended = xs.ReadTraceLog()[before..].Split('\n');
        Assert.Equal(2, appended.Count(line => line.StartsWith("CREATE connection", StringComparison.Ordinal)));
        string[] requests = appended.Where(line => line.StartsWith("IN ", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(requests);
        Assert.All(requests, line => Assert.Matches(@"TRANSACTION_START|/xl-marker|TRANSACTION_END", line));
    }
    [SkippableFact]
    public async Task Host_tree_script_prints_the_same_nodes_as_LabGuestTree()
    {
        LabEnvironment lab = LabRequirement.SkipUnlessLabAvailable();

        LabProcessResult script = await LabProcess.RunAsync(lab.Script("host-tree.sh"), ["3", "2"]);

        Assert.Equal(0, script.ExitCode);
        var expected = new System.Text.StringBuilder();
        foreach ((string path, string value) in LabGuestTree.Host(guests: 3, nicsPerGuest: 2))
        {
            expected.Append(path).Append('\0').Append(value).Append('\0');
        }

        Assert.Equal(expected.ToString(), script.StdOut);
    }
    [SkippableFact]
    public async Task Xl_dry_run_takes_the_default_bridge_from_the_given_xl_conf()
    {
        await using XlOracle xl = await XlOracle.StartAsync();
        const string Guest = """
            name = "lab-bridge"
            type = "hvm"
            memory = 128
            vif = [ 'mac=00:16:3e:00:00:01', 'mac=00:16:3e:00:00:02,bridge=xenbr9' ]
            """;

        using XlResult withDefault = await xl.CreateDryRunAsync(Guest, globalConfigText: "vif.default.bridge = \"br-lab\"\n");
        using XlResult withoutDefault = await xl.CreateDryRunAsync(Guest);

        Assert.True(withDefault.ExitCode == 0, withDefault.StdErr);
        Assert.Equal("br-lab", withDefault.Nics[0].GetProperty("bridge").GetString());
        Assert.Equal("xenbr9", withDefault.Nics[1].GetProperty("bridge").GetString());
        // Without a default xl leaves the bridge unset; libxl fills xenbr0 in later, at creation.
        Assert.True(withoutDefault.ExitCode == 0, withoutDefault.StdErr);
        Assert.False(withoutDefault.Nics[0].TryGetProperty("bridge", out _));
        Assert.Equal("xenbr9", withoutDefault.Nics[1].GetProperty("bridge").GetString());
    }
}
