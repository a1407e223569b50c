namespace Vifmap.Cli;

/// <summary>The streams a command reads and writes: the process's own in <see cref="Program.Main"/>,
/// in-memory ones in tests. Commands never touch <see cref="Console"/>.</summary>
/// <param name="OpenStandardInput">Standard input, opened only by a command that reads <c>-</c>.</param>
/// <param name="Out">Results: tables, JSON, findings.</param>
/// <param name="Error">Problems, one line each, and host warnings.</param>
internal sealed record CliConsole(Func<Stream> OpenStandardInput, TextWriter Out, TextWriter Error);
