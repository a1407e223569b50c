using System.Buffers;
using System.Text;
using Vifmap.Diagnostics;
using Vifmap.Vif;

namespace Vifmap.Config;

/// <summary>xl's string dequoting (<c>xlu__cfgl_dequote</c>, 4.7+), bugs included (reference §1.1):
/// <c>\xHH</c> can never succeed (the first hex digit is skipped and two more are demanded of a
/// two-byte buffer), and <c>\N..</c> reads up to three more bytes with <c>strtoul(.., 10)</c>,
/// needs two of them, and stores nothing.</summary>
internal static class XlStringEscapes
{
    private const int StackLimit = 256;

    /// <summary>Reports the escapes xl silently drops, and the first one it rejects, where dequoting
    /// stops. xl reports that one only while no other error has been (the dequote does nothing once
    /// <c>ctx->err</c> is set), so <paramref name="reportRejection"/> says whether to report it.
    /// <paramref name="firstColumn"/> is the column of the first byte inside the quotes.</summary>
    /// <returns>Whether xl rejects an escape in the string.</returns>
    public static bool Check(ReadOnlySpan<byte> inner, string source, int line, int firstColumn, bool reportRejection, DiagnosticBag diagnostics)
    {
        int i = 0;
        while (i < inner.Length)
        {
            int backslash = inner[i..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                return false;
            }

            i += backslash;
            int start = i;
            EscapeKind kind = Classify(inner, ref i, out _);
            if (kind == EscapeKind.Simple)
            {
                continue;
            }

            var at = new SourceLocation(source, line, firstColumn + start);
            int shownEnd = i;
            if (kind == EscapeKind.Hex)
            {
                // Show the escape as the author meant it (\x41), not only what xl looked at.
                while (shownEnd < inner.Length && shownEnd < i + 2 && Uri.IsHexDigit((char)inner[shownEnd]))
                {
                    shownEnd++;
                }
            }

            string shown = XlSnippet.Render(inner[start..shownEnd]);
            if (kind != EscapeKind.OctalDropped && !reportRejection)
            {
                return true;
            }

            switch (kind)
            {
                case EscapeKind.Hex:
                    diagnostics.Error(DiagnosticCodes.HexEscape,
                        $"`{shown}' is always rejected by libxlutil (\"invalid digit after backslash hexnumerical character escape in quoted string\"); write the character itself",
                        at);
                    break;
                case EscapeKind.OctalDropped:
                    diagnostics.Warning(DiagnosticCodes.OctalEscapeDropped,
                        $"xl accepts the octal escape `{shown}' but stores nothing for it: the character silently disappears from the value",
                        at);
                    break;
                case EscapeKind.BadOctal:
                    diagnostics.Error(DiagnosticCodes.InvalidOctalEscape,
                        $"`{shown}' is rejected by libxlutil (\"invalid digit after backslash octalnumerical character escape in quoted string\"): it wants two more decimal digits",
                        at);
                    break;
                case EscapeKind.Unknown:
                    diagnostics.Error(DiagnosticCodes.UnknownEscape,
                        $"unknown escape `{shown}' (\"invalid character after backlash in quoted string\", since Xen 4.7); xl knows \\\" \\' \\\\ \\a \\b \\f \\n \\r \\t \\v",
                        at);
                    break;
                default:
                    break;
            }

            if (kind != EscapeKind.OctalDropped)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value xl stores for the bytes between the quotes. Where xl stops at a bad escape
    /// (the file is rejected anyway) the rest is kept as written, which reads better in a linter.</summary>
    public static string Decode(ReadOnlySpan<byte> inner, bool hasEscapes)
    {
        if (!hasEscapes)
        {
            return Encoding.UTF8.GetString(inner);
        }

        byte[]? rented = null;
        Span<byte> buffer = inner.Length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(inner.Length));
        int n = 0;
        int i = 0;
        while (i < inner.Length)
        {
            byte b = inner[i];
            if (b != (byte)'\\')
            {
                buffer[n++] = b;
                i++;
                continue;
            }

            int start = i;
            EscapeKind kind = Classify(inner, ref i, out byte value);
            if (kind == EscapeKind.Simple)
            {
                buffer[n++] = value;
            }
            else if (kind != EscapeKind.OctalDropped)
            {
                inner[start..i].CopyTo(buffer[n..]);
                n += i - start;
            }
        }

        string result = Encoding.UTF8.GetString(buffer[..n]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return result;
    }

    /// <summary>Reads one escape at <paramref name="i"/> (a backslash followed by at least one byte; the
    /// lexer guarantees it for a literal) and moves past what xl consumes. <paramref name="value"/> is the
    /// byte stored for a <see cref="EscapeKind.Simple"/> escape. Also used by <see cref="SpecSourceMap"/>,
    /// so the map and the value agree on every escape.</summary>
    internal static EscapeKind Classify(ReadOnlySpan<byte> inner, ref int i, out byte value)
    {
        byte next = inner[i + 1];
        i += 2;
        value = next switch
        {
            (byte)'"' or (byte)'\'' or (byte)'\\' => next,
            (byte)'a' => 0x07,
            (byte)'b' => 0x08,
            (byte)'f' => 0x0c,
            (byte)'n' => 0x0a,
            (byte)'r' => 0x0d,
            (byte)'t' => 0x09,
            (byte)'v' => 0x0b,
            _ => 0,
        };
        if (value != 0)
        {
            return EscapeKind.Simple;
        }

        if (next == (byte)'x')
        {
            return EscapeKind.Hex;
        }

        if (next is >= (byte)'0' and <= (byte)'7')
        {
            // strtoul(.., 10) over at most three more bytes; it must consume two of them.
            CNumber digits = CNumberParser.StrToUL(inner[i..Math.Min(i + 3, inner.Length)], 0, 10);
            int used = digits.Converted ? digits.End : 0;
            if (used < 2)
            {
                return EscapeKind.BadOctal;
            }

            i += used;
            return EscapeKind.OctalDropped;
        }

        return EscapeKind.Unknown;
    }

    internal enum EscapeKind
    {
        Simple,
        Hex,
        OctalDropped,
        BadOctal,
        Unknown,
    }
}
