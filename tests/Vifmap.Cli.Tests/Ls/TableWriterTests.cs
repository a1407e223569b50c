using Vifmap.Cli.Output;

namespace Vifmap.Cli.Tests.Ls;

public sealed class TableWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("line\nbreak\r", @"line\nbreak\r")]
    [InlineData("back\\slash", @"back\\slash")]
    [InlineData("esc\u001b[31m", @"esc\x1b[31m")]
    [InlineData("del\u007f c1\u009b", @"del\x7f c1\x9b")]
    [InlineData("bidi\u202egpj.exe", @"bidi\u{202e}gpj.exe")]
    [InlineData("zw\u200bsp", @"zw\u{200b}sp")]
    [InlineData("ünïcode ok", "ünïcode ok")]
    public void Escape_makes_guest_strings_inert_and_unambiguous(string raw, string shown)
        => Assert.Equal(shown, TerminalText.Escape(raw));

    [Fact]
    public void Columns_align_by_display_width_and_long_cells_are_cut()
    {
        var table = new TableWriter(new TableColumn("NAME", MaxWidth: 6), new TableColumn("N", AlignRight: true), new TableColumn("LAST"));
        table.AddRow("日本", "1", "x");
        table.AddRow("abcdefghij", "100", null);
        using var output = new StringWriter();

        table.Write(output);

        Assert.Equal(
            "NAME      N  LAST\n" +
            "日本      1  x\n" +
            "abcde…  100  -\n",
            output.ToString().ReplaceLineEndings("\n"));
    }
}
