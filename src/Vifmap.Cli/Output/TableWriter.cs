using System.Globalization;
using System.Text;

namespace Vifmap.Cli.Output;

/// <summary>One column of a <see cref="TableWriter"/>. Cells wider than <paramref name="MaxWidth"/>
/// are cut with "…" (xenstore values can be 4 KiB; the JSON output has them whole).</summary>
internal readonly record struct TableColumn(string Header, bool AlignRight = false, int MaxWidth = 48);

/// <summary>An aligned plain-text table for people (Spectre's measure-then-render, without markup):
/// cells are data. Every cell is escaped, since many come from xenstore and a guest writes parts of
/// it: control characters, C1 controls and invisible format characters (bidi overrides) would
/// otherwise move the cursor or disguise a name.</summary>
internal sealed class TableWriter(params TableColumn[] columns)
{
    private const string Gap = "  ";
    private readonly List<string[]> _rows = [];

    public int RowCount => _rows.Count;

    public void AddRow(params string?[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"expected {columns.Length} cells, got {cells.Length}", nameof(cells));
        }

        var row = new string[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            row[i] = Fit(Escape(cells[i] ?? "-"), columns[i].MaxWidth);
        }

        _rows.Add(row);
    }

    public void Write(TextWriter output)
    {
        var widths = new int[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            widths[i] = DisplayWidth(columns[i].Header);
            foreach (string[] row in _rows)
            {
                widths[i] = Math.Max(widths[i], DisplayWidth(row[i]));
            }
        }

        WriteLine(output, [.. columns.Select(c => c.Header)], widths);
        foreach (string[] row in _rows)
        {
            WriteLine(output, row, widths);
        }
    }

    private void WriteLine(TextWriter output, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            bool last = i == cells.Length - 1;
            int pad = widths[i] - DisplayWidth(cells[i]);
            if (columns[i].AlignRight)
            {
                line.Append(' ', pad).Append(cells[i]);
            }
            else
            {
                line.Append(cells[i]);
                if (!last)
                {
                    line.Append(' ', pad);
                }
            }

            if (!last)
            {
                line.Append(Gap);
            }
        }

        output.WriteLine(line.ToString().TrimEnd(' '));
    }

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

    private static string Fit(string text, int maxWidth)
    {
        if (DisplayWidth(text) <= maxWidth)
        {
            return text;
        }

        var sb = new StringBuilder();
        int width = 0;
        foreach (Rune r in text.EnumerateRunes())
        {
            int w = RuneWidth(r);
            if (width + w > maxWidth - 1)
            {
                break;
            }

            sb.Append(r.ToString());
            width += w;
        }

        return sb.Append('…').ToString();
    }

    /// <summary>Terminal columns a string takes: East Asian wide characters take two, combining marks none.</summary>
    public static int DisplayWidth(string text)
    {
        int width = 0;
        foreach (Rune r in text.EnumerateRunes())
        {
            width += RuneWidth(r);
        }

        return width;
    }

    private static int RuneWidth(Rune r)
    {
        UnicodeCategory c = Rune.GetUnicodeCategory(r);
        if (c is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            return 0;
        }

        int v = r.Value;
        bool wide = v is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7A3)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF00 and <= 0xFF60)
            or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1FAFF) or (>= 0x20000 and <= 0x3FFFD);
        return wide ? 2 : 1;
    }
}
