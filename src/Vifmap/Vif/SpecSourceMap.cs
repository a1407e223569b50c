using System.Text;
using Vifmap.Config;
using Vifmap.Diagnostics;

namespace Vifmap.Vif;

/// <summary>Maps a byte offset in a vif spec (the dequoted string xl sees, as UTF-8) back to a line and
/// column of the config file, so a finding points at the offending token. Columns count bytes, like
/// <see cref="SourceLocation"/>. Escapes make the two differ (<c>"a\tb"</c>: 4 source bytes, 3 value
/// bytes; <c>\101</c> vanishes), hence a table built by decoding the literal the way libxlutil's
/// <c>xlu__cfgl_dequote</c> does.</summary>
public sealed class SpecSourceMap
{
    private readonly SourceLocation _start;
    private readonly int[]? _columns;
    private readonly bool _contiguous;

    /// <summary>A literal without escapes: byte n of the spec is at column <c>_plainFirstColumn + n</c>, up to the closing
    /// quote at n = <c>_plainLength</c>; -1 otherwise. Most specs are this, and need no table.</summary>
    private readonly int _plainLength = -1;
    private readonly int _plainFirstColumn;

    private SpecSourceMap(SourceLocation start, int[]? columns, bool contiguous)
    {
        _start = start;
        _columns = columns;
        _contiguous = contiguous;
    }

    private SpecSourceMap(SourceLocation quote, int firstColumn, int length)
        : this(quote, null, false)
    {
        _plainFirstColumn = firstColumn;
        _plainLength = length;
    }

    /// <summary>True when offsets map to exact columns; false when every offset maps to the literal's start.</summary>
    public bool IsExact => _columns is not null || _contiguous || _plainLength >= 0;

    /// <summary>Where the spec's literal (its opening quote, or its first character) starts.</summary>
    public SourceLocation Start => _start;

    /// <summary>No position information beyond the start: every offset maps to <paramref name="start"/>.</summary>
    public static SpecSourceMap AtStart(SourceLocation start) => new(start, null, false);

    /// <summary>The spec is written without quotes or escapes (a NUMBER list element): offset n is column + n.</summary>
    public static SpecSourceMap Contiguous(SourceLocation firstByte) => new(firstByte, null, true);

    /// <summary>Builds the map from the literal as written in the file, starting at its opening quote at
    /// <paramref name="quote"/>. <paramref name="lineText"/> is the whole source line. Falls back to
    /// <see cref="AtStart"/> when the literal cannot be found or decodes to something other than
    /// <paramref name="value"/> (a literal libxlutil rejects, which the config parser reports).</summary>
    public static SpecSourceMap FromLiteral(SourceLocation quote, string lineText, string value)
    {
        ArgumentNullException.ThrowIfNull(lineText);
        return FromLiteral(quote, Encoding.UTF8.GetBytes(lineText), value);
    }

    /// <summary>As <see cref="FromLiteral(SourceLocation, string, string)"/>, with the line as the file's bytes.</summary>
    public static SpecSourceMap FromLiteral(SourceLocation quote, ReadOnlySpan<byte> line, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int q = quote.Column - 1;
        if (quote.IsNone || q < 0 || q >= line.Length || line[q] is not ((byte)'"' or (byte)'\''))
        {
            return AtStart(quote);
        }

        byte quoteChar = line[q];
        int plain = line[(q + 1)..].IndexOfAny(quoteChar, (byte)'\\');
        if (plain >= 0 && line[q + 1 + plain] == quoteChar)
        {
            // No escape before the closing quote: the spec is the bytes between the quotes, column by column.
            return IsUtf8Of(line.Slice(q + 1, plain), value) ? new SpecSourceMap(quote, q + 2, plain) : AtStart(quote);
        }

        var columns = new List<int>(line.Length - q);
        var decoded = new List<byte>(line.Length - q);
        int p = q + 1;
        while (true)
        {
            if (p >= line.Length)
            {
                return AtStart(quote); // unterminated: the lexer reported it
            }

            byte c = line[p];
            if (c == quoteChar)
            {
                break;
            }

            if (c != (byte)'\\')
            {
                decoded.Add(c);
                columns.Add(p + 1);
                p++;
                continue;
            }

            if (p + 1 >= line.Length)
            {
                return AtStart(quote);
            }

            int backslash = p;
            switch (XlStringEscapes.Classify(line, ref p, out byte escaped))
            {
                case XlStringEscapes.EscapeKind.Simple:
                    decoded.Add(escaped);
                    columns.Add(backslash + 1);
                    continue;
                case XlStringEscapes.EscapeKind.OctalDropped:
                    continue; // reference §1.1: "\101" vanishes
                default:
                    return AtStart(quote); // \x, bad octal and unknown escapes: libxlutil (4.7+) rejects the literal
            }
        }

        if (!decoded.SequenceEqual(Encoding.UTF8.GetBytes(value)))
        {
            return AtStart(quote);
        }

        columns.Add(p + 1); // one past the end: the closing quote
        return new SpecSourceMap(quote, [.. columns], false);
    }

    private static bool IsUtf8Of(ReadOnlySpan<byte> bytes, string value)
    {
        if (bytes.Length == value.Length && Ascii.IsValid(bytes))
        {
            return Ascii.Equals(bytes, value);
        }

        return bytes.SequenceEqual(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The location of byte <paramref name="offset"/> of the spec.</summary>
    public SourceLocation Locate(int offset)
    {
        if (_start.IsNone)
        {
            return _start;
        }

        if (_plainLength >= 0)
        {
            return _start with { Column = _plainFirstColumn + Math.Clamp(offset, 0, _plainLength) };
        }

        if (_columns is not null)
        {
            int i = Math.Clamp(offset, 0, _columns.Length - 1);
            return _start with { Column = _columns[i] };
        }

        return _contiguous ? _start with { Column = _start.Column + Math.Max(offset, 0) } : _start;
    }
}
