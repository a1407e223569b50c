using System.CommandLine;
using System.CommandLine.Parsing;
using Vifmap.Cli.Output;

namespace Vifmap.Cli;

/// <summary>Commands whose argument takes any number of values (lint FILE..., explain NAME...) get
/// unknown options such as <c>--jsn</c> or <c>-q</c> as one more value: System.CommandLine only reports
/// an unmatched token when no argument can take it. A misspelt flag then became "--jsn: no such file" or
/// a name to decode. A value that looks like an option is refused unless it follows <c>--</c>; <c>-</c>
/// alone (standard input) is always a value.</summary>
internal static class OptionLikeArguments
{
    /// <summary>Refuses <c>--x</c>, and with <paramref name="shortOptionsToo"/> also <c>-x</c> (commands that
    /// take files: <c>-q</c> is far likelier a flag than a file name; explain keeps <c>-emu</c> as a name).</summary>
    /// <exception cref="CliException">The first option-like value before any <c>--</c> (a usage error).</exception>
    public static void Reject(ParseResult parse, bool shortOptionsToo)
    {
        if (Find(parse, shortOptionsToo) is string value)
        {
            throw CliException.Usage(Message(value, shortOptionsToo));
        }
    }

    /// <summary>The message for an unknown option, as <see cref="Reject"/> words it.</summary>
    public static string Message(string value, bool shortOptionsToo)
    {
        string dash = shortOptionsToo ? "-" : "--";
        return $"unknown option '{TerminalText.Escape(value)}' (for a value that starts with '{dash}', put -- before it)";
    }

    /// <summary>The first value before any <c>--</c> that looks like an option, or null.</summary>
    public static string? Find(ParseResult parse, bool shortOptionsToo)
    {
        ArgumentNullException.ThrowIfNull(parse);
        foreach (Token token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                return null;
            }

            string value = token.Value;
            bool longLike = value.Length > 2 && value.StartsWith("--", StringComparison.Ordinal);
            bool shortLike = shortOptionsToo && value.Length > 1 && value[0] == '-' && !char.IsAsciiDigit(value[1]);
            if (token.Type == TokenType.Argument && (longLike || shortLike))
            {
                return value;
            }
        }

        return null;
    }
}
