using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vifmap.LabTests.Host;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Robustness;

/// <summary>The whole-process contract when the daemon does not answer: SIGINT and SIGTERM end vifmap
/// with 130 and 143 and nothing on stderr; <c>--timeout</c> ends it with one line and exit 1. The real
/// daemon is frozen with SIGSTOP, so vifmap connects (the kernel's listen backlog accepts) and waits.</summary>
public sealed class SignalAndDeadlineLabTests
{
    [SkippableTheory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_while_the_daemon_is_slow_ends_silently_with_the_shell_code(string signal, int expected)
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await SendSignalAsync(xs.ProcessId, "STOP");
        try
        {
            // Started, connected, waiting for its first answers.
            using Process vifmap = Start(xs.Env, "ls", "--sysfs-root", "/sys/class/net");
            await AssertASignalEndsItSilentlyAsync(vifmap, signal, expected, TimeSpan.FromSeconds(10));
        }
        finally
        {
            await SendSignalAsync(xs.ProcessId, "CONT");
        }
    }

    [SkippableTheory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_while_a_command_is_stuck_before_its_first_await_still_ends_it(string signal, int expected)
    {
        // lint of a FIFO no one writes blocks in open(2) on the command's own thread; the signal must
        // still end the process after the grace (it once waited for a writer forever).
        string directory = Directory.CreateTempSubdirectory("vifmap-fifo-").FullName;
        try
        {
            string fifo = Path.Combine(directory, "guest.cfg");
            (await LabProcess.RunAsync("/usr/bin/mkfifo", [fifo])).EnsureSuccess("mkfifo");
            // Started, waiting in open(2).
            using Process vifmap = Start(null, "lint", fifo);
            try
            {
                await AssertASignalEndsItSilentlyAsync(vifmap, signal, expected, TimeSpan.FromSeconds(20));
            }
            finally
            {
                if (!vifmap.HasExited)
                {
                    vifmap.Kill(); // a failed run must not leave it waiting on the FIFO
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SkippableFact]
    public async Task The_timeout_ends_a_read_from_a_stuck_daemon_with_one_line()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await SendSignalAsync(xs.ProcessId, "STOP");
        try
        {
            var clock = Stopwatch.StartNew();
            LabProcessResult r = await LabProcess.RunAsync(LabHost.VifmapPath, ["ls", "--timeout", "1", "--sysfs-root", "/sys/class/net"], xs.Env);
            clock.Stop();

            Assert.Equal(1, r.ExitCode);
            Assert.Equal(string.Empty, r.StdOut);
            Assert.Equal(
                "vifmap: gave up after 1 s (--timeout): the host was not read in time; is xenstored stuck?\n",
                r.StdErr);

            // Not a timed assertion of speed: a deadline of 1 s that took a minute would be no deadline.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        }
        finally
        {
            await SendSignalAsync(xs.ProcessId, "CONT");
        }
    }

    [SkippableFact]
    public async Task A_snapshot_by_a_user_who_may_not_read_xenstore_fails_and_writes_nothing()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(xs.Directory, (UnixFileMode)0b111_111_111);
        }

        string output = Path.Combine(xs.Directory, "snap.json");
        LabProcessResult r = await LabProcess.RunAsync("/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", LabHost.VifmapPath, "snapshot", "-o", output], xs.Env);

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"vifmap: cannot read xenstore (socket {xs.SocketPath}: permission denied): run as root", r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>After 1.5 s <paramref name="vifmap"/> is still running; <paramref name="signal"/> then ends it
    /// within <paramref name="limit"/> with <paramref name="expected"/> and nothing on stdout or stderr.</summary>
    private static async Task AssertASignalEndsItSilentlyAsync(Process vifmap, string signal, int expected, TimeSpan limit)
    {
        Task<string> stdout = vifmap.StandardOutput.ReadToEndAsync();
        Task<string> stderr = vifmap.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(vifmap.HasExited);

        await SendSignalAsync(vifmap.Id, signal);
        using var deadline = new CancellationTokenSource(limit);
        await vifmap.WaitForExitAsync(deadline.Token);

        Assert.Equal((expected, string.Empty, string.Empty), (vifmap.ExitCode, await stdout, await stderr));
    }

    /// <summary>The vifmap under test, its output redirected; <paramref name="env"/> added to its environment.</summary>
    private static Process Start(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var info = new ProcessStartInfo(LabHost.VifmapPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach ((string key, string value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("vifmap did not start");
    }

    private static async Task SendSignalAsync(int pid, string signal)
        => (await LabProcess.RunAsync("/bin/kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess($"kill -{signal}");
}
