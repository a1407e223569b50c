using Vifmap.Config;

namespace Vifmap.Tests.Config;

/// <summary>What libxlutil stores for well-formed files (reference §1.1–1.3; values checked against
/// libxlutil.so.4.17 with the same inputs).</summary>
public sealed class XlConfigParserValueTests
{
    private static XlConfigDocument ParseClean(string text)
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", text);
        DiagnosticAssert.Equal([], doc.Diagnostics);
        return doc;
    }

    private static ConfigValue Value(XlConfigDocument doc, string name) => doc.Get(name)!.Value;

    [Fact]
    public void Numbers_are_kept_as_written()
    {
        XlConfigDocument doc = ParseClean("a = 010\nb = 0x10\nc = 12abc\nd = 1e5\n");
        Assert.Equal("010", Assert.IsType<ConfigNumber>(Value(doc, "a")).Text);
        Assert.Equal("0x10", Assert.IsType<ConfigNumber>(Value(doc, "b")).Text);
        Assert.Equal("12abc", Assert.IsType<ConfigNumber>(Value(doc, "c")).Text);
        Assert.Equal("1e5", Assert.IsType<ConfigNumber>(Value(doc, "d")).Text);
    }

    [Fact]
    public void Single_and_double_quoted_strings_use_xl_escapes()
    {
        XlConfigDocument doc = ParseClean("d = \"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\'\"\ne = '\\\"\\''\nf = 'a\"b'\n");
        Assert.Equal("\a\b\f\n\r\t\v\\\"'", Assert.IsType<ConfigString>(Value(doc, "d")).Value);
        Assert.Equal("\"'", Assert.IsType<ConfigString>(Value(doc, "e")).Value);
        Assert.Equal("a\"b", Assert.IsType<ConfigString>(Value(doc, "f")).Value);
    }

    [Fact]
    public void Lists_nest_allow_a_trailing_comma_and_newlines_and_comments_inside()
    {
        XlConfigDocument doc = ParseClean("vif = [\n  'bridge=xenbr0', # first\n\n  [ \"x\", [] ],\n  7,\n]\n");
        ConfigList vif = Assert.IsType<ConfigList>(Value(doc, "vif"));
        Assert.Equal(3, vif.Items.Count);
        Assert.Equal("bridge=xenbr0", Assert.IsType<ConfigString>(vif.Items[0]).Value);
        ConfigList inner = Assert.IsType<ConfigList>(vif.Items[1]);
        Assert.Equal("x", Assert.IsType<ConfigString>(inner.Items[0]).Value);
        Assert.Empty(Assert.IsType<ConfigList>(inner.Items[1]).Items);
        Assert.Equal("7", Assert.IsType<ConfigNumber>(vif.Items[2]).Text);
        Assert.Equal(new Vifmap.Diagnostics.SourceLocation("t.cfg", 1, 7), vif.Location);
    }

    [Fact]
    public void Semicolons_end_statements_and_the_last_assignment_wins()
    {
        XlConfigDocument doc = ParseClean("a = 1;;b = 2; a = 3\n;\na.b_9 = 'x'");
        Assert.Equal("3", Assert.IsType<ConfigNumber>(Value(doc, "a")).Text);
        Assert.Equal("2", Assert.IsType<ConfigNumber>(Value(doc, "b")).Text);
        Assert.Equal("x", Assert.IsType<ConfigString>(Value(doc, "a.b_9")).Value);
        Assert.Equal(["a", "b", "a", "a.b_9"], doc.Statements.Select(s => s.Name));
        Assert.Equal(new Vifmap.Diagnostics.SourceLocation("t.cfg", 1, 15), doc.Statements[2].Location);
    }

    [Fact]
    public void Append_joins_lists_and_strings()
    {
        XlConfigDocument doc = ParseClean("a = [1]\na += [2,[3]]\nb = \"x\"\nb += \"y\"\n");
        ConfigList a = Assert.IsType<ConfigList>(Value(doc, "a"));
        Assert.Equal(["1", "2"], a.Items.Take(2).Select(i => Assert.IsType<ConfigNumber>(i).Text));
        Assert.IsType<ConfigList>(a.Items[2]);
        Assert.True(doc.Get("a")!.IsAppend);
        Assert.Equal("xy", Assert.IsType<ConfigString>(Value(doc, "b")).Value);
    }

    [Fact]
    public void Tabs_and_spaces_are_ignored_between_tokens_and_the_file_may_end_after_a_value()
    {
        XlConfigDocument doc = ParseClean("\ta\t=\t'v'   \nb='w'");
        Assert.Equal("v", Assert.IsType<ConfigString>(Value(doc, "a")).Value);
        Assert.Equal("w", Assert.IsType<ConfigString>(Value(doc, "b")).Value);
    }

    [Fact]
    public void Non_ascii_text_inside_quotes_is_kept()
    {
        XlConfigDocument doc = ParseClean("a = \"é\"\n");
        Assert.Equal("é", Assert.IsType<ConfigString>(Value(doc, "a")).Value);
    }

    [Fact]
    public void Empty_file_and_comment_only_file_are_valid()
    {
        Assert.Empty(ParseClean(string.Empty).Statements);
        Assert.Empty(ParseClean("# only\n\n;\n").Statements);
    }

    [Fact]
    public void Utf8_bytes_and_string_overloads_agree()
    {
        XlConfigDocument fromBytes = XlConfigParser.Parse("t.cfg", "a = 'é'\n"u8);
        Assert.Equal("é", Assert.IsType<ConfigString>(Value(fromBytes, "a")).Value);
    }
}
