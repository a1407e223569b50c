using System.CommandLine;
using Vifmap.Cli.Input;
using Vifmap.Cli.Output;
using Vifmap.Diagnostics;
using Vifmap.Metrics;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap metrics [-o FILE]`: the host's per-NIC metrics once, in the Prometheus text format
/// 0.0.4; with <c>-o</c> written atomically for node_exporter's textfile collector, which would scrape a
/// half-written file as an error.</summary>
internal static class MetricsCommand
{
    private static readonly Option<string> s_output = new("--output", "-o")
    {
        Description = "Write to this file atomically (a temporary file in the same folder, then rename), e.g. /var/lib/prometheus/node-exporter/vifmap.prom.",
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("metrics", "Print the host's per-NIC traffic, active path and states as Prometheus metrics, keyed by guest name, uuid and devid.")
        {
            s_output,
        };
        HostSourceOptions.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse, console, ct));
        return command;
    }

    /// <summary>Exit 0 with the metrics; a host that cannot be read still gets its exposition written
    /// (<c>vifmap_up 0</c>, so the textfile collector shows it) and exits 1 with the reason on stderr.</summary>
    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        string? output = parse.GetValue(s_output);
        if (output is { Length: 0 })
        {
            throw CliException.Usage("--output is an empty string: name a file");
        }

        MetricsScrape scrape = await MetricsScrape.RunAsync(parse, console, ExpositionFormat.PrometheusText, ct).ConfigureAwait(false);
        foreach (Diagnostic d in scrape.Diagnostics)
        {
            await console.Error.WriteLineAsync(DiagnosticWriter.FormatHostLine(d)).ConfigureAwait(false);
        }

        if (output is null)
        {
            // The exposition is UTF-8 already: standard output takes its bytes as they are.
            if (JsonOutput.Utf8BytesUnder(console.Out) is { } bytes)
            {
                await bytes.WriteAsync(scrape.Body.WrittenMemory, ct).ConfigureAwait(false);
                await bytes.FlushAsync(ct).ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(scrape.Body.WrittenSpan)).ConfigureAwait(false);
            }
        }
        else
        {
            await WriteAtomicallyAsync(output, scrape.Body.WrittenMemory, ct).ConfigureAwait(false);
        }

        if (scrape.Failure is not null)
        {
            await console.Error.WriteLineAsync($"vifmap: {scrape.Failure}").ConfigureAwait(false);
            return ExitCodes.Problem;
        }

        return ExitCodes.Success;
    }

    /// <summary>A temporary file beside the target (same file system, so the rename is atomic), flushed to
    /// disk, then renamed over it. Its name does not end in <c>.prom</c>: the collector never reads it.</summary>
    private static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? "/";
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the reason below is the one that matters.
            }

            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new CliException($"cannot write {TerminalText.Escape(path)}: {InputFiles.Reason(e, full)}");
        }
    }
}
