using System.Globalization;
using System.Text;

namespace Vifmap.Cli.Output;

/// <summary>The one escape for every string that reaches a terminal: table cells, diagnostics, error
/// lines, explain's names. Guests choose parts of xenstore and interface names: control characters,
/// C1 controls and invisible format characters (bidi overrides) would otherwise move the cursor,
/// retitle the terminal or disguise a name, and a newline would forge a line of output.</summary>
internal static class TerminalText
{
    /// <summary>Makes a guest-controlled string safe and unambiguous on a terminal: <c>\t \n \r \\</c>
    /// as in xenstore-ls, other control and format characters as <c>\xHH</c> / <c>\u{HHHH}</c>.</summary>
    public static string Escape(string text) => Escape(text, escapeBackslash: true);

    /// <summary>Like <see cref="Escape(string)"/> but leaves backslashes alone: for messages whose quoted
    /// text the library has already escaped (diagnostics quote config and xenstore text as <c>\x41</c>,
    /// <c>\r</c>), where doubling them would no longer show what the file holds.</summary>
    public static string EscapeControls(string text) => Escape(text, escapeBackslash: false);

    private static string Escape(string text, bool escapeBackslash)
    {
        if (!NeedsEscape(text, escapeBackslash))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (Rune r in text.EnumerateRunes())
        {
            switch (r.Value)
            {
                case '\\' when escapeBackslash: sb.Append(@"\\"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                default:
                    if (IsUnsafe(r))
                    {
                        sb.Append(r.Value <= 0xFF
                            ? string.Create(CultureInfo.InvariantCulture, $"\\x{r.Value:x2}")
                            : string.Create(CultureInfo.InvariantCulture, $"\\u{{{r.Value:x4}}}"));
                    }
                    else
                    {
                        sb.Append(r.ToString());
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(string text, bool escapeBackslash)
    {
        foreach (Rune r in text.EnumerateRunes())
        {
            if ((escapeBackslash && r.Value == '\\') || IsUnsafe(r))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(Rune r)
    {
        UnicodeCategory category = Rune.GetUnicodeCategory(r);
        return category is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse;
    }

}
