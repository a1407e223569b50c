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

        Span<byte> ascii = stackalloc byte[bytesPart.Length];
        for (int i = 0; i < bytesPart.Length; i++)
        {
            ascii[i] = (byte)bytesPart[i]; // the regex let only ASCII through
        }

        var traps = VifRateTraps.None;
        CNumber n = CNumberParser.StrToUL(ascii, 0, 0);
        if (ascii.Length > 1 && ascii[0] == (byte)'0' && ascii[1] is >= (byte)'0' and <= (byte)'9')
        {
            traps |= VifRateTraps.OctalRate;
            if (ascii[n.End] is (byte)'8' or (byte)'9')
            {
                traps |= VifRateTraps.RateDigitsIgnored;
            }
        }

        if (n.Value == 0 || n.Value > uint.MaxValue || n.Overflow)
        {
            return Fail(VifRateError.RateOverflow, bytesPart, 0, traps);
        }

        ulong bytesPerSecond = n.Value;
        byte next = ascii[n.End];
        bytesPerSecond *= next switch
        {
            (byte)'G' => 1_000_000_000UL,
            (byte)'M' => 1_000_000UL,
            (byte)'K' => 1_000UL,
            _ => 1UL,
        };

        // The regex guarantees "/s" at the end, so End + 1 is inside the text.
        if (next == (byte)'b' || ascii[n.End + 1] == (byte)'b')
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

            Span<byte> iascii = stackalloc byte[intervalPart.Length];
            for (int i = 0; i < intervalPart.Length; i++)
            {
                iascii[i] = (byte)intervalPart[i];
            }

            CNumber iv = CNumberParser.StrToUL(iascii, 0, 0);
            if (iascii.Length > 1 && iascii[0] == (byte)'0' && iascii[1] is >= (byte)'0' and <= (byte)'9')
            {
                traps |= VifRateTraps.OctalInterval;
                if (iv.End < iascii.Length && iascii[iv.End] is (byte)'8' or (byte)'9')
                {
                    traps |= VifRateTraps.IntervalDigitsIgnored;
                }
            }

            if (iv.Value == 0 || iv.Value > uint.MaxValue || iv.Overflow)
            {
                return Fail(VifRateError.IntervalOverflow, intervalPart, intervalOffset, traps, bytesPerSecond);
            }

            ulong usecs = iv.Value;
            byte unit = iv.End < iascii.Length ? iascii[iv.End] : (byte)0;
            if (unit is (byte)'s' or 0)
            {
                if (unit == 0)
                {
                    traps |= VifRateTraps.IntervalInSeconds;
                }

                usecs *= 1_000_000UL;
            }
            else if (unit == (byte)'m')
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
