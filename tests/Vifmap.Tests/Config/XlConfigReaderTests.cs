using Vifmap.Config;
using Vifmap.Naming;

namespace Vifmap.Tests.Config;

/// <summary>The xlu_cfg_get_* semantics (libxlu_cfg.c) and xl 4.22's guest-type decision
/// (xl_parse.c), with the warnings xl prints; reference §1.3, §7.4–7.5.</summary>
public sealed class XlConfigReaderTests
{
    private static XlConfigReader Read(string text) => new(XlConfigParser.Parse("t.cfg", text));

    [Theory]
    [InlineData("m = 256", 256L)]
    [InlineData("m = 0x100", 256L)]
    [InlineData("m = 010", 8L)]
    [InlineData("m = \" 12\"", 12L)]
    [InlineData("m = \"-5\"", -5L)]
    [InlineData("m = 9223372036854775807", long.MaxValue)]
    public void Long_is_read_with_strtol_base_0(string text, long expected)
    {
        XlConfigReader reader = Read(text);
        Assert.Equal(XlReadStatus.Ok, reader.GetLong("m", out long value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Leading_zero_number_warns_that_it_is_octal()
    {
        XlConfigReader reader = Read("memory = 010\n");
        Assert.Equal(XlReadStatus.Ok, reader.GetLong("memory", out long value));
        Assert.Equal(8, value);
        DiagnosticAssert.Equal(["1:10 warning VM125"], reader.Diagnostics);
    }

    [Theory]
    [InlineData("m = 08", XlReadStatus.WrongType, "1:5 warning VM123")]
    [InlineData("m = 12abc", XlReadStatus.WrongType, "1:5 warning VM123")]
    [InlineData("m = \"12 \"", XlReadStatus.WrongType, "1:5 warning VM123")]
    [InlineData("m = 0x", XlReadStatus.WrongType, "1:5 warning VM123")]
    [InlineData("m = 99999999999999999999", XlReadStatus.OutOfRange, "1:5 warning VM124")]
    [InlineData("m = [1]", XlReadStatus.WrongType, "1:5 warning VM120")]
    [InlineData("m = 1\nm += 2", XlReadStatus.WrongType, "2:6 warning VM122")]
    public void Long_refusals_carry_xl_warning(string text, XlReadStatus status, string diagnostic)
    {
        XlConfigReader reader = Read(text);
        Assert.Equal(status, reader.GetLong("m", out _));
        DiagnosticAssert.Equal([diagnostic], reader.Diagnostics);
    }

    [Fact]
    public void Dont_warn_reads_silently_and_missing_name_is_not_found()
    {
        XlConfigReader reader = Read("m = 08\n");
        Assert.Equal(XlReadStatus.WrongType, reader.GetLong("m", out _, dontWarn: true));
        Assert.Equal(XlReadStatus.NotFound, reader.GetLong("absent", out _));
        Assert.Empty(reader.Diagnostics);
    }

    [Fact]
    public void Bounded_long_reports_xl_bound_message()
    {
        XlConfigReader reader = Read("vcpus = 0\n");
        Assert.Equal(XlReadStatus.WrongType, reader.GetBoundedLong("vcpus", 1, 128, out _));
        Assert.Equal("value `0' is smaller than minimum bound '1'", reader.Diagnostics.Single().Message);
    }

    [Fact]
    public void String_reads_numbers_as_text_and_refuses_lists()
    {
        XlConfigReader reader = Read("a = 010\nb = ['x']\n");
        Assert.Equal(XlReadStatus.Ok, reader.GetString("a", out string? a));
        Assert.Equal("010", a);
        Assert.Equal(XlReadStatus.WrongType, reader.GetString("b", out _));
        DiagnosticAssert.Equal(["2:5 warning VM120"], reader.Diagnostics);
    }

    [Fact]
    public void Vif_as_a_single_string_is_refused_as_a_list()
    {
        XlConfigReader reader = Read("vif = 'bridge=xenbr0'\n");
        Assert.Equal(XlReadStatus.WrongType, reader.GetList("vif", out ConfigList? list));
        Assert.Null(list);
        Assert.Equal("parameter `vif' is a single value but should be a list (xl ignores it)", reader.Diagnostics.Single().Message);
    }

    [Fact]
    public void Nested_list_element_ends_the_string_items_as_xl_loop_does()
    {
        XlConfigReader reader = Read("vif = [ 'a', 5, ['x'], 'c' ]\n");
        Assert.Equal(XlReadStatus.Ok, reader.GetList("vif", out ConfigList? list));
        Assert.Equal(["a", "5"], reader.GetStringItems("vif", list!));
        Assert.Null(XlConfigReader.GetListItem(list!, 2));
        Assert.Equal("c", XlConfigReader.GetListItem(list!, 3));
        Assert.Null(XlConfigReader.GetListItem(list!, 4));
        DiagnosticAssert.Equal(["1:17 warning VM126"], reader.Diagnostics);
    }

    [Theory]
    [InlineData("name='g'\n", GuestType.Pv, new string[0])]
    [InlineData("type='hvm'\n", GuestType.Hvm, new string[0])]
    [InlineData("type='pv'\n", GuestType.Pv, new string[0])]
    [InlineData("type='pvh'\n", GuestType.Pvh, new string[0])]
    [InlineData("type=''\n", GuestType.Hvm, new[] { "1:6 warning VM132" })]
    [InlineData("type='p'\n", GuestType.Pv, new[] { "1:6 warning VM132" })]
    [InlineData("type='hvmx'\n", GuestType.Pv, new[] { "1:6 error VM130" })]
    [InlineData("type=1\n", GuestType.Pv, new[] { "1:6 error VM130" })]
    [InlineData("type=['hvm']\n", GuestType.Pv, new[] { "1:6 warning VM120" })]
    [InlineData("builder='generic'\n", GuestType.Pv, new[] { "1:9 warning VM133" })]
    [InlineData("builder='hvm'\n", GuestType.Hvm, new[] { "1:9 warning VM133" })]
    [InlineData("builder='xen'\n", GuestType.Pv, new[] { "1:9 error VM130" })]
    [InlineData("type='hvm'\nbuilder='hvm'\n", GuestType.Hvm, new[] { "2:9 warning VM133" })]
    [InlineData("type='pv'\nbuilder='hvm'\n", GuestType.Pv, new[] { "2:9 error VM131" })]
    [InlineData("type='pvh'\nbuilder='generic'\n", GuestType.Pv, new[] { "2:9 error VM131" })]
    public void Guest_type_follows_xl_4_22(string text, GuestType expected, string[] diagnostics)
    {
        XlConfigReader reader = Read(text);
        Assert.Equal(expected, reader.GetGuestType());
        DiagnosticAssert.Equal(diagnostics, reader.Diagnostics);
    }

    /// <summary>xl 4.0–4.9 read only builder= (RELEASE-4.0.0 tools/libxl/xl.c:361-363, RELEASE-4.9.0
    /// tools/xl/xl_parse.c:854-857: PV, then HVM when the value is a prefix of "hvm"; no exit); type= comes
    /// with 4.10 (RELEASE-4.10.0 tools/xl/xl_parse.c:904). xm's builder defaults to 'linux' (PV). A guest
    /// built PV that way stops xl 4.1–4.9 without kernel= or bootloader= (VM324: "Neither kernel nor
    /// bootloader specified", RELEASE-4.1.0 tools/libxl/xl_cmdimpl.c:785-788, RELEASE-4.9.0
    /// tools/xl/xl_parse.c:1210-1213); xl 4.0 has no such check (RELEASE-4.0.0 tools/libxl/xl.c:391-392).</summary>
    [Theory]
    [InlineData("builder='linux'\n", "4.9", false, GuestType.Pv, new string[0])]
    [InlineData("builder='xen'\n", "4.0", false, GuestType.Pv, new string[0])]
    [InlineData("builder='hvm'\n", "4.9", false, GuestType.Hvm, new string[0])]
    [InlineData("builder=''\n", "4.9", false, GuestType.Hvm, new string[0])]
    [InlineData("type='hvm'\n", "4.9", false, GuestType.Pv, new[] { "1:6 warning VM134", "1:6 error VM324" })]
    [InlineData("type='hvm'\n", "4.1", false, GuestType.Pv, new[] { "1:6 warning VM134", "1:6 error VM324" })]
    [InlineData("type='hvm'\n", "4.0", false, GuestType.Pv, new[] { "1:6 warning VM134" })]
    [InlineData("type='hvm'\nkernel='/boot/vmlinuz'\n", "4.9", false, GuestType.Pv, new[] { "1:6 warning VM134" })]
    [InlineData("type='hvm'\nbootloader='pygrub'\n", "4.5", false, GuestType.Pv, new[] { "1:6 warning VM134" })]
    [InlineData("type='hvm'\nkernel=[ 'x' ]\n", "4.5", false, GuestType.Pv, new[] { "1:6 warning VM134", "1:6 error VM324" })]
    [InlineData("type='hvm'\n", "4.10", false, GuestType.Hvm, new string[0])]
    [InlineData("type='hvm'\nbuilder='hvm'\n", "4.9", false, GuestType.Hvm, new string[0])]
    [InlineData("type='pvh'\n", "4.9", false, GuestType.Pvh, new[] { "1:6 error VM324" })]
    [InlineData("type='pvh'\nkernel='/boot/vmlinuz'\n", "4.9", false, GuestType.Pvh, new string[0])]
    [InlineData("type='pvh'\nbuilder='hvm'\n", "4.9", false, GuestType.Hvm, new[] { "1:6 warning VM134" })]
    [InlineData("type='hvm'\n", "4.4", true, GuestType.Pv, new[] { "1:6 warning VM134" })]
    [InlineData("builder='linux'\n", "4.1", true, GuestType.Pv, new string[0])]
    [InlineData("builder='h'\n", "4.1", true, GuestType.Pv, new string[0])]
    public void Guest_type_before_4_10_and_with_xend_comes_from_builder_only(
        string text, string xen, bool xend, GuestType expected, string[] diagnostics)
    {
        Assert.True(XenVersion.TryParse(xen, out XenVersion version));
        XlConfigReader reader = Read(text);
        Assert.Equal(expected, reader.GetGuestType(new ToolstackRelease(xend ? Toolstack.Xend : Toolstack.Xl, version)));
        DiagnosticAssert.Equal(diagnostics, reader.Diagnostics);
    }

    [Theory]
    [InlineData("0x7fffffffffffffff", long.MaxValue, true, 18)]
    [InlineData("-0x8000000000000000", long.MinValue, true, 19)]
    [InlineData("0x8000000000000000", long.MaxValue, false, 18)]
    [InlineData("0x", 0L, true, 1)]
    [InlineData("+017", 15L, true, 4)]
    [InlineData("abc", 0L, true, 0)]
    public void Base0_number_matches_strtol(string text, long value, bool inRange, int consumed)
    {
        Assert.Equal(inRange, XlNumber.TryParseBase0(text, out long parsed, out int used));
        Assert.Equal(value, parsed);
        Assert.Equal(consumed, used);
    }
}
