namespace Vifmap.Config;

/// <summary>C's <c>strtol(text, &amp;end, 0)</c> on LP64 Linux, which is how xl turns every config
/// number into a value (reference §1.1): blanks and a sign first, then <c>0x</c> hex, a leading
/// <c>0</c> octal (<c>010</c> is 8), else decimal; it reads as far as it can.</summary>
public static class XlNumber
{
    /// <summary>Reads a number as <c>strtol(.., 0)</c> does.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value, clamped to long's range on overflow as strtol does.</param>
    /// <param name="consumed">How many characters strtol consumed (0 when it found no digits).</param>
    /// <returns>False on overflow (errno ERANGE).</returns>
    public static bool TryParseBase0(ReadOnlySpan<char> text, out long value, out int consumed)
    {
        int i = 0;
        while (i < text.Length && (text[i] == ' ' || text[i] is >= '\t' and <= '\r'))
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        int radix = 10;
        if (i < text.Length && text[i] == '0')
        {
            if (i + 2 < text.Length && text[i + 1] is 'x' or 'X' && HexDigit(text[i + 2]) >= 0)
            {
                radix = 16;
                i += 2;
            }
            else
            {
                radix = 8;
            }
        }

        int digitsStart = i;
        ulong magnitude = 0;
        ulong limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        bool overflow = false;
        while (i < text.Length)
        {
            int d = HexDigit(text[i]);
            if (d < 0 || d >= radix)
            {
                break;
            }

            if (!overflow)
            {
                ulong next = (magnitude * (ulong)radix) + (ulong)d;
                if (magnitude > (ulong.MaxValue - (ulong)d) / (ulong)radix || next > limit)
                {
                    overflow = true;
                }
                else
                {
                    magnitude = next;
                }
            }

            i++;
        }

        if (i == digitsStart)
        {
            value = 0;
            consumed = 0;
            return true;
        }

        consumed = i;
        if (overflow)
        {
            value = negative ? long.MinValue : long.MaxValue;
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
