namespace Vifmap.Cli.Tests.Robustness;

/// <summary>The exit-code contract for arguments a new user or a script gets wrong (issue: robustness):
/// one line on stderr (plus the --help hint for usage errors), never a trace, a .NET type name or a
/// resource key, and exactly 1 or 2.</summary>
public sealed class HostileArgumentsTests
{
    private static void AssertCleanFailure(int expectedCode, (int Code, string Out, string Err) run, string expectedFirstLine)
    {
        Assert.Equal(expectedCode, run.Code);
        Assert.Equal(string.Empty, run.Out);
        string[] lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expectedFirstLine, lines[0]);
        Assert.Equal(expectedCode == 2 ? 2 : 1, lines.Length);
        Assert.DoesNotContain("System.", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("_", lines[0].Split(':')[^1], StringComparison.Ordinal); // no resource key (IO_FileTooLong2GB)
    }

    [Theory]
    [InlineData("lint", "FILE")]
    [InlineData("plan", "CONFIG")]
    public void An_empty_file_argument_is_a_usage_error(string command, string what)
        => AssertCleanFailure(2, CliRun.Run([command, ""]), $"vifmap: {what} is an empty string: name a file, or - for standard input");

    [Fact]
    public void Lint_of_an_endless_device_stops_at_the_cap()
        => AssertCleanFailure(1, CliRun.Run(["lint", "/dev/zero"]), "vifmap: /dev/zero: more than the 8 MiB vifmap reads from one input; not a file it can take");

    [Fact]
    public void A_file_over_2_GiB_is_refused_by_its_size_without_reading_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vifmap-huge-{Guid.NewGuid():N}.cfg");
        try
        {
            // Sparse: 3 GiB of length, no disk used.
            using (var file = new FileStream(path, FileMode.CreateNew))
            {
                file.SetLength(3L << 30);
            }

            AssertCleanFailure(1, CliRun.Run(["lint", path]), $"vifmap: {path}: 3 GiB, more than the 8 MiB vifmap reads from one input; not a file it can take");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Standard_input_is_capped_too()
    {
        string big = new('#', InputCapForTests + 1);
        AssertCleanFailure(1, CliRun.Run(["lint", "-"], stdin: big), "vifmap: standard input: more than the 8 MiB vifmap reads from one input; not a file it can take");
    }

    private const int InputCapForTests = 8 * 1024 * 1024;

    [Theory]
    [InlineData("lint", "-q")]
    [InlineData("plan", "-q")]
    public void A_short_option_that_does_not_exist_is_an_unknown_option_not_a_missing_file(string command, string option)
        => AssertCleanFailure(2, CliRun.Run([command, option, "x.cfg"]), $"vifmap: unknown option '{option}' (for a value that starts with '-', put -- before it)");

    [Theory]
    [InlineData("--timeout", "abc", "vifmap: --timeout: expected seconds, more than 0 and at most 86400, not 'abc'")]
    [InlineData("--timeout", "-1", "vifmap: --timeout: expected seconds, more than 0 and at most 86400, not '-1'")]
    [InlineData("--backend-domid", "x", "vifmap: --backend-domid: expected a domid (0 to 32767), not 'x'")]
    [InlineData("--backend-domid", "99999999999", "vifmap: --backend-domid: expected a domid (0 to 32767), not '99999999999'")]
    public void Bad_numbers_are_explained_without_a_dotnet_type_name(string option, string value, string expected)
        => AssertCleanFailure(2, CliRun.Run(["ls", option, value]), expected);

    [Fact]
    public void A_usage_error_names_the_command_in_its_hint()
    {
        (int code, _, string error) = CliRun.Run(["ls", "--no-such-option"]);

        Assert.Equal(2, code);
        Assert.EndsWith("\nTry 'vifmap ls --help'.\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_run_ends_silently_with_130()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        (int code, string output, string error) = await CliRun.RunAsync(
            ["ls", "--snapshot", Path.Combine(AppContext.BaseDirectory, "Ls", "TestData", "small-host.json")], cancellationToken: cancelled.Token);

        Assert.Equal((130, string.Empty, string.Empty), (code, output, error));
    }
}
