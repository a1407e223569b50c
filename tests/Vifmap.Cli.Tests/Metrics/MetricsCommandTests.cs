namespace Vifmap.Cli.Tests.Metrics;

/// <summary>`vifmap metrics` end to end in-process on Ls/TestData/small-host.json (guest 5 "web…" PV with
/// a hostile name, guest 7 "win" HVM on its emulated path win-lan-emu). Expected lines are written from
/// that file's values and issue 11's contract.</summary>
public sealed class MetricsCommandTests
{
    private static readonly string s_snapshot = Path.Combine(AppContext.BaseDirectory, "Ls", "TestData", "small-host.json");

    private const string Win = "domain=\"win\",domain_uuid=\"11111111-2222-4333-8444-777777777777\",devid=\"0\"";

    [Fact]
    public async Task Prints_the_text_format_with_the_active_path_and_counters_by_guest()
    {
        (int code, string output, string error) = await CliRun.RunAsync(["metrics", "--snapshot", s_snapshot]);

        Assert.Equal((0, string.Empty), (code, error));
        string[] lines = output.Split('\n');
        Assert.Contains("vifmap_up 1", lines);
        Assert.Contains($"vifmap_interface_active{{{Win},path=\"emulated\"}} 1", lines);
        Assert.Contains($"vifmap_interface_active{{{Win},path=\"pv\"}} 0", lines);
        Assert.Contains($"vifmap_interface_receive_bytes_total{{{Win},path=\"emulated\"}} 12345678", lines);
        Assert.Contains($"vifmap_interface_transmit_bytes_total{{{Win},path=\"emulated\"}} 4200", lines);
        Assert.Contains("vifmap_interface_receive_packets_total{domain=\"web\u001b]0;pwned\u0007\",domain_uuid=\"11111111-2222-4333-8444-555555555555\",devid=\"0\",path=\"pv\"} 1000", lines);
        Assert.Contains("# TYPE vifmap_interface_receive_bytes_total counter", lines);
        Assert.DoesNotContain("# EOF", lines);
    }

    [Fact]
    public async Task Output_file_is_written_whole_and_no_temporary_file_is_left()
    {
        string folder = Directory.CreateTempSubdirectory("vifmap-metrics-").FullName;
        try
        {
            string target = Path.Combine(folder, "vifmap.prom");
            await File.WriteAllTextAsync(target, "old\n");

            (int code, string output, string error) = await CliRun.RunAsync(["metrics", "--snapshot", s_snapshot, "-o", target]);

            Assert.Equal((0, string.Empty, string.Empty), (code, output, error));
            string written = await File.ReadAllTextAsync(target);
            Assert.StartsWith("# HELP vifmap_up ", written, StringComparison.Ordinal);
            Assert.EndsWith("\n", written, StringComparison.Ordinal);
            Assert.Contains($"vifmap_interface_active{{{Win},path=\"emulated\"}} 1\n", written, StringComparison.Ordinal);
            Assert.Equal(["vifmap.prom"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_host_that_cannot_be_read_still_gets_its_exposition_with_up_0_and_exits_1()
    {
        (int code, string output, string error) = await CliRun.RunAsync(["metrics", "--snapshot", "/nonexistent/host.json"]);

        Assert.Equal(1, code);
        Assert.Contains("\nvifmap_up 0\n", "\n" + output, StringComparison.Ordinal);
        Assert.DoesNotContain("vifmap_interface_", output, StringComparison.Ordinal);
        Assert.Equal(["vifmap: /nonexistent/host.json: no such file"], error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Options_that_cannot_go_together_are_a_usage_error_not_a_host_that_is_down()
    {
        (int code, string output, string error) = await CliRun.RunAsync(["metrics", "--snapshot", s_snapshot, "--links", "x.json"]);

        Assert.Equal((2, string.Empty), (code, output));
        Assert.StartsWith("vifmap: --snapshot already holds xenstore", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9478")]
    [InlineData("localhost:9478")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:99999")]
    public async Task Serve_refuses_a_listen_address_that_is_not_address_and_port(string listen)
    {
        (int code, string output, string error) = await CliRun.RunAsync(["serve", "--snapshot", s_snapshot, "--listen", listen]);

        Assert.Equal((2, string.Empty), (code, output));
        Assert.StartsWith($"vifmap: --listen {listen}: not ADDRESS:PORT", error, StringComparison.Ordinal);
    }
}
