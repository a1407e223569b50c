namespace Vifmap.Vif;

/// <summary>How xl's read of a <c>mac=</c> value ended (reference §2.4).</summary>
public enum XlMacOutcome
{
    /// <summary>Six octets read; xl accepts the MAC.</summary>
    Accepted,

    /// <summary>An octet had no hex digits or was over 255: xl prints "Invalid parameter `mac'." and keeps
    /// the octets read so far (the rest stay zero).</summary>
    Invalid,

    /// <summary>The read went past the end of the whole spec string (heap memory): the MAC is undefined.</summary>
    Undefined,
}

/// <summary>What <see cref="XlMacReader.Read"/> found. Offsets are byte offsets in the spec buffer.</summary>
public readonly record struct XlMacRead(
    MacAddress Mac,
    XlMacOutcome Outcome,
    int OctetsRead,
    int FailureOffset,
    int FirstOffsetInNextToken,
    int IgnoredTextOffset,
    bool IsCanonical)
{
    /// <summary>True when some octet's digits were taken from the text after the <c>mac=</c> token.</summary>
    public bool ReadIntoNextToken => FirstOffsetInNextToken >= 0;

    /// <summary>True when text after the sixth octet (inside the token) was ignored.</summary>
    public bool HasIgnoredText => IgnoredTextOffset >= 0;
}

/// <summary>xl ≥ 4.6's MAC reader (<c>parse_nic_config</c>, <c>mac=</c> branch), byte for byte: six times
/// <c>strtoul(p, &amp;end, 16)</c>, failing when nothing converts or the value (truncated to
/// <c>unsigned int</c>) is over 255, then <c>p = end + 1</c> whatever that byte is. Because the skip also
/// jumps over the NUL that <c>strtok</c> put at the end of the token, a short MAC reads on into the next
/// token (reference §2.4, §7.6).</summary>
public static class XlMacReader
{
    /// <summary>Reads a MAC from <paramref name="buffer"/> as xl sees it while parsing the token that ends
    /// at <paramref name="tokenEnd"/> (the index of its NUL, or <c>buffer.Length</c> for the last token).
    /// Bytes after <paramref name="tokenEnd"/> are the rest of the spec as strtok left it.</summary>
    public static XlMacRead Read(ReadOnlySpan<byte> buffer, int valueStart, int tokenEnd)
    {
        Span<byte> octets = stackalloc byte[6];
        int p = valueStart;
        int intoNext = -1;
        bool canonical = true;
        for (int i = 0; i < 6; i++)
        {
            if (p > buffer.Length)
            {
                // strdup() gave xl exactly length+1 bytes: this read is past the allocation.
                return new XlMacRead(ToMac(octets), XlMacOutcome.Undefined, i, p, intoNext, -1, false);
            }

            if (p > tokenEnd && p < buffer.Length && intoNext < 0)
            {
                intoNext = p;
            }

            CNumber n = CNumberParser.StrToUL(buffer, p, 16);
            uint truncated = unchecked((uint)n.Value); // xl stores strtoul's result in an unsigned int
            if (!n.Converted || truncated > 255)
            {
                return new XlMacRead(ToMac(octets), XlMacOutcome.Invalid, i, p, intoNext, -1, false);
            }

            octets[i] = (byte)truncated;
            canonical &= n.End - p == 2 && IsHex(buffer[p]) && IsHex(buffer[p + 1])
                && (i == 5 || (n.End < buffer.Length && buffer[n.End] is (byte)':' or (byte)'-'));
            if (i == 5)
            {
                int ignored = n.End < tokenEnd ? n.End : -1;
                return new XlMacRead(ToMac(octets), XlMacOutcome.Accepted, 6, -1, intoNext, ignored, canonical && intoNext < 0);
            }

            p = n.End + 1;
        }

        throw new InvalidOperationException("unreachable: the loop returns on its sixth octet");
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static MacAddress ToMac(ReadOnlySpan<byte> o) => new(o[0], o[1], o[2], o[3], o[4], o[5]);
}
