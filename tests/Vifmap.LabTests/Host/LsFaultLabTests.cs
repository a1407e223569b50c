using System.Text.Json.Nodes;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Host;

/// <summary>Faults: each gives a clear one-line message (exit 1) or a flagged field, never a crash
/// (exit 134, a stack trace) or a hang (LabProcess gives up after 60 s and the test fails).</summary>
public sealed class LsFaultLabTests
{
    private static string OneLine(LabProcessResult r)
    {
        string[] lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
        return lines[0];
    }

    [SkippableFact]
    public async Task Daemon_absent_says_so_in_one_line_and_shows_the_demo()
    {
        LabRequirement.SkipUnlessLabAvailable();
        string missing = Path.Combine(Path.GetTempPath(), $"vifmap-no-daemon-{Guid.NewGuid():N}", "socket");

        LabProcessResult r = await LabProcess.RunAsync(LabHost.VifmapPath, ["ls"], new Dictionary<string, string> { ["XENSTORED_PATH"] = missing });

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(
            $"vifmap: no xenstore here (socket {missing}: does not exist): not a Xen dom0 or driver domain; try the demo: vifmap ls --demo",
            OneLine(r));
        Assert.Equal(string.Empty, r.StdOut);
    }

    [SkippableFact]
    public async Task Socket_not_permitted_asks_for_root()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();

        // As /var/run/xenstored: the folder is open to all, the socket is mode 0600 (real-xen-lab.md),
        // so an unprivileged user finds the socket and is refused by the kernel.
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(xs.Directory, (UnixFileMode)0b111_101_101);
        }

        LabProcessResult r = await LabProcess.RunAsync("/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", LabHost.VifmapPath, "ls"], xs.Env);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(
            $"vifmap: cannot read xenstore (socket {xs.SocketPath}: permission denied): run as root; or try the demo: vifmap ls --demo",
            OneLine(r));
    }

    [SkippableFact]
    public async Task Daemon_killed_mid_read_is_one_line_exit_1()
    {
        await using LabHost host = await LabHost.StartDemoAsync();

        // Freeze the daemon: vifmap connects (the listen backlog accepts) and waits for its first
        // answers; then the daemon dies with the requests outstanding.
        Assert.Equal(0, (await LabProcess.RunAsync("/bin/kill", ["-STOP", host.Xenstore.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ExitCode);
        Task<LabProcessResult> run = host.VifmapAsync("ls");
        await Task.Delay(TimeSpan.FromSeconds(2));
        host.Xenstore.Kill();
        LabProcessResult r = await run;

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("vifmap: xenstore failed: ", OneLine(r), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Nodes_removed_while_the_map_is_read_never_break_it()
    {
        await using LabHost host = await LabHost.StartDemoAsync();
        using var stop = new CancellationTokenSource();

        // Guest 4 comes and goes (destroy removes its paths; create writes them again) while vifmap maps.
        Task churn = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await host.Xenstore.RemoveAsync("/local/domain/4");
                await host.Xenstore.RemoveAsync("/local/domain/0/backend/vif/4");
                await host.Xenstore.WriteAsync(
                [
                    ("/local/domain/4/name", "mail"), ("/local/domain/4/device/vif/0/state", "1"),
                    ("/local/domain/0/backend/vif/4/0/type", "vif_ioemu"), ("/local/domain/0/backend/vif/4/0/vifname", "mail0"),
                ]);
            }
        });
        var runs = new List<LabProcessResult>();
        while (runs.Count < 10)
        {
            runs.Add(await host.VifmapAsync("ls", "--json"));
        }

        await stop.CancelAsync();
        await churn;

        Assert.All(runs, r => Assert.Equal(0, r.ExitCode));
        // Each run saw guest 4 whole, partly, or not at all; the 7 other guests are always there.
        Assert.All(runs, r => Assert.InRange(JsonNode.Parse(r.StdOut)!["domains"]!.AsArray().Count, 7, 8));
    }

    [SkippableFact]
    public async Task Hostile_values_are_escaped_or_flagged()
    {
        await using LabHost host = await LabHost.StartDemoAsync();
        await host.Xenstore.WriteAsync(
        [
            ("/local/domain/2/name", "win\u001b[31m\u0007\u202e"),
            ("/local/domain/0/backend/vif/2/0/bridge", new string('b', 4000)),
            ("/local/domain/1/device/vif/0/state", "4; rm -rf /"),
        ]);
        // Bytes that are not UTF-8 cannot pass through a .NET argument list: printf in the shell writes them.
        (await LabProcess.RunAsync("/bin/bash", ["-c", "xenstore-write /local/domain/3/name \"$(printf 'deb\\xff\\xfe')\""], host.Xenstore.Env))
            .EnsureSuccess("xenstore-write non-UTF-8");

        LabProcessResult table = await host.VifmapAsync("ls");
        LabProcessResult json = await host.VifmapAsync("ls", "--json");

        Assert.Equal((0, 0), (table.ExitCode, json.ExitCode));
        Assert.Contains(@"win\x1b[31m\x07\u{202e}", table.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', table.StdOut);
        Assert.Contains("bbbbbbbbbbbbbbb…", table.StdOut, StringComparison.Ordinal);
        Assert.Contains("vifmap: warning VM401: /local/domain/3/name: value is not UTF-8; invalid bytes shown as U+FFFD", table.StdErr, StringComparison.Ordinal);
        Assert.Contains("vifmap: warning VM402: /local/domain/1/device/vif/0/state = '4; rm -rf /' is not a XenbusState (0-8)", table.StdErr, StringComparison.Ordinal);

        JsonNode map = JsonNode.Parse(json.StdOut)!;
        JsonArray domains = map["domains"]!.AsArray();
        Assert.Equal("win\u001b[31m\u0007\u202e", (string?)domains[1]!["name"]);
        Assert.Equal("deb\uFFFD\uFFFD", (string?)domains[2]!["name"]);
        Assert.Equal(4000, ((string?)domains[1]!["nics"]![0]!["bridge"])!.Length);
        JsonNode web0 = domains[0]!["nics"]![0]!;
        Assert.Equal(("unknown", null, "4; rm -rf /"), ((string?)web0["active"], (int?)web0["frontend_state"], (string?)web0["frontend_state_raw"]));
    }
}
