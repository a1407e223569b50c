using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Vifmap.LabTests.Lab;

/// <summary>
/// A private, real C xenstored (Xen 4.17) in a fresh temporary folder, started by
/// tests/lab/xenstored-start.sh. Tests fill it with the real xenstore-* clients (or
/// <see cref="BulkWriteAsync"/> for thousands of nodes) and point the code under test at
/// <see cref="SocketPath"/>. Disposal always stops the daemon and deletes the folder.
/// </summary>
/// <example>
/// <code>
/// await using XenstoredLab xs = await XenstoredLab.StartAsync(trace: true);
/// await xs.WriteAsync("/local/domain/5/name", "web");
/// string name = await xs.ReadAsync("/local/domain/5/name");
/// </code>
/// </example>
public sealed class XenstoredLab : IAsyncDisposable
{
    private static readonly TimeSpan s_clientTimeout = TimeSpan.FromSeconds(30);

    // Daemons still running when the test host exits (a test that forgot to dispose).
    private static readonly ConcurrentDictionary<int, byte> s_running = new();

    private readonly LabEnvironment _environment;
    private bool _stopped;

    static XenstoredLab()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (int pid in s_running.Keys)
            {
                KillIfXenstored(pid);
            }
        };
    }

    private XenstoredLab(LabEnvironment environment, string directory, int processId, bool traced)
    {
        _environment = environment;
        Directory = directory;
        ProcessId = processId;
        TraceEnabled = traced;
        Env = new Dictionary<string, string>
        {
            ["XENSTORED_PATH"] = SocketPath,
            ["VIFMAP_LAB_DIR"] = Directory,
        };
    }

    /// <summary>The daemon's run folder (socket, proc-xen/, xenstored.pid, xenstored.out, trace.log).</summary>
    public string Directory { get; }

    public string SocketPath => Path.Combine(Directory, "socket");

    /// <summary>Every message in and out (`IN 0x.. WRITE (...)`); only written when started with trace.</summary>
    public string TraceLogPath => Path.Combine(Directory, "trace.log");

    public bool TraceEnabled { get; }

    public int ProcessId { get; }

    /// <summary>
    /// Environment for child processes that should talk to this daemon: XENSTORED_PATH (read by
    /// every Xen client, libxenstore and xl) and VIFMAP_LAB_DIR (read by tests/lab/xl.sh).
    /// </summary>
    public IReadOnlyDictionary<string, string> Env { get; }

    /// <summary>True while the daemon process is alive.</summary>
    public bool IsRunning => !_stopped && IsXenstored(ProcessId);

    /// <summary>Starts a daemon; skips/fails the test first via <see cref="LabRequirement"/> if the lab is unavailable.</summary>
    public static async Task<XenstoredLab> StartAsync(bool trace = false, CancellationToken cancellationToken = default)
    {
        LabEnvironment environment = LabRequirement.SkipUnlessLabAvailable();
        string directory = System.IO.Directory.CreateTempSubdirectory("vifmap-lab-").FullName;
        var arguments = new List<string> { directory, "--owner", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (trace)
        {
            arguments.Add("--trace");
        }

        LabProcessResult started;
        try
        {
            started = await LabProcess.RunAsync(environment.Script("xenstored-start.sh"), arguments,
                cancellationToken: cancellationToken);
            started.EnsureSuccess("tests/lab/xenstored-start.sh");
        }
        catch
        {
            await LabProcess.RunAsync(environment.Script("xenstored-stop.sh"), [directory], cancellationToken: CancellationToken.None);
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }

        int pid = int.Parse(started.StdOut.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        s_running.TryAdd(pid, 0);
        return new XenstoredLab(environment, directory, pid, trace);
    }

    /// <summary>Runs a real client from xenstore-utils (e.g. "xenstore-ls", "-f", "/local") against this daemon.</summary>
    public Task<LabProcessResult> RunClientAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        if (tool.Contains('/', StringComparison.Ordinal) || !tool.StartsWith("xenstore-", StringComparison.Ordinal))
        {
            throw new ArgumentException("expected a xenstore-* client name such as xenstore-ls", nameof(tool));
        }

        return LabProcess.RunAsync("/usr/bin/" + tool, arguments, Env, timeout: s_clientTimeout,
            cancellationToken: cancellationToken);
    }

    // The typed helpers pass "--" so values such as "-1" are not taken for options.

    /// <summary>xenstore-write PATH VALUE (the real client: one transaction, creates missing parents).</summary>
    public Task WriteAsync(string path, string value, CancellationToken cancellationToken = default) =>
        WriteAsync([(path, value)], cancellationToken);

    /// <summary>xenstore-write with all pairs in one invocation (one transaction). Keep it to a few hundred pairs.</summary>
    public async Task WriteAsync(IEnumerable<(string Path, string Value)> pairs, CancellationToken cancellationToken = default)
    {
        var arguments = new List<string> { "--" };
        foreach ((string path, string value) in pairs)
        {
            arguments.Add(path);
            arguments.Add(value);
        }

        (await RunClientAsync("xenstore-write", arguments, cancellationToken)).EnsureSuccess("xenstore-write");
    }

    /// <summary>xenstore-read PATH; throws when the node is missing or unreadable.</summary>
    public async Task<string> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        LabProcessResult result = (await RunClientAsync("xenstore-read", ["--", path], cancellationToken)).EnsureSuccess("xenstore-read " + path);
        // The client ends each value with a newline it adds itself.
        return result.StdOut.EndsWith('\n') ? result.StdOut[..^1] : result.StdOut;
    }

    /// <summary>xenstore-exists PATH.</summary>
    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) =>
        (await RunClientAsync("xenstore-exists", ["--", path], cancellationToken)).ExitCode == 0;

    /// <summary>xenstore-list PATH: the children's names.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        LabProcessResult result = (await RunClientAsync("xenstore-list", ["--", path], cancellationToken)).EnsureSuccess("xenstore-list " + path);
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>xenstore-rm PATH (removes the subtree).</summary>
    public async Task RemoveAsync(string path, CancellationToken cancellationToken = default) =>
        (await RunClientAsync("xenstore-rm", ["--", path], cancellationToken)).EnsureSuccess("xenstore-rm " + path);

    /// <summary>xenstore-chmod PATH PERMS... (e.g. "n0", "r5"), for permission scenarios.</summary>
    public async Task ChmodAsync(string path, IEnumerable<string> permissions, CancellationToken cancellationToken = default) =>
        (await RunClientAsync("xenstore-chmod", ["--", path, .. permissions], cancellationToken)).EnsureSuccess("xenstore-chmod " + path);

    /// <summary>
    /// Writes many nodes fast with tests/lab/build/xs-bulk-write: one WRITE per pair, pipelined,
    /// no transaction (61000 writes in about 1 s, against 12-17 s with xenstore-write, whose
    /// transactions cost the 4.17 daemon quadratic time). Values may hold any character but NUL;
    /// a path plus its value must fit in 4096 bytes.
    /// </summary>
    public async Task BulkWriteAsync(IEnumerable<(string Path, string Value)> pairs, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        foreach ((string path, string value) in pairs)
        {
            if (path.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"NUL inside {path}: xs-bulk-write separates pairs with NUL", nameof(pairs));
            }

            buffer.Write(Encoding.UTF8.GetBytes(path));
            buffer.WriteByte(0);
            buffer.Write(Encoding.UTF8.GetBytes(value));
            buffer.WriteByte(0);
        }

        LabProcessResult result = await LabProcess.RunAsync(_environment.BulkWriterPath, [], Env,
            buffer.GetBuffer().AsMemory(0, (int)buffer.Length), TimeSpan.FromSeconds(120), cancellationToken);
        result.EnsureSuccess("xs-bulk-write");
    }

    /// <summary>The trace log's text (empty when tracing is off or nothing was logged yet).</summary>
    public string ReadTraceLog() => File.Exists(TraceLogPath) ? File.ReadAllText(TraceLogPath) : string.Empty;

    /// <summary>Stops the daemon with SIGTERM (SIGKILL after ~5 s), for tests of a daemon that goes away.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped)
        {
            return;
        }

        (await LabProcess.RunAsync(_environment.Script("xenstored-stop.sh"), [Directory], cancellationToken: cancellationToken))
            .EnsureSuccess("tests/lab/xenstored-stop.sh");
        _stopped = true;
        s_running.TryRemove(ProcessId, out _);
    }

    /// <summary>SIGKILL: the daemon vanishes without closing anything (a crash, for fault tests).</summary>
    public void Kill()
    {
        KillIfXenstored(ProcessId);
        _stopped = true;
        s_running.TryRemove(ProcessId, out _);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Kill();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A test still holding a file open; /tmp is cleaned eventually.
            }
        }
    }

    // A live (not yet exited) process named xenstored. An exited daemon stays a zombie until
    // its reaper (pid 1 here, which can take a second or more) collects it: count that as gone.
    internal static bool IsXenstored(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int open = stat.IndexOf('(', StringComparison.Ordinal);
            int close = stat.LastIndexOf(')');
            return open >= 0 && close > open && close + 2 < stat.Length
                && stat[(open + 1)..close] == "xenstored"
                && stat[close + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void KillIfXenstored(int pid)
    {
        // Check the name first: the pid may have been reused after the daemon died.
        if (!IsXenstored(pid))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            // SIGKILL is asynchronous: wait until the kernel has ended it (a zombie counts).
            for (int i = 0; i < 500 && IsXenstored(pid); i++)
            {
                Thread.Sleep(10);
            }
        }
        catch (ArgumentException)
        {
            // Gone meanwhile.
        }
        catch (InvalidOperationException)
        {
            // Gone meanwhile.
        }
    }
}
