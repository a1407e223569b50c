using System.Buffers;

namespace Vifmap.Vif;

/// <summary><c>xlu_vif_parse_rate</c> (tools/libs/util/libxlu_vif.c, unchanged 4.4 → 4.22), reproduced step by
/// step so that its traps come out the same: numbers go through <c>strtoull(p, &amp;p, 0)</c> (a leading 0
/// means octal), the multiplier and the bit/byte letter are looked at only right after the digits that
/// strtoull took, and an interval without unit is in seconds (reference §2.5).</summary>
public static class VifRateParser
{
    /// <summary>libxl's default replenishment interval: 50 ms.</summary>
    public const uint DefaultIntervalMicroseconds = 50_000;

    public static VifRateParse Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int at = value.IndexOf('@', StringComparison.Ordinal);
        string bytesPart = at < 0 ? value : value[..at];
        if (bytesPart.Length == 0)
        {
            return Fail(VifRateError.NoRate, value, 0, VifRateTraps.None);
        }

        if (!MatchesBytesPerSecond(bytesPart))
        {
            return Fail(VifRateError.InvalidRate, bytesPart, 0, VifRateTraps.None);
        }

        var traps = VifRateTraps.None;
        CNumber n = StrToULBase0(bytesPart);
        if (bytesPart.Length > 1 && bytesPart[0] == '0' && bytesPart[1] is >= '0' and <= '9')
        {
            traps |= VifRateTraps.OctalRate;
            if (bytesPart[n.End] is '8' or '9')
            {
                traps |= VifRateTraps.RateDigitsIgnored;
            }
        }

        if (n.Value == 0 || n.Value > uint.MaxValue || n.Overflow)
        {
            return Fail(VifRateError.RateOverflow, bytesPart, 0, traps);
        }

        ulong bytesPerSecond = n.Value;
        char next = bytesPart[n.End];
        bytesPerSecond *= next switch
        {
            'G' => 1_000_000_000UL,
            'M' => 1_000_000UL,
            'K' => 1_000UL,
            _ => 1UL,
        };

        // The regex guarantees "/s" at the end, so End + 1 is inside the text.
        if (next == 'b' || bytesPart[n.End + 1] == 'b')
        {
            bytesPerSecond /= 8;
        }

        uint interval = DefaultIntervalMicroseconds;
        if (at >= 0)
        {
            string intervalPart = value[(at + 1)..];
            int intervalOffset = at + 1;
            if (!MatchesInterval(intervalPart))
            {
                return Fail(VifRateError.InvalidInterval, intervalPart, intervalOffset, traps, bytesPerSecond);
            }

            CNumber iv = StrToULBase0(intervalPart);
            if (intervalPart.Length > 1 && intervalPart[0] == '0' && intervalPart[1] is >= '0' and <= '9')
            {
                traps |= VifRateTraps.OctalInterval;
                if (iv.End < intervalPart.Length && intervalPart[iv.End] is '8' or '9')
                {
                    traps |= VifRateTraps.IntervalDigitsIgnored;
                }
            }

            if (iv.Value == 0 || iv.Value > uint.MaxValue || iv.Overflow)
            {
                return Fail(VifRateError.IntervalOverflow, intervalPart, intervalOffset, traps, bytesPerSecond);
            }

            ulong usecs = iv.Value;
            char unit = iv.End < intervalPart.Length ? intervalPart[iv.End] : '\0';
            if (unit is 's' or '\0')
            {
                if (unit == 0)
                {
                    traps |= VifRateTraps.IntervalInSeconds;
                }

                usecs *= 1_000_000UL;
            }
            else if (unit == 'm')
            {
                usecs *= 1_000UL;
            }

            if (usecs > uint.MaxValue)
            {
                return Fail(VifRateError.IntervalOverflow, intervalPart, intervalOffset, traps, bytesPerSecond);
            }

            interval = (uint)usecs;
        }

        if (bytesPerSecond > ulong.MaxValue / interval)
        {
            return Fail(VifRateError.RateOverflow, value, 0, traps, bytesPerSecond);
        }

        ulong perInterval = bytesPerSecond * interval / 1_000_000UL;
        if (perInterval == 0)
        {
            traps |= VifRateTraps.ZeroBytesPerInterval;
        }

        return new VifRateParse(new VifRate(perInterval, interval), VifRateError.None, string.Empty, -1, traps, bytesPerSecond);
    }

    /// <summary><c>strtoull(text, &amp;end, 0)</c> over text the caller's pattern check let through
    /// as ASCII digits and unit letters. The text is as long as the guest's config makes it (issue 9:
    /// nine million digits), so only a short one is converted on the stack.</summary>
    private static CNumber StrToULBase0(string ascii)
    {
        const int StackLimit = 128;
        byte[]? rented = null;
        Span<byte> bytes = ascii.Length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(ascii.Length));
        try
        {
            bytes = bytes[..ascii.Length];
            for (int i = 0; i < ascii.Length; i++)
            {
                bytes[i] = (byte)ascii[i];
            }

            return CNumberParser.StrToUL(bytes, 0, 0);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static VifRateParse Fail(VifRateError error, string text, int offset, VifRateTraps traps, ulong bytesPerSecond = 0)
        => new(null, error, text, offset, traps, bytesPerSecond);

    /// <summary><c>^[0-9]+[GMK]?[Bb]/s$</c>.</summary>
    private static bool MatchesBytesPerSecond(string s)
    {
        int i = SkipDigits(s, 0);
        if (i == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'G' or 'M' or 'K')
        {
            i++;
        }

        return s.Length - i == 3 && s[i] is 'B' or 'b' && s[i + 1] == '/' && s[i + 2] == 's';
    }

    /// <summary><c>^[0-9]+[mu]?s?$</c>.</summary>
    private static bool MatchesInterval(string s)
    {
        int i = SkipDigits(s, 0);
        if (i == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'm' or 'u')
        {
            i++;
        }

        if (i < s.Length && s[i] == 's')
        {
            i++;
        }

        return i == s.Length;
    }

    private static int SkipDigits(string s, int i)
    {
        while (i < s.Length && s[i] is >= '0' and <= '9')
        {
            i++;
        }

        return i;
    }
}
