using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Vifmap.Cli.Tests.Lint;

/// <summary>`vifmap lint`: inputs in TestData/*.cfg, expected output in TestData/*.expected, written by hand
/// (FILE stands for the path given on the command line). Columns are bytes, 1-based.</summary>
public sealed class LintCommandTests
{
    private static string DataDirectory([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "TestData");

    private static (int Exit, string Out, string Err) Lint(string[] files, bool json = false, string stdin = "")
    {
        return CliRun.Run(["lint", .. files, .. (json ? new[] { "--json" } : [])], stdin.Length == 0 ? stdin : CliRun.Bootable(stdin));
    }

    [Theory]
    [InlineData("clean", 0)]
    [InlineData("warnings", 0)]
    [InlineData("errors", 1)]
    public void Prints_one_line_per_finding_and_exits_by_the_worst(string name, int exit)
    {
        string file = Path.Combine(DataDirectory(), name + ".cfg");
        string expected = File.ReadAllText(Path.Combine(DataDirectory(), name + ".expected")).Replace("FILE", file, StringComparison.Ordinal);

        (int code, string stdout, string stderr) = Lint([file]);

        Assert.Equal(expected, stdout);
        Assert.Equal(string.Empty, stderr);
        Assert.Equal(exit, code);
    }

    [Fact]
    public void A_pipe_is_read_as_a_file_is()
    {
        // vifmap lint <(ssh host cat /etc/xen/web.cfg): the input has no length to ask for (that
        // request once escaped as a NotSupportedException trace).
        string file = Path.Combine(DataDirectory(), "errors.cfg");
        using NamedPipe pipe = NamedPipe.Send(File.ReadAllBytes(file));
        string expected = File.ReadAllText(Path.Combine(DataDirectory(), "errors.expected")).Replace("FILE", pipe.Path, StringComparison.Ordinal);

        (int code, string stdout, string stderr) = Lint([pipe.Path]);

        Assert.Equal((1, expected, string.Empty), (code, stdout, stderr));
        Assert.True(pipe.Delivered(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Json_lists_every_finding_with_its_fields()
    {
        (int code, string stdout, _) = Lint(["-"], json: true, stdin: "name = \"x\"\nvif = [ 'bridge=b,devid=x' ]\n");

        Assert.Equal(1, code);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement only = Assert.Single(doc.RootElement.EnumerateArray().ToArray());
        Assert.Equal("-", only.GetProperty("file").GetString());
        Assert.Equal(2, only.GetProperty("line").GetInt32());
        Assert.Equal(25, only.GetProperty("column").GetInt32()); // quote at 9, value at offset 15
        Assert.Equal("error", only.GetProperty("severity").GetString());
        Assert.Equal("VM217", only.GetProperty("code").GetString());
        Assert.Equal("xl says \"xl: failed to convert \"x\" to number\" and exits: the domain is not created", only.GetProperty("message").GetString());
    }

    [Fact]
    public void Json_with_no_finding_is_an_empty_array()
    {
        (int code, string stdout, _) = Lint(["-"], json: true, stdin: "name = \"x\"\nvif = [ '' ]\n");

        Assert.Equal(0, code);
        Assert.Equal("[]", stdout.Trim());
    }

    [Fact]
    public void Standard_input_is_named_dash()
    {
        (int code, string stdout, _) = Lint(["-"], stdin: "vif = 'bridge=xenbr0'\n");

        Assert.Equal(0, code);
        Assert.StartsWith("-:1:7: warning: `vif' is a single value, not a list", stdout, StringComparison.Ordinal);
        Assert.EndsWith("[VM224]\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_one_line_on_stderr_and_exit_1_while_other_files_are_still_checked()
    {
        string clean = Path.Combine(DataDirectory(), "errors.cfg");
        (int code, string stdout, string stderr) = Lint(["/nonexistent/vm.cfg", clean]);

        Assert.Equal(1, code);
        Assert.Equal("vifmap: /nonexistent/vm.cfg: no such file\n", stderr);
        Assert.Equal(6, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_directory_given_as_a_file_is_named_as_such_on_stderr_with_exit_1()
    {
        string directory = DataDirectory();
        (int code, string stdout, string stderr) = Lint([directory]);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"vifmap: {directory}: is a directory\n", stderr);
    }

    [Fact]
    public void Misspelt_option_is_a_usage_error_not_a_missing_file()
    {
        (int code, string stdout, string stderr) = Lint(["--jsn", Path.Combine(DataDirectory(), "clean.cfg")]);

        Assert.Equal((2, string.Empty), (code, stdout));
        Assert.Equal("vifmap: unknown option '--jsn' (for a value that starts with '-', put -- before it)\nTry 'vifmap lint --help'.\n", stderr);
    }

    [Fact]
    public void Escapes_quoted_from_the_file_are_shown_as_written_not_doubled()
    {
        // The file holds "a\x41b" and "c\101d": the messages quote `\x41' and `\101', as xl would.
        (int code, string stdout, _) = Lint(["-"], stdin: "name = \"a\\x41b\"\nkernel = \"c\\101d\"\n");

        Assert.Equal(1, code);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("-:1:10: error: `\\x41' is always rejected by libxlutil", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("-:2:12: warning: xl accepts the octal escape `\\101' but stores nothing for it", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_of_the_config_parser_are_reported_too()
    {
        // libxlutil: a bare identifier is not a value; the vif line after it is still read.
        (int code, string stdout, _) = Lint(["-"], stdin: "name = web\nvif = [ 'type=vif ' ]\n");

        Assert.Equal(1, code);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("-:1:8: error: ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("[VM100]", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("-:2:15: warning: type `vif ' is neither", StringComparison.Ordinal));
    }

    [Fact]
    public void Control_characters_in_a_spec_stay_on_one_line()
    {
        (_, string stdout, _) = Lint(["-"], stdin: "vif = [ 'foo\\n=x' ]\n");

        Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("foo\\n=x", stdout, StringComparison.Ordinal);
    }
}
