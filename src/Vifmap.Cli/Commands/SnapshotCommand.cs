using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vifmap.Cli.Output;
using Vifmap.Diagnostics;
using Vifmap.Host;
using Vifmap.XenStore;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap snapshot -o FILE`: the xenstore nodes and interfaces a map needs, in one file for a
/// bug report or a demo; `vifmap ls --snapshot FILE` maps it anywhere.</summary>
internal static class SnapshotCommand
{
    private static readonly Option<FileInfo> s_output = new("--output", "-o")
    {
        Description = "Write the snapshot to this file ('-' for standard output).",
        Required = true,
    };

    public static Command Create()
    {
        var command = new Command("snapshot", "Save what 'vifmap ls' reads (xenstore nodes and interfaces) to a file, for bug reports.")
        {
            s_output,
        };
        LsCommand.Sources.AddTo(command);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
            await RunAsync(parse, Console.OpenStandardOutput(), Console.Error, ct).ConfigureAwait(false));
        return command;
    }

    internal static async Task<int> RunAsync(ParseResult parse, Stream standardOutput, TextWriter error, CancellationToken ct)
    {
        FileInfo output = parse.GetValue(s_output)!;
        await using HostSource source = await LsCommand.Sources.OpenAsync(parse, ct).ConfigureAwait(false);
        HostSnapshot snapshot;
        try
        {
            snapshot = await source.TakeSnapshotAsync(ct).ConfigureAwait(false);
        }
        catch (XenStoreException e)
        {
            throw new CliException($"xenstore failed while reading: {e.Message}");
        }

        foreach (Diagnostic d in source.Diagnostics)
        {
            await error.WriteLineAsync(LsCommand.FormatDiagnostic(d)).ConfigureAwait(false);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            snapshot.WriteTo(writer);
        }

        buffer.WriteByte((byte)'\n');
        if (output.Name == "-")
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(standardOutput, ct).ConfigureAwait(false);
            await standardOutput.FlushAsync(ct).ConfigureAwait(false);
        }
        else
        {
            try
            {
                await File.WriteAllBytesAsync(output.FullName, buffer.ToArray(), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot write {TableWriter.Escape(output.Name)}: {TableWriter.Escape(FileErrors.WriteReason(e, output.FullName))}");
            }
        }

        return ExitCodes.Success;
    }
}
