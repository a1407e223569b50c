using System.Text.Json;

namespace Vifmap.Cli.Tests.Check;

/// <summary>`vifmap check` as a monitoring plugin: first line and exit code by the Monitoring Plugins
/// guidelines. Expected lines are written from the demo host's scenario and small-host.json by hand.</summary>
public sealed class CheckCommandTests
{
    private static readonly string s_small = Path.Combine(AppContext.BaseDirectory, "Ls", "TestData", "small-host.json");

    [Fact]
    public void The_demo_host_warns_about_its_leftover_interface()
    {
        (int code, string output, string error) = CliRun.Run(["check", "--demo"]);

        Assert.Equal((1, string.Empty), (code, error));
        Assert.Equal(
            "VIFMAP WARNING - 0 critical, 1 warning of 10 NICs | nics=10;;;0 active_pv=6;;;0 active_emulated=3;;;0 problems=1;;;0\n"
            + "WARNING VM506 vif9.0: vif-like name, but domain 9 does not exist\n",
            output);
    }

    [Fact]
    public void A_query_narrows_the_check_to_healthy_nics()
    {
        (int code, string output, _) = CliRun.Run(["check", "--demo", "web"]);

        Assert.Equal(0, code);
        Assert.Equal("VIFMAP OK - 3 NICs healthy (3 on PV, 0 emulated) | nics=3;;;0 active_pv=3;;;0 active_emulated=0;;;0 problems=0;;;0\n", output);
    }

    [Fact]
    public void Small_host_has_a_down_interface_on_its_active_path_and_an_orphan()
    {
        // web's vif5.0 is up in xenbr0 as xenstore says; win's tap is up in xenbr1; vif9.0 is a leftover.
        (int code, string output, _) = CliRun.Run(["check", "--snapshot", s_small, "--json"]);

        Assert.Equal(1, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal(("WARNING", 1, 1), (doc.RootElement.GetProperty("status").GetString(), doc.RootElement.GetProperty("exit_code").GetInt32(),
            doc.RootElement.GetProperty("schema_version").GetInt32()));
        Assert.Equal(["VM506"], doc.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
        Assert.Equal(2, doc.RootElement.GetProperty("perfdata").GetProperty("nics").GetInt32());
    }

    [Theory]
    [InlineData("--no-such-flag")]
    [InlineData("--timeout", "x")]
    public void Usage_errors_are_unknown_not_critical(params string[] args)
    {
        (int code, string output, _) = CliRun.Run(["check", "--demo", .. args]);

        Assert.Equal(3, code);
        Assert.StartsWith("VIFMAP UNKNOWN - ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_host_is_unknown()
    {
        (int code, string output, _) = CliRun.Run(["check", "--snapshot", "/nonexistent/host.json"]);

        Assert.Equal((3, "VIFMAP UNKNOWN - /nonexistent/host.json: no such file\n"), (code, output));
    }
}
