using System.Globalization;
using System.Text;

namespace Vifmap.Cli.Output;

/// <summary>One column of a <see cref="TableWriter"/>. Cells wider than <paramref name="MaxWidth"/>
/// are cut with "…" (xenstore values can be 4 KiB; the JSON output has them whole).</summary>
internal readonly record struct TableColumn(string Header, bool AlignRight = false, int MaxWidth = 48);

/// <summary>An aligned plain-text table for people (Spectre's measure-then-render, without markup):
/// cells are data. Every cell goes through <see cref="TerminalText.Escape(string)"/>, since many come from
/// xenstore and a guest writes parts of it.</summary>
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
            row[i] = Fit(TerminalText.Escape(cells[i] ?? "-"), columns[i].MaxWidth);
        }

        _rows.Add(row);
    }

    public void Write(TextWriter output, bool headers = true)
    {
        var widths = new int[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            widths[i] = headers ? DisplayWidth(columns[i].Header) : 0;
            foreach (string[] row in _rows)
            {
                widths[i] = Math.Max(widths[i], DisplayWidth(row[i]));
            }
        }

        if (headers)
        {
            WriteLine(output, [.. columns.Select(c => c.Header)], widths);
        }
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
