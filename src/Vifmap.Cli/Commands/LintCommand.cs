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
/// file as each is read, so memory holds one file's findings, not all of them.</summary>
internal static class LintCommand
{
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
        foreach (string file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] bytes;
            try
            {
                bytes = InputFiles.Read(file, InputFiles.ConfigLimit, console.OpenStandardInput, file);
            }
            catch (CliException e) when (!e.IsUsage)
            {
                // Lint goes on to the next file after an unreadable one, so the failure is a line on stderr here.
                console.Error.WriteLine($"vifmap: {e.Message}");
                outcome.Unreadable = true;
                continue;
            }

            DomainConfig config = DomainConfigReader.Read(file, bytes, release);
            IReadOnlyList<Diagnostic> findings = NamePlanner.Lint(config, file);
            outcome.Errors |= findings.Any(d => d.Severity == Severity.Error);
            write(DiagnosticWriter.InFileOrder(findings));
        }
    }

    private sealed class Outcome
    {
        public bool Unreadable { get; set; }

        public bool Errors { get; set; }
    }
}
