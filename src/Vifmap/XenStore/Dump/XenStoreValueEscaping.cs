using System.Text;

namespace Vifmap.XenStore.Dump;

/// <summary>The escaping <c>xenstore-ls</c> applies to values (<c>sanitise_value</c> in
/// <c>tools/xenstore/xs_lib.c</c>, Xen 4.17; reference §4.6): printable ASCII except <c>\</c> is
/// kept — <c>"</c> included, unescaped — <c>\t \n \r \\</c> are escaped, bytes below 010 become
/// <c>\ooo</c> (three octal digits), every other byte <c>\xHH</c>.</summary>
public static class XenStoreValueEscaping
{
    /// <summary>What <c>xenstore-ls</c> prints for <paramref name="value"/> (for tests and renderers
    /// that want the tool's own spelling).</summary>
    public static string Escape(ReadOnlySpan<byte> value)
    {
        var text = new StringBuilder(value.Length);
        foreach (byte b in value)
        {
            if (b >= (byte)' ' && b <= (byte)'~' && b != (byte)'\\')
            {
                text.Append((char)b);
                continue;
            }

            text.Append('\\');
            switch (b)
            {
                case (byte)'\t': text.Append('t'); break;
                case (byte)'\n': text.Append('n'); break;
                case (byte)'\r': text.Append('r'); break;
                case (byte)'\\': text.Append('\\'); break;
                default:
                    if (b < 8)
                    {
                        text.Append('0').Append('0').Append((char)('0' + b));
                    }
                    else
                    {
                        text.Append('x').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
                    }

                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Decodes escaped value text. <paramref name="cutAtEnd"/> says the text was cut (a
    /// truncated line): an escape left incomplete at the very end is then dropped, since the byte it
    /// began is unknown. Returns the bytes; <paramref name="firstProblem"/> is the offset of the
    /// first escape that <c>sanitise_value</c> could not have produced (-1 if none), decoded the way
    /// <c>unsanitise_value</c> would.</summary>
    public static byte[] Unescape(ReadOnlySpan<byte> text, bool cutAtEnd, out int firstProblem)
    {
        firstProblem = -1;
        var output = new List<byte>(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            byte c = text[i];
            if (c != (byte)'\\')
            {
                output.Add(c);
                i++;
                continue;
            }

            int start = i;
            i++;
            if (i >= text.Length)
            {
                if (!cutAtEnd)
                {
                    Note(ref firstProblem, start);
                    output.Add((byte)'\\');
                }

                break;
            }

            byte kind = text[i];
            switch (kind)
            {
                case (byte)'t': output.Add((byte)'\t'); i++; break;
                case (byte)'n': output.Add((byte)'\n'); i++; break;
                case (byte)'r': output.Add((byte)'\r'); i++; break;
                case (byte)'\\': output.Add((byte)'\\'); i++; break;
                case (byte)'x':
                {
                    i++;
                    int digits = 0, value = 0;
                    while (digits < 2 && i < text.Length && HexValue(text[i]) is >= 0 and var h)
                    {
                        value = (value << 4) | h;
                        digits++;
                        i++;
                    }

                    if (digits < 2)
                    {
                        if (cutAtEnd && i == text.Length)
                        {
                            break; // cut inside the escape: the byte is unknown
                        }

                        Note(ref firstProblem, start);
                        if (digits == 0)
                        {
                            output.Add((byte)'x'); // unsanitise_value keeps the letter
                            break;
                        }
                    }

                    output.Add((byte)value);
                    break;
                }

                case >= (byte)'0' and <= (byte)'7':
                {
                    int digits = 0, value = 0;
                    while (digits < 3 && i < text.Length && text[i] is >= (byte)'0' and <= (byte)'7')
                    {
                        value = (value << 3) | (text[i] - '0');
                        digits++;
                        i++;
                    }

                    if (digits < 3 && cutAtEnd && i == text.Length)
                    {
                        break;
                    }

                    if (digits < 3 || value >= 8)
                    {
                        Note(ref firstProblem, start);
                    }

                    output.Add((byte)value);
                    break;
                }

                default:
                    // unsanitise_value drops the backslash and keeps the character.
                    Note(ref firstProblem, start);
                    output.Add(kind);
                    i++;
                    break;
            }
        }

        return output.ToArray();
    }

    private static void Note(ref int firstProblem, int offset)
    {
        if (firstProblem < 0)
        {
            firstProblem = offset;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
