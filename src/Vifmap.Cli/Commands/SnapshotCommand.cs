using System.CommandLine;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap snapshot` (placeholder until its issue lands).</summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var command = new Command("snapshot", "Not implemented yet.");
        command.SetAction(int (_) => throw new CliException("'snapshot' is not implemented yet"));
        return command;
    }
}
