using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Host.Live;

/// <summary>A lab host for <c>vifmap watch</c>: a real xenstored, a fresh network namespace with a
/// bridge, and the real vifmap watching both as a child process (inside the namespace, as dom0's
/// tools run). xenstore nodes are written as libxl 4.17 writes them (tests/lab/scenarios/libxl.sh),
/// interfaces made as dom0's hotplug makes them (tests/lab/netns.sh).</summary>
internal sealed class WatchLab : IAsyncDisposable
{
    private static int s_counter;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly StringBuilder _stderr = new();
    private Process? _watch;

    private WatchLab(XenstoredLab xenstore, string ns)
    {
        Xenstore = xenstore;
        Namespace = ns;
    }

    public XenstoredLab Xenstore { get; }

    public string Namespace { get; }

    public string StdErr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <param name="trace">Start the daemon with its trace log (every request, by connection).</param>
    public static async Task<WatchLab> StartAsync(bool trace = false)
    {
        XenstoredLab xs = await XenstoredLab.StartAsync(trace);
        string ns = string.Create(CultureInfo.InvariantCulture, $"vmw{Environment.ProcessId % 100000}x{Interlocked.Increment(ref s_counter)}");
        var lab = new WatchLab(xs, ns);
        try
        {
            await lab.ShAsync($"ns_create {ns}; ns_bridge {ns} xenbr0");
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    /// <summary>Runs bash with the lab's libxl.sh and netns.sh functions loaded.</summary>
    public async Task<string> ShAsync(string script)
    {
        string lab = LabEnvironment.Current.LabDirectory;
        string prelude = $"set -euo pipefail; source '{lab}/scenarios/libxl.sh'; source '{lab}/netns.sh'; ";
        return (await LabProcess.RunAsync("/bin/bash", ["-c", prelude + script], Xenstore.Env)).EnsureSuccess(script).StdOut;
    }

    /// <summary>The nodes the libxl.sh functions in <paramref name="script"/> emit, written in ONE
    /// xenstore-write (one transaction), as libxl writes a device's nodes in one transaction.</summary>
    public async Task WriteNodesAsync(string script)
    {
        string[] parts = (await ShAsync(script)).Split('\0');
        var pairs = new List<(string, string)>();
        for (int i = 0; i + 1 < parts.Length; i += 2)
        {
            pairs.Add((parts[i], parts[i + 1]));
        }

        await Xenstore.WriteAsync(pairs);
    }

    /// <summary>xenstore-rm of every path in one invocation (the client runs them in one transaction).</summary>
    public async Task RemoveNodesAsync(params string[] paths)
        => (await Xenstore.RunClientAsync("xenstore-rm", ["--", .. paths])).EnsureSuccess("xenstore-rm");

    public void StartWatch(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/sbin/ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string a in (string[])["netns", "exec", Namespace, LabHost.VifmapPath, "watch", "--json", .. args])
        {
            start.ArgumentList.Add(a);
        }

        foreach (KeyValuePair<string, string> pair in Xenstore.Env)
        {
            start.Environment[pair.Key] = pair.Value;
        }

        _watch = Process.Start(start)!;
        _watch.OutputDataReceived += (_, e) =>
        {
            if (e.Data is string line)
            {
                _events.Writer.TryWrite((JsonObject)JsonNode.Parse(line)!);
            }
        };
        _watch.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is string line)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(line);
                }
            }
        };
        _watch.BeginOutputReadLine();
        _watch.BeginErrorReadLine();
    }

    /// <summary>The next <paramref name="count"/> events, within a generous time (a busy 2-core machine).</summary>
    public async Task<List<JsonObject>> NextAsync(int count, double seconds = 15)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var got = new List<JsonObject>();
        try
        {
            while (got.Count < count)
            {
                got.Add(await _events.Reader.ReadAsync(timeout.Token));
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"expected {count} events, got {got.Count}: {string.Join(" | ", got.Select(Describe))}; stderr: {StdErr}");
        }

        return got;
    }

    /// <summary>Nothing more arrives within <paramref name="seconds"/> (no spurious events after a step).</summary>
    public async Task<List<JsonObject>> DrainAsync(double seconds)
    {
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var rest = new List<JsonObject>();
        while (_events.Reader.TryRead(out JsonObject? e))
        {
            rest.Add(e);
        }

        return rest;
    }

    /// <summary>An event in one short comparable line: type domid devid path interface from to.</summary>
    public static string Describe(JsonObject e)
        => string.Join(' ', new[] { "type", "domid", "devid", "path", "interface", "from", "to" }
            .Select(k => e[k] is JsonNode v ? v.ToJsonString() : "-"));

    /// <summary>The watcher's peak resident memory so far (VmHWM), in KiB.</summary>
    public long WatchPeakRssKb()
    {
        foreach (string line in File.ReadLines($"/proc/{_watch!.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Sends <paramref name="signal"/> to the watcher and returns its exit code.</summary>
    public async Task<int> StopWatchAsync(string signal)
    {
        Process watch = _watch!;
        (await LabProcess.RunAsync("/bin/kill", ["-" + signal, watch.Id.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess("kill");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await watch.WaitForExitAsync(timeout.Token);
        watch.WaitForExit(); // drains the redirected streams
        return watch.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_watch is { HasExited: false })
        {
            _watch.Kill();
        }

        _watch?.Dispose();
        try
        {
            await LabProcess.RunAsync("/bin/bash", ["-c", $"source '{LabEnvironment.Current.LabDirectory}/netns.sh'; ns_destroy {Namespace}"]);
        }
        finally
        {
            await Xenstore.DisposeAsync();
        }
    }
}
