using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Vifmap.Cli.Tests.Readme;

/// <summary>Every example in README.md (a <c>$ vifmap …</c> line in a code block, the lines after it, and
/// an optional <c>$ echo $?</c>) is run through <see cref="Program.RunAsync"/> from the repository root
/// and compared, so an example can never drift from what vifmap prints. An example that ends in "…"
/// is compared up to there. <c>printf '…' | vifmap …</c> feeds the printf text as standard input.</summary>
[Collection(nameof(ReadmeExamplesTests))] // changes the current directory: run alone
[CollectionDefinition(nameof(ReadmeExamplesTests), DisableParallelization = true)]
public sealed partial class ReadmeExamplesTests
{
    private static string Root([CallerFilePath] string here = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (Example e in Parse(File.ReadAllText(Path.Combine(Root(), "README.md"))))
        {
            data.Add(e.Command, e.Line);
        }

        return data;
    }

    [Fact]
    public void The_readme_has_examples_of_every_command()
    {
        string[] commands = [.. Parse(File.ReadAllText(Path.Combine(Root(), "README.md"))).Select(e => e.Command.Split(' ')[1]).Distinct()];
        Assert.Superset(new HashSet<string> { "lint", "plan", "explain", "ls", "check" }, commands.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_prints_what_the_readme_says(string command, int line)
    {
        Example example = Parse(File.ReadAllText(Path.Combine(Root(), "README.md"))).Single(e => e.Line == line);
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Root();
        try
        {
            (int code, string output, string error) = await CliRun.RunAsync(example.Arguments, example.Stdin);
            string actual = (output + error).ReplaceLineEndings("\n");
            if (example.Truncated)
            {
                Assert.StartsWith(example.Expected, actual, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(example.Expected, actual);
            }

            if (example.ExitCode is int expectedCode)
            {
                Assert.True(expectedCode == code, $"README line {line}: `{command}` exits {code}, the README says {expectedCode}");
            }
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    private sealed record Example(int Line, string Command, string[] Arguments, string Stdin, string Expected, bool Truncated, int? ExitCode);

    private static List<Example> Parse(string readme)
    {
        var examples = new List<Example>();
        string[] lines = readme.ReplaceLineEndings("\n").Split('\n');
        bool inBlock = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (!inBlock || !lines[i].StartsWith("$ ", StringComparison.Ordinal) || !lines[i].Contains("vifmap ", StringComparison.Ordinal))
            {
                continue;
            }

            string command = lines[i][2..];
            string stdin = string.Empty;
            Match pipe = PrintfPipe().Match(command);
            if (pipe.Success)
            {
                stdin = Regex.Unescape(pipe.Groups["text"].Value);
                command = pipe.Groups["rest"].Value;
            }

            var expected = new StringBuilder();
            int j = i + 1;
            while (j < lines.Length && !lines[j].StartsWith("$ ", StringComparison.Ordinal) && !lines[j].StartsWith("```", StringComparison.Ordinal))
            {
                expected.Append(lines[j]).Append('\n');
                j++;
            }

            int? exit = null;
            if (j + 1 < lines.Length && lines[j] == "$ echo $?")
            {
                exit = int.Parse(lines[j + 1], System.Globalization.CultureInfo.InvariantCulture);
            }

            string text = expected.ToString();
            bool truncated = text.EndsWith("…\n", StringComparison.Ordinal);
            if (truncated)
            {
                text = text[..^2];
            }

            examples.Add(new Example(i + 1, command, [.. SplitWords(command).Skip(1)], stdin, text, truncated, exit));
        }

        return examples;
    }

    /// <summary>Splits like a shell for the README's simple commands: spaces, single and double quotes.</summary>
    private static IEnumerable<string> SplitWords(string command)
    {
        var word = new StringBuilder();
        char quote = '\0';
        bool any = false;
        foreach (char c in command)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                any = true;
            }
            else if (c == ' ')
            {
                if (any || word.Length > 0)
                {
                    yield return word.ToString();
                }

                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
            }
        }

        if (any || word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    [GeneratedRegex(@"^printf '(?<text>[^']*)' \| (?<rest>vifmap .*)$")]
    private static partial Regex PrintfPipe();
}
