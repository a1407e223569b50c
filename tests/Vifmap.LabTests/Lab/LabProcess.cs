using System.Diagnostics;
using System.Text;

namespace Vifmap.LabTests.Lab;

/// <summary>What a finished child process left behind.</summary>
public sealed record LabProcessResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Throws with both streams when the process did not exit 0 (for set-up steps).</summary>
    public LabProcessResult EnsureSuccess(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{what} exited {ExitCode}.\nstdout: {StdOut}\nstderr: {StdErr}");
        }

        return this;
    }
}

/// <summary>
/// Runs lab tools (scripts, Xen clients, xl) with a timeout. A child that outlives its timeout
/// is killed with its whole process tree and reported with <see cref="TimeoutException"/>.
/// </summary>
public static class LabProcess
{
    /// <summary>Long enough for gcc on a busy 2-core machine; set-up steps use it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<LabProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        ReadOnlyMemory<byte> stdin = default,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (KeyValuePair<string, string> pair in environment)
            {
                startInfo.Environment[pair.Key] = pair.Value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        process.Start();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        TimeSpan limit = timeout ?? DefaultTimeout;
        timeoutSource.CancelAfter(limit);
        try
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            Task<string> stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            if (!stdin.IsEmpty)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin, timeoutSource.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeoutSource.Token);
            return new LabProcessResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            KillTree(process);
            throw new TimeoutException(
                $"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {limit}.");
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            throw;
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the timeout and the kill.
        }
    }
}
