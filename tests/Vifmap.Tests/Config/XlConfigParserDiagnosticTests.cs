using Vifmap.Config;
using Vifmap.Diagnostics;

namespace Vifmap.Tests.Config;

/// <summary>Whole diagnostic lists for malformed files. Expected positions and the libxlutil wording
/// come from the reference (§1, §7.22) and from libxlutil.so.4.17's own report on the same input.</summary>
public sealed class XlConfigParserDiagnosticTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        // Syntax errors (bison's messages, reference §1.2).
        { "a = b\n", ["1:5 error VM100"] },
        { "a = \"a\" \"b\"\n", ["1:9 error VM100"] },
        { "\"a\" = 1\n", ["1:1 error VM100"] },
        { "a = [ , ]\n", ["1:7 error VM100"] },
        { "a = [ 1\n", ["1:8 error VM100"] },
        { "a = 1\nb =", ["2:4 error VM100"] },
        { "a = 1\nb = \nc=2\n", ["2:5 error VM100"] },
        { "import os\n", ["1:8 error VM100"] },

        // Lexical errors and quirks (reference §1.1, §7.22).
        { "a = 1\n# comment", ["2:1 error VM105"] },
        { "a = 1\n#", ["2:1 warning VM112"] },
        { "a = 1 $", ["1:7 warning VM112"] },
        { "a = 1 $x", ["1:7 error VM101"] },
        { "a = 1\r\nb = 2\r\n# c\r\nc=3\r\n", ["1:6 error VM102", "2:6 error VM102", "4:4 error VM102"] },
        { "Name = 1\nb=2\n", ["1:1 error VM103"] },
        { "a = Foo\n", ["1:5 error VM103"] },
        { "a = \"abc\n", ["1:5 error VM104"] },
        { "a = 1.5\n", ["1:6 error VM101", "1:6 warning VM110"] },
        { "a = -1\n", ["1:5 error VM101", "1:5 warning VM110"] },
        { "\uFEFFname = 'x'\n", ["1:1 error VM101"] },

        // Escapes (xlu__cfgl_dequote).
        { "a = \"\\x41\"\n", ["1:6 error VM106"] },
        { "b = \"q\\101r\"\n", ["1:7 warning VM107"] },
        { "c = 'x\\7y'\n", ["1:7 error VM108"] },
        { "a = \"\\q\"\n", ["1:6 error VM109"] },
        // xlu__cfgl_dequote stops at the first bad escape ("goto x"), and does nothing once an
        // error has been reported (its "if (ctx->err) return 0"; libxlu_cfg.c:604 at RELEASE-4.17.0).
        { "a = \"\\q \\x41\"\n", ["1:6 error VM109"] },
        { "a = $x\nb = \"\\q\"\n", ["1:5 error VM101"] },

        // += (4.13+).
        { "a = [1]\na += \"x\"\nb=2\n", ["2:6 error VM111"] },
        { "a = \"x\"\na += [1\n,2\n]\nb=2\n", ["4:1 error VM111"] },
        { "memory = 1024\nmemory += 5\n", ["2:11 warning VM114"] },
        { "memory += 5\n", ["1:11 warning VM114"] },

        // bison's recovery (libxlu_cfg_y.y "stmt: error NEWLINE"; skeleton of bison 3.3.2 in
        // libxlu_cfg_y.c at RELEASE-4.17.0): tokens are dropped up to a NEWLINE, and no error is
        // reported until three tokens have been shifted after the error.
        { "a = b c d\ne = f\n", ["1:5 error VM100", "2:5 error VM100"] },
        { "x\ny z\n", ["1:2 error VM100"] },
        { "x\n\ny z\n", ["1:2 error VM100", "3:3 error VM100"] },
        { "a = [1, 2\nb = 3\nc\n", ["2:1 error VM100"] },

        // After "file: stmts assignment" is reduced, only $end is expected, and no state below
        // takes `error': bison gives up (YYABORT), so nothing after the first such error is reported.
        { "a = b\nc = 1 2\nd = 3\nE = 4\nf = [1\n2]\ng = 'ok'\n", ["1:5 error VM100", "2:7 error VM100"] },
        { "a = 1 b = 2\nc = $\n", ["1:7 error VM100"] },
        { "vif = [ 'a'\n  'b',\nname = 'x'\n", ["2:3 error VM100"] },

        // xlu__cfg_yyerror prints nothing at or before the line of the last lexical error
        // (lexerrlineno), which for an error ending in a newline is the next line.
        { "a = $\nb c\n", ["1:5 error VM101"] },
        { "a = $\n\n\nb c\n", ["1:5 error VM101", "4:3 error VM100"] },
        { "a = $ 1 $\nb c\nd e\n", ["1:5 error VM101", "1:9 error VM101"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_exactly_these_diagnostics(string text, string[] expected)
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", text);
        DiagnosticAssert.Equal(expected, doc.Diagnostics);
        Assert.Equal(expected.Any(e => e.Contains("error", StringComparison.Ordinal)), doc.HasSyntaxErrors);
    }

    [Fact]
    public void Syntax_error_message_carries_xl_wording_and_the_source()
    {
        Diagnostic d = Assert.Single(XlConfigParser.Parse("/etc/xen/g.cfg", "a = b\n").Diagnostics);
        Assert.Equal("/etc/xen/g.cfg:1:5: error: near `b': syntax error, unexpected IDENT, expecting STRING or NUMBER or '['; string values must be quoted [VM100]", d.ToString());
    }

    [Fact]
    public void Error_at_a_newline_says_that_xl_reports_the_previous_line()
    {
        Diagnostic d = Assert.Single(XlConfigParser.Parse("t.cfg", "a = 1\nb = \n").Diagnostics);
        Assert.Equal("near <newline>: syntax error, unexpected NEWLINE, expecting STRING or NUMBER or '['; xl reports this at line 1", d.Message);
    }

    [Fact]
    public void End_of_file_inside_a_list_expects_a_closing_bracket_as_xl_says()
    {
        Diagnostic d = Assert.Single(XlConfigParser.Parse("t.cfg", "a = [ 1,").Diagnostics);
        Assert.Equal("near end of file: syntax error, unexpected $end, expecting ']'", d.Message);
        Assert.Equal(new SourceLocation("t.cfg", 1, 9), d.Location);
    }

    [Fact]
    public void Statement_start_lists_what_may_begin_a_statement()
    {
        Diagnostic d = Assert.Single(XlConfigParser.Parse("t.cfg", "= 1\n").Diagnostics);
        Assert.Equal("near `=': syntax error, unexpected '=', expecting $end or IDENT or NEWLINE or ';'", d.Message);
    }

    [Fact]
    public void Escape_messages_show_the_escape_and_xl_wording()
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", "a = \"\\101\\x41\"\n");
        Assert.Equal(
            [
                "xl accepts the octal escape `\\101' but stores nothing for it: the character silently disappears from the value",
                "`\\x41' is always rejected by libxlutil (\"invalid digit after backslash hexnumerical character escape in quoted string\"); write the character itself",
            ],
            doc.Diagnostics.Select(d => d.Message));
    }

    [Fact]
    public void Octal_escape_vanishes_from_the_value_with_a_warning()
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", "b = \"q\\101r\"\nd = \"\\1234\"\n");
        Assert.Equal("qr", Assert.IsType<ConfigString>(doc.Get("b")!.Value).Value);
        Assert.Equal(string.Empty, Assert.IsType<ConfigString>(doc.Get("d")!.Value).Value);
        Assert.False(doc.HasSyntaxErrors);
    }

    [Fact]
    public void Crlf_file_keeps_its_values_but_is_rejected()
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", "a = 1\r\nb = 'x'\r\n");
        Assert.True(doc.HasSyntaxErrors);
        Assert.Equal("1", Assert.IsType<ConfigNumber>(doc.Get("a")!.Value).Text);
        Assert.Equal("lexical error near `\\r': carriage return before the newline (CRLF line ending); xl accepts only LF line endings", doc.Diagnostics[0].Message);
    }

    [Fact]
    public void Python_warning_uses_xl_text()
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", "memory = 256 + 256\n");
        Assert.Contains("Config file looks like it contains Python code. Arbitrary Python is no longer supported. See https://wiki.xen.org/wiki/PythonInXlConfig", doc.Diagnostics[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Appending_a_number_concatenates_text()
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", "memory = 1024\nmemory += 5\n");
        Assert.Equal("10245", Assert.IsType<ConfigString>(doc.Get("memory")!.Value).Value);
    }

    [Fact]
    public void Recovery_resumes_at_the_next_assignment_inside_a_broken_list()
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", "vif = [ 'a'\n  'b',\nname = 'x'\n");
        Assert.Equal("x", Assert.IsType<ConfigString>(doc.Get("name")!.Value).Value);
        Assert.Null(doc.Get("vif"));
    }

    [Theory]
    [InlineData(4996, null)]
    [InlineData(4997, 5002)]
    public void Nesting_deeper_than_libxlutils_parser_stack_is_rejected(int depth, int? errorColumn)
    {
        string text = "a = " + new string('[', depth) + new string(']', depth) + "\n";
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", text);
        DiagnosticAssert.Equal(errorColumn is null ? [] : [$"1:{errorColumn} error VM115"], doc.Diagnostics);
    }

    [Fact]
    public void Nul_byte_inside_a_string_is_an_error()
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", "a = 'x\0y'\n"u8);
        DiagnosticAssert.Equal(["1:5 error VM113"], doc.Diagnostics);
    }
}
