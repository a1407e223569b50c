namespace Vifmap.Vif;

/// <summary>The outcome of <see cref="VifRateParser.Parse"/>.</summary>
/// <param name="Rate">What libxl stores; null when xl refuses the value.</param>
/// <param name="Error">Why xl refuses it (<see cref="VifRateError.None"/> when accepted).</param>
/// <param name="ErrorText">The text xl quotes in its message (<c>in `…'</c>): the rate part, the interval part or the whole value.</param>
/// <param name="ErrorOffset">Offset in the value where the faulty part starts.</param>
/// <param name="Traps">Accepted-but-surprising readings.</param>
/// <param name="BytesPerSecond">The bytes/s xl computed (before the interval), 0 when not reached.</param>
public readonly record struct VifRateParse(
    VifRate? Rate,
    VifRateError Error,
    string ErrorText,
    int ErrorOffset,
    VifRateTraps Traps,
    ulong BytesPerSecond)
{
    /// <summary>The message xl prints after "config parsing error in vif: ".</summary>
    public string XlMessage => Error switch
    {
        VifRateError.None => string.Empty,
        VifRateError.NoRate => "no rate specified",
        VifRateError.InvalidRate => "invalid rate",
        VifRateError.RateOverflow => "rate overflow",
        VifRateError.InvalidInterval => "invalid replenishment interval",
        _ => "replenishment interval overflow",
    };
}
