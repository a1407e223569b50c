using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;

namespace Vifmap.LabTests.Metrics;

/// <summary>A long-running child (vifmap serve, prometheus) the test talks to while it runs: stdout lines
/// as they come, stderr kept, stopped with SIGTERM (the signal a service manager sends) and, if it
/// lingers, killed.</summary>
internal sealed partial class BackgroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private BackgroundProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string StdErr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public static BackgroundProcess Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (KeyValuePair<string, string> pair in environment ?? new Dictionary<string, string>())
        {
            info.Environment[pair.Key] = pair.Value;
        }

        var process = new Process { StartInfo = info };
        var background = new BackgroundProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is string line)
            {
                background._lines.Writer.TryWrite(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is string line)
            {
                lock (background._lock)
                {
                    background._stderr.AppendLine(line);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return background;
    }

    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_process.StartInfo.FileName}: no line on stdout within {timeout}; stderr: {StdErr}");
        }
    }

    /// <summary>SIGTERM, then the exit code (null when it had to be killed after <paramref name="grace"/>).</summary>
    public async Task<int?> TerminateAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return _process.ExitCode;
        }

        _ = Kill(_process.Id, 15);
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await TerminateAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
