using System.CommandLine;
using Vifmap.Cli.Output;
using Vifmap.Config;
using Vifmap.Diagnostics;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap lint FILE...`: every finding in xl.cfg files — libxlutil syntax (VM1xx) and vif specs
/// read as xl reads them (VM2xx). Exit 0 without errors (warnings allowed), 1 with any error, 2 when a file
/// cannot be read.</summary>
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

    public static Command Create()
    {
        var command = new Command("lint", "Check xl.cfg files: syntax and vif specs as xl reads them, one line per finding.")
        {
            s_files,
            s_json,
        };
        command.SetAction(int (ParseResult parse) =>
        {
            OptionLikeArguments.Reject(parse);
            return Run(parse.GetValue(s_files) ?? [], parse.GetValue(s_json), Console.OpenStandardInput, Console.Out, Console.Error);
        });
        return command;
    }

    internal static int Run(IReadOnlyList<string> files, bool json, Func<Stream> openStandardInput, TextWriter output, TextWriter error)
    {
        var findings = new List<Diagnostic>();
        bool unreadable = false;
        foreach (string file in files)
        {
            byte[]? bytes = ReadInput(file, openStandardInput, error);
            if (bytes is null)
            {
                unreadable = true;
                continue;
            }

            DomainConfig config = DomainConfigReader.Read(file, bytes);
            findings.AddRange(DiagnosticWriter.InFileOrder(config.Diagnostics));
        }

        if (json)
        {
            DiagnosticWriter.WriteJson(output, findings);
        }
        else
        {
            DiagnosticWriter.WriteText(output, findings);
        }

        if (unreadable)
        {
            return ExitCodes.UsageOrEnvironment;
        }

        return findings.Any(d => d.Severity == Severity.Error) ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>Lint goes on to the next file after an unreadable one, so the failure is a line on stderr here.</summary>
    private static byte[]? ReadInput(string file, Func<Stream> openStandardInput, TextWriter error)
    {
        try
        {
            return ConfigInput.Read(file, openStandardInput);
        }
        catch (CliException e)
        {
            error.WriteLine($"vifmap: {e.Message}");
            return null;
        }
    }
}
