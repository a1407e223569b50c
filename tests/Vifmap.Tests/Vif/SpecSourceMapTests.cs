using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Vif;

namespace Vifmap.Tests.Vif;

/// <summary>Columns of findings inside quoted specs with escapes (libxlutil dequoting, reference §1.1).</summary>
public sealed class SpecSourceMapTests
{
    private static readonly SourceLocation Quote = new("c.cfg", 4, 9);

    [Fact]
    public void Plain_literal_maps_offset_to_column_after_the_quote()
    {
        //          column: 123456789
        const string line = "vif = [ 'bridge=a ']";
        var map = SpecSourceMap.FromLiteral(Quote, line, "bridge=a ");
        Assert.True(map.IsExact);
        Assert.Equal(10, map.Locate(0).Column);
        Assert.Equal(18, map.Locate(8).Column);
    }

    [Fact]
    public void Plain_literal_ends_at_its_closing_quote_and_must_hold_the_value()
    {
        //          column: 123456789012345
        const string line = "vif = [ \"a=é\", 'x' ]";
        var map = SpecSourceMap.FromLiteral(Quote, line, "a=é");
        Assert.Equal(Quote, map.Start);
        Assert.Equal(12, map.Locate(2).Column); // é, the first of its two bytes
        Assert.Equal(14, map.Locate(4).Column); // one past the end: the closing quote
        Assert.Equal(14, map.Locate(99).Column);
        Assert.Equal(10, map.Locate(-1).Column);

        // Another value than the literal's (the config parser reported why): no exact columns.
        Assert.False(SpecSourceMap.FromLiteral(Quote, line, "a=e").IsExact);
        Assert.False(SpecSourceMap.FromLiteral(Quote, "vif = [ 'unterminated", "unterminated").IsExact);
    }

    [Fact]
    public void Escapes_shift_the_columns_of_what_follows()
    {
        // The value is "a\tb=c": the tab is one value byte but two source bytes.
        const string line = "vif = [ \"a\\tb=c\"]";
        var map = SpecSourceMap.FromLiteral(Quote, line, "a\tb=c");
        Assert.Equal(10, map.Locate(0).Column); // a
        Assert.Equal(11, map.Locate(1).Column); // the backslash of \t
        Assert.Equal(13, map.Locate(2).Column); // b
    }

    [Fact]
    public void Octal_escape_vanishes_from_the_value_but_not_from_the_columns()
    {
        // libxlutil drops "\101": the value is "ab".
        const string line = "vif = [ 'a\\101b']";
        var map = SpecSourceMap.FromLiteral(Quote, line, "ab");
        Assert.True(map.IsExact);
        Assert.Equal(15, map.Locate(1).Column); // b, after the four source bytes of \101
    }

    [Fact]
    public void Literal_that_does_not_decode_to_the_value_falls_back_to_its_start()
    {
        const string line = "vif = [ 'a\\x41']";
        var map = SpecSourceMap.FromLiteral(Quote, line, "aA");
        Assert.False(map.IsExact);
        Assert.Equal(Quote, map.Locate(1));
    }

    [Fact]
    public void Finding_in_a_spec_with_escapes_points_into_the_file()
    {
        const string line = "vif = [ 'ip=\\'x\\',bridge=br0 ']";
        string value = "ip='x',bridge=br0 ";
        VifSpecParse r = VifSpecParser.Parse(value, 0, GuestType.Pv, SpecSourceMap.FromLiteral(Quote, line, value));
        // The trailing space after br0 is at source column 29 (the two \' escapes are 2 bytes each).
        Assert.Equal([new SourceLocation("c.cfg", 4, 29)], r.Diagnostics.Select(d => d.Location));
    }
}
