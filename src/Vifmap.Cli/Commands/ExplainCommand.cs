using System.CommandLine;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap explain` (placeholder until its issue lands).</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var command = new Command("explain", "Not implemented yet.");
        command.SetAction(int (_) => throw new CliException("'explain' is not implemented yet"));
        return command;
    }
}
