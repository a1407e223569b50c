using System.CommandLine;
using Vifmap.Cli.Input;
using Vifmap.Cli.Output;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap lint FILE... [--xen X.Y] [--toolstack xl|xend]`: every finding in xl.cfg files — libxlutil
/// syntax (VM1xx), vif specs read as xl reads them (VM2xx), and what the chosen release does with the config (VM3xx,
/// the same rules and codes as plan). Exit 0 without errors (warnings allowed), 1 with any error or an
/// unreadable file (the other files are still checked), 2 for bad usage. Findings are printed file by
/// file in argument order as they are read, so memory holds a few batches of files' findings, not all of them.</summary>
internal static class LintCommand
{
    /// <summary>Files per batch when linting on several cores.</summary>
    private const int MaxBatch = 32;

    private static readonly Argument<string[]> s_files = new("FILE")
    {
        Description = "xl.cfg files to check; - reads standard input.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<bool> s_json = new("--json")
    {
        Description = "Print the findings as a JSON array (file, line, column, severity, code, message).",
    };

    private static readonly Option<string?> s_xen = new("--xen") { Description = ReleaseOptions.XenDescription };

    private static readonly Option<string?> s_toolstack = new("--toolstack") { Description = ReleaseOptions.ToolstackDescription };

    public static Command Create(CliConsole console)
    {
        var command = new Command("lint", "Check xl.cfg files: syntax and vif specs as xl reads them, one line per finding.")
        {
            s_files,
            s_json,
            s_xen,
            s_toolstack,
        };
        command.SetAction((parse, ct) =>
        {
            OptionLikeArguments.Reject(parse, shortOptionsToo: true);
            ToolstackRelease release = ReleaseOptions.Parse(parse.GetValue(s_xen), parse.GetValue(s_toolstack));
            return Task.FromResult(Run(parse.GetValue(s_files) ?? [], parse.GetValue(s_json), release, console, ct));
        });
        return command;
    }

    internal static int Run(IReadOnlyList<string> files, bool json, CliConsole console, CancellationToken cancellationToken)
        => Run(files, json, ToolstackRelease.Default, console, cancellationToken);

    internal static int Run(IReadOnlyList<string> files, bool json, ToolstackRelease release, CliConsole console, CancellationToken cancellationToken)
    {
        if (files.Any(f => f.Length == 0))
        {
            throw CliException.Usage("FILE is an empty string: name a file, or - for standard input");
        }

        var outcome = new Outcome();
        if (json)
        {
            JsonOutput.Write(console.Out, writer =>
            {
                writer.WriteStartArray();
                LintEach(files, release, console, outcome, cancellationToken, findings =>
                {
                    foreach (Diagnostic d in findings)
                    {
                        DiagnosticWriter.WriteJsonObject(writer, d);
                        JsonOutput.FlushIfFull(writer);
                    }
                });
                writer.WriteEndArray();
            });
        }
        else
        {
            LintEach(files, release, console, outcome, cancellationToken, findings => DiagnosticWriter.WriteText(console.Out, findings));
        }

        return outcome.Unreadable || outcome.Errors ? ExitCodes.Problem : ExitCodes.Success;
    }

    private static void LintEach(IReadOnlyList<string> files, ToolstackRelease release, CliConsole console, Outcome outcome, CancellationToken cancellationToken, Action<IReadOnlyList<Diagnostic>> write)
    {
        // Many files: read and check them on every core, print in argument order. Files go to the
        // workers in batches (a task per file cost more in wake-ups than a small file's parse), and at
        // most a window of batches is done and waiting to be printed, so memory holds a few hundred
        // files' findings at most, not all of them. Standard input is read once, in its turn: with "-"
        // among the files, one after another.
        bool parallel = files.Count > 1 && Environment.ProcessorCount > 1 && !files.Contains("-");
        int window = parallel ? 2 * Environment.ProcessorCount : 1;
        int batch = parallel ? Math.Clamp(files.Count / (4 * window), 1, MaxBatch) : 1;
        var pending = new Queue<Task<FileResult[]>>(window);
        int next = 0;
        while (next < files.Count || pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (next < files.Count && pending.Count < window)
            {
                int first = next;
                int count = Math.Min(batch, files.Count - first);
                next += count;
                pending.Enqueue(parallel
                    ? Task.Run(() => LintBatch(files, first, count, release, console), cancellationToken)
                    : Task.FromResult(LintBatch(files, first, count, release, console)));
            }

            // GetResult, not Result: a usage error from a worker arrives as itself, not wrapped.
            foreach (FileResult done in pending.Dequeue().GetAwaiter().GetResult())
            {
                if (done.Unreadable is string message)
                {
                    // Lint goes on to the next file after an unreadable one, so the failure is a line on stderr here.
                    console.Error.WriteLine(message);
                    outcome.Unreadable = true;
                    continue;
                }

                outcome.Errors |= done.Findings.Any(d => d.Severity == Severity.Error);
                write(done.Findings);
            }
        }
    }

    private static FileResult[] LintBatch(IReadOnlyList<string> files, int first, int count, ToolstackRelease release, CliConsole console)
    {
        var results = new FileResult[count];
        for (int i = 0; i < count; i++)
        {
            results[i] = LintFile(files[first + i], release, console);
        }

        return results;
    }

    private static FileResult LintFile(string file, ToolstackRelease release, CliConsole console)
    {
        byte[] bytes;
        try
        {
            bytes = InputFiles.Read(file, InputFiles.ConfigLimit, console.OpenStandardInput, file);
        }
        catch (CliException e) when (!e.IsUsage)
        {
            return new FileResult([], $"vifmap: {e.Message}");
        }

        DomainConfig config = DomainConfigReader.Read(file, bytes, release);
        return new FileResult(DiagnosticWriter.InFileOrder(NamePlanner.Lint(config, file)), null);
    }

    /// <summary>One file's findings in file order, or why it could not be read.</summary>
    private sealed record FileResult(IReadOnlyList<Diagnostic> Findings, string? Unreadable);

    private sealed class Outcome
    {
        public bool Unreadable { get; set; }

        public bool Errors { get; set; }
    }
}
