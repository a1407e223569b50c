using System.CommandLine;
using Vifmap.Cli;
using Vifmap.Cli.Commands;

// The one place where failures become exit codes: expected ones are a line on stderr, never a trace.
var root = new RootCommand("Vifmap: which Xen guest and NIC owns each dom0 network interface.")
{
    LintCommand.Create(),
    PlanCommand.Create(),
    ExplainCommand.Create(),
    LsCommand.Create(),
    SnapshotCommand.Create(),
    BuildDocsCommand.Create(),
};

ParseResult parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"vifmap: {error.Message}");
    }

    Console.Error.WriteLine("Try 'vifmap --help'.");
    return ExitCodes.UsageOrEnvironment;
}

try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException e)
{
    Console.Error.WriteLine($"vifmap: {e.Message}");
    return e.ExitCode;
}
catch (IOException e)
{
    Console.Error.WriteLine($"vifmap: {e.Message}");
    return ExitCodes.UsageOrEnvironment;
}
catch (UnauthorizedAccessException e)
{
    Console.Error.WriteLine($"vifmap: {e.Message}");
    return ExitCodes.UsageOrEnvironment;
}
