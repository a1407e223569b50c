namespace Vifmap.Vif;

/// <summary>Things <c>xlu_vif_parse_rate</c> accepts that rarely mean what the writer meant (reference §2.5, §7.7).</summary>
[Flags]
public enum VifRateTraps
{
    None = 0,

    /// <summary>The rate number starts with 0, so <c>strtoull(…, 0)</c> reads it as octal (<c>010MB/s</c> = 8 MB/s).</summary>
    OctalRate = 1,

    /// <summary>An 8 or 9 stopped the octal rate number early; the unit after it was not seen either
    /// (<c>019KB/s</c> = 1 B/s).</summary>
    RateDigitsIgnored = 2,

    /// <summary>The interval number starts with 0 and is read as octal.</summary>
    OctalInterval = 4,

    /// <summary>An 8 or 9 stopped the octal interval early; its unit was not seen (<c>@019ms</c> = 1 µs).</summary>
    IntervalDigitsIgnored = 8,

    /// <summary>The interval has no unit, which means seconds (<c>@20</c> is 20 s; the doc says µs).</summary>
    IntervalInSeconds = 16,

    /// <summary>bytes/s × interval / 10^6 rounds down to 0 bytes per interval.</summary>
    ZeroBytesPerInterval = 32,
}
