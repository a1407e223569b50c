namespace Vifmap.Vif;

/// <summary>The result of <see cref="CNumberParser.StrToUL"/>: what glibc's <c>strtoul</c>/<c>strtoull</c>
/// return on an LP64 host (64-bit <c>unsigned long</c>).</summary>
/// <param name="Value">The returned value (negated modulo 2^64 after a <c>-</c>; <see cref="ulong.MaxValue"/> on overflow).</param>
/// <param name="End">Index of <c>*endptr</c>: the first byte not consumed; equals the start when nothing was converted.</param>
/// <param name="Converted">False when no digits were found (glibc then sets <c>endptr</c> to the start).</param>
/// <param name="Overflow">True when the magnitude did not fit (errno ERANGE).</param>
internal readonly record struct CNumber(ulong Value, int End, bool Converted, bool Overflow);

/// <summary>Byte-exact stand-ins for the C conversions xl uses on vif specs (<c>strtoul</c> for MAC octets,
/// <c>devid</c>, <c>mtu</c>; <c>strtoull</c> base 0 in <c>xlu_vif_parse_rate</c>). xl runs in the C locale, so
/// whitespace is <c>isspace</c> there: space, \t, \n, \v, \f, \r. A NUL byte ends the text as in C.</summary>
internal static class CNumberParser
{
    public static bool IsCSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    /// <summary><c>strtoul(text + start, &amp;end, numberBase)</c> for base 0, 8, 10 or 16. Bytes past the span
    /// read as NUL.</summary>
    public static CNumber StrToUL(ReadOnlySpan<byte> text, int start, int numberBase)
    {
        int i = start;
        while (i < text.Length && IsCSpace(text[i]))
        {
            i++;
        }

        bool negative = false;
        if (At(text, i) is (byte)'+' or (byte)'-')
        {
            negative = At(text, i) == (byte)'-';
            i++;
        }

        // A "0x" prefix counts only when a hex digit follows; otherwise the "0" alone is the number
        // and endptr points at the 'x' (glibc behaviour).
        if ((numberBase is 0 or 16) && At(text, i) == (byte)'0' && (At(text, i + 1) | 0x20) == (byte)'x'
            && DigitValue(At(text, i + 2)) is >= 0 and < 16)
        {
            numberBase = 16;
            i += 2;
        }
        else if (numberBase == 0)
        {
            numberBase = At(text, i) == (byte)'0' ? 8 : 10;
        }

        int digitsStart = i;
        ulong value = 0;
        bool overflow = false;
        while (DigitValue(At(text, i)) is int d && d >= 0 && d < numberBase)
        {
            if (!overflow)
            {
                ulong next = unchecked((value * (ulong)numberBase) + (ulong)d);
                if (value > (ulong.MaxValue - (ulong)d) / (ulong)numberBase)
                {
                    overflow = true;
                }
                else
                {
                    value = next;
                }
            }

            i++;
        }

        if (i == digitsStart)
        {
            return new CNumber(0, start, Converted: false, Overflow: false);
        }

        if (overflow)
        {
            return new CNumber(ulong.MaxValue, i, Converted: true, Overflow: true);
        }

        return new CNumber(negative ? unchecked(0 - value) : value, i, Converted: true, Overflow: false);
    }

    private static byte At(ReadOnlySpan<byte> text, int i) => i < text.Length ? text[i] : (byte)0;

    private static int DigitValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'z' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'Z' => b - 'A' + 10,
        _ => -1,
    };
}
