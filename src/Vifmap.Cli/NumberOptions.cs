using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Vifmap.Cli.Output;

namespace Vifmap.Cli;

/// <summary>Numeric options with messages for people: System.CommandLine's own parser says "as expected
/// type 'System.Int32'", a .NET type name no user should see.</summary>
internal static class NumberOptions
{
    /// <summary>A domid option (0 to 32767, the Xen limit DOMID_FIRST_RESERVED − 1 being 32751 for guests).</summary>
    public static Option<int> Domid(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse<int>(result, name, "a domid (0 to 32767)", s =>
            int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v <= 32767 ? v : (int?)null),
    };

    /// <summary>A positive number of seconds, at most a day.</summary>
    public static Option<double> Seconds(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse<double>(result, name, "seconds, more than 0 and at most 86400", s =>
            double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v) && v > 0 && v <= 86400 ? v : (double?)null),
    };

    private static T Parse<T>(ArgumentResult result, string name, string expected, Func<string, T?> parse)
        where T : struct
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (parse(text) is T value)
        {
            return value;
        }

        result.AddError($"{name}: expected {expected}, not '{TerminalText.Escape(text)}'");
        return default;
    }
}
