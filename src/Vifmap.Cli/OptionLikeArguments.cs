using System.CommandLine;
using System.CommandLine.Parsing;
using Vifmap.Cli.Output;

namespace Vifmap.Cli;

/// <summary>Commands whose argument takes any number of values (lint FILE..., explain NAME...) get
/// unknown options such as <c>--jsn</c> as one more value: System.CommandLine only reports an unmatched
/// token when no argument can take it. A misspelt flag then became "--jsn: no such file" or a name to
/// decode, with exit 0. A value that looks like a long option (<c>--x</c>) is refused unless it follows
/// <c>--</c>; a single dash is left alone (<c>-</c> is standard input, and <c>-emu</c> is a possible name).</summary>
internal static class OptionLikeArguments
{
    /// <exception cref="CliException">The first long-option-like value before any <c>--</c>.</exception>
    public static void Reject(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        foreach (Token token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                return;
            }

            if (token.Type == TokenType.Argument && token.Value.Length > 2 && token.Value.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CliException(
                    $"unknown option '{TableWriter.Escape(token.Value)}' (for a value that starts with '--', put -- before it); try 'vifmap {parse.CommandResult.Command.Name} --help'");
            }
        }
    }
}
