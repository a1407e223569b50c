namespace Vifmap.Vif;

/// <summary>Why <c>xlu_vif_parse_rate</c> refused a <c>rate=</c> value. Every one of them makes xl exit
/// (<c>parse_vif_rate</c> exits on EINVAL and EOVERFLOW), so the domain is not created (reference §2.5).</summary>
public enum VifRateError
{
    None,

    /// <summary>"no rate specified": nothing before the <c>@</c>.</summary>
    NoRate,

    /// <summary>"invalid rate": not <c>^[0-9]+[GMK]?[Bb]/s$</c>.</summary>
    InvalidRate,

    /// <summary>"rate overflow": the number read is 0 or over 2^32-1, or bytes/s × interval overflows 64 bits.</summary>
    RateOverflow,

    /// <summary>"invalid replenishment interval": not <c>^[0-9]+[mu]?s?$</c>.</summary>
    InvalidInterval,

    /// <summary>"replenishment interval overflow": 0, or over 2^32-1 µs.</summary>
    IntervalOverflow,
}
