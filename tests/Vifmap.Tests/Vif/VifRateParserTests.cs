using Vifmap.Vif;

namespace Vifmap.Tests.Vif;

/// <summary>Expected values come from upstream's tools/xl/check-xl-vif-parse (4.22) and the verified rows of
/// reference §2.5; trap cases are worked out by hand from libxlu_vif.c.</summary>
public sealed class VifRateParserTests
{
    [Theory]
    // check-xl-vif-parse: b/s and B/s, K, M, G, with and without @50ms
    [InlineData("16000000b/s", 100000UL, 50000U)]
    [InlineData("16000000b/s@50ms", 100000UL, 50000U)]
    [InlineData("2000000B/s", 100000UL, 50000U)]
    [InlineData("2000000B/s@50ms", 100000UL, 50000U)]
    [InlineData("16Kb/s", 100UL, 50000U)]
    [InlineData("2KB/s@50ms", 100UL, 50000U)]
    [InlineData("16Mb/s", 100000UL, 50000U)]
    [InlineData("2MB/s@50ms", 100000UL, 50000U)]
    [InlineData("8Gb/s", 50000000UL, 50000U)]
    [InlineData("1GB/s@50ms", 50000000UL, 50000U)]
    [InlineData("80Mb/s@1s", 10000000UL, 1000000U)]
    [InlineData("10MB/s@1s", 10000000UL, 1000000U)]
    // reference §2.5 verified examples
    [InlineData("10Mb/s", 62500UL, 50000U)]
    [InlineData("250KB/s", 12500UL, 50000U)]
    [InlineData("1MB/s@20ms", 20000UL, 20000U)]
    [InlineData("1MB/s@20", 20000000UL, 20000000U)]
    [InlineData("10240KB/s", 512000UL, 50000U)]
    // units: u and us are microseconds, m and ms milliseconds
    [InlineData("1MB/s@100us", 100UL, 100U)]
    [InlineData("1MB/s@100u", 100UL, 100U)]
    [InlineData("1MB/s@2m", 2000UL, 2000U)]
    public void Accepted_rates_give_libxls_bytes_per_interval(string text, ulong bytes, uint usecs)
    {
        VifRateParse r = VifRateParser.Parse(text);
        Assert.Equal(VifRateError.None, r.Error);
        Assert.Equal(new VifRate(bytes, usecs), r.Rate);
    }

    [Theory]
    [InlineData("foo", VifRateError.InvalidRate, "foo")]
    [InlineData("10MB", VifRateError.InvalidRate, "10MB")]
    [InlineData("10MB/m", VifRateError.InvalidRate, "10MB/m")]
    [InlineData("10ZB", VifRateError.InvalidRate, "10ZB")]
    [InlineData("10ZB/s", VifRateError.InvalidRate, "10ZB/s")]
    [InlineData("1mb/s", VifRateError.InvalidRate, "1mb/s")]
    [InlineData("10MB/s ", VifRateError.InvalidRate, "10MB/s ")]
    [InlineData("4294967296b/s", VifRateError.RateOverflow, "4294967296b/s")]
    [InlineData("4294967296Gb/s", VifRateError.RateOverflow, "4294967296Gb/s")]
    [InlineData("99999999999999999999999B/s", VifRateError.RateOverflow, "99999999999999999999999B/s")]
    [InlineData("0B/s", VifRateError.RateOverflow, "0B/s")]
    [InlineData("10Mb/s@foo", VifRateError.InvalidInterval, "foo")]
    [InlineData("10MB/s@10h", VifRateError.InvalidInterval, "10h")]
    [InlineData("10MB/s@", VifRateError.InvalidInterval, "")]
    [InlineData("10MB/s@1ms@2ms", VifRateError.InvalidInterval, "1ms@2ms")]
    [InlineData("1B/s@4294967296us", VifRateError.IntervalOverflow, "4294967296us")]
    [InlineData("1B/s@4294968ms", VifRateError.IntervalOverflow, "4294968ms")]
    [InlineData("1B/s@4295s", VifRateError.IntervalOverflow, "4295s")]
    [InlineData("1B/s@0us", VifRateError.IntervalOverflow, "0us")]
    [InlineData("4294967295GB/s@5us", VifRateError.RateOverflow, "4294967295GB/s@5us")]
    [InlineData("4296MB/s@4294s", VifRateError.RateOverflow, "4296MB/s@4294s")]
    [InlineData("@", VifRateError.NoRate, "@")]
    [InlineData("", VifRateError.NoRate, "")]
    [InlineData("@50ms", VifRateError.NoRate, "@50ms")]
    public void Refused_rates_name_xls_error_and_the_text_it_quotes(string text, VifRateError error, string quoted)
    {
        VifRateParse r = VifRateParser.Parse(text);
        Assert.Equal(error, r.Error);
        Assert.Equal(quoted, r.ErrorText);
        Assert.Null(r.Rate);
    }

