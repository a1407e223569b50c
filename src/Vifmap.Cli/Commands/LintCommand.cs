using System.CommandLine;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap lint` (placeholder until its issue lands).</summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var command = new Command("lint", "Not implemented yet.");
        command.SetAction(int (_) => throw new CliException("'lint' is not implemented yet"));
        return command;
    }
}
