namespace Vifmap.Cli;

/// <summary>An expected failure (missing file, no xenstore, bad argument value): Program prints the
/// message as one line on stderr and exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.UsageOrEnvironment) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