    [Fact]
    public void Leading_zero_makes_the_rate_octal()
    {
        // 010 octal = 8; 8 MB/s over 50 ms = 400000 bytes.
        VifRateParse r = VifRateParser.Parse("010MB/s");
        Assert.Equal(new VifRate(400000, 50000), r.Rate);
        Assert.Equal(VifRateTraps.OctalRate, r.Traps);
    }

    [Fact]
    public void Octal_rate_with_an_eight_reads_as_zero_and_overflows()
    {
        VifRateParse r = VifRateParser.Parse("08MB/s");
        Assert.Equal(VifRateError.RateOverflow, r.Error);
        Assert.Equal(VifRateTraps.OctalRate | VifRateTraps.RateDigitsIgnored, r.Traps);
    }

    [Fact]
    public void Octal_rate_stopped_by_a_nine_loses_its_unit()
    {
        // strtoull reads "01", stops at '9'; the K is never looked at: 1 B/s, 0 bytes per 50 ms.
        VifRateParse r = VifRateParser.Parse("019KB/s");
        Assert.Equal(new VifRate(0, 50000), r.Rate);
        Assert.Equal(1UL, r.BytesPerSecond);
        Assert.Equal(VifRateTraps.OctalRate | VifRateTraps.RateDigitsIgnored | VifRateTraps.ZeroBytesPerInterval, r.Traps);
    }

    [Fact]
    public void Octal_rate_stopped_by_a_nine_still_sees_a_bit_unit_one_byte_later()
    {
        // "019b/s": p stops at '9', and *(p+1) == 'b' divides by 8: 1/8 = 0 B/s.
        VifRateParse r = VifRateParser.Parse("019b/s");
        Assert.Equal(0UL, r.BytesPerSecond);
        Assert.Equal(new VifRate(0, 50000), r.Rate);
    }

    [Fact]
    public void Interval_without_unit_is_seconds()
    {
        VifRateParse r = VifRateParser.Parse("1MB/s@20");
        Assert.Equal(VifRateTraps.IntervalInSeconds, r.Traps);
    }

    [Fact]
    public void Octal_interval_stopped_by_a_nine_is_microseconds()
    {
        // "019ms": strtoull reads 01 and stops at '9', which is neither s, NUL nor m: 1 µs.
        VifRateParse r = VifRateParser.Parse("1GB/s@019ms");
        Assert.Equal(new VifRate(1000, 1), r.Rate);
        Assert.Equal(VifRateTraps.OctalInterval | VifRateTraps.IntervalDigitsIgnored, r.Traps);
    }

    [Fact]
    public void Octal_interval_is_read_as_octal()
    {
        VifRateParse r = VifRateParser.Parse("1MB/s@010ms");
        Assert.Equal(new VifRate(8000, 8000), r.Rate);
        Assert.Equal(VifRateTraps.OctalInterval, r.Traps);
    }

    [Fact]
    public void Tiny_rate_rounds_to_zero_bytes_per_interval_and_is_accepted()
    {
        VifRateParse r = VifRateParser.Parse("5B/s");
        Assert.Equal(new VifRate(0, 50000), r.Rate);
        Assert.Equal(VifRateTraps.ZeroBytesPerInterval, r.Traps);
    }

    [Fact]
    public void Largest_values_that_fit_are_accepted()
    {
        // 4294967295 B/s × 4294967295 µs / 1e6, all in 64 bits.
        VifRateParse r = VifRateParser.Parse("4294967295B/s@4294967295us");
        Assert.Equal(new VifRate(18446744065119, 4294967295), r.Rate);
    }

    [Fact]
    public void Nine_million_digit_rate_is_refused_as_overflow_without_exhausting_the_stack()
    {
        // Issue 9 item 4: the digits were copied to a stack buffer as long as the token (1 MB stack): a segfault.
        string digits = new('7', 9_000_000);
        VifRateParse r = VifRateParser.Parse(digits + "Mb/s@" + digits + "ms");
        Assert.Equal(VifRateError.RateOverflow, r.Error);
        Assert.Null(r.Rate);
    }

    [Fact]
    public void Nine_million_digit_interval_is_refused_as_overflow()
    {
        VifRateParse r = VifRateParser.Parse("10Mb/s@" + new string('7', 9_000_000) + "ms");
        Assert.Equal(VifRateError.IntervalOverflow, r.Error);
    }
}
