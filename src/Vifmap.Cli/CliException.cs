namespace Vifmap.Cli;

/// <summary>An expected failure (missing file, no xenstore, bad argument value): <see cref="Program"/>
/// prints the message as one line on stderr, adds a <c>--help</c> hint for usage errors, and exits with
/// <see cref="ExitCode"/>. Messages are already escaped for a terminal.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Problem) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public bool IsUsage => ExitCode == ExitCodes.Usage;

    /// <summary>A wrong command line: exit 2 and a hint to the command's <c>--help</c>.</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.Usage);
}
