using System.CommandLine;
using Vifmap.Cli.Input;
using Vifmap.Cli.Output;
using Vifmap.Diagnostics;
using Vifmap.Host;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap snapshot -o FILE`: the xenstore nodes and interfaces a map needs, in one file for a
/// bug report or a demo; `vifmap ls --snapshot FILE` maps it anywhere.</summary>
internal static class SnapshotCommand
{
    private static readonly Option<string> s_output = new("--output", "-o")
    {
        Description = "Write the snapshot to this file ('-' for standard output).",
        Required = true,
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("snapshot", "Save what 'vifmap ls' reads (xenstore nodes and interfaces) to a file, for bug reports.")
        {
            s_output,
        };
        HostSourceOptions.AddTo(command);
        command.SetAction((parse, ct) => HostSourceOptions.RunAsync(parse, console, ct, (source, deadline) => RunAsync(parse, source, console, deadline)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, HostSource source, CliConsole console, CancellationToken ct)
    {
        string output = parse.GetValue(s_output)!;
        if (output.Length == 0)
        {
            throw CliException.Usage("--output is an empty string: name a file, or - for standard output");
        }

        HostSnapshot snapshot = await source.TakeSnapshotAsync(ct).ConfigureAwait(false);
        foreach (Diagnostic d in source.Diagnostics)
        {
            await console.Error.WriteLineAsync(DiagnosticWriter.FormatHostLine(d)).ConfigureAwait(false);
        }

        if (output == "-")
        {
            JsonOutput.Write(console.Out, snapshot.WriteTo);
            return ExitCodes.Success;
        }

        // Written beside the target and renamed over it: a reader never sees half a snapshot.
        string full = Path.GetFullPath(output);
        string temporary = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                JsonOutput.Write(file, snapshot.WriteTo);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw new CliException($"cannot write {TerminalText.Escape(output)}: {InputFiles.WriteReason(e, full)}");
        }

        return ExitCodes.Success;
    }
}
