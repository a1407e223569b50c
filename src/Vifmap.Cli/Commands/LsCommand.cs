using System.CommandLine;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap ls` (placeholder until its issue lands).</summary>
internal static class LsCommand
{
    public static Command Create()
    {
        var command = new Command("ls", "Not implemented yet.");
        command.SetAction(int (_) => throw new CliException("'ls' is not implemented yet"));
        return command;
    }
}
