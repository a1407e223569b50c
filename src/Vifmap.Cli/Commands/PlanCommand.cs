using System.CommandLine;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap plan` (placeholder until its issue lands).</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var command = new Command("plan", "Not implemented yet.");
        command.SetAction(int (_) => throw new CliException("'plan' is not implemented yet"));
        return command;
    }
}
