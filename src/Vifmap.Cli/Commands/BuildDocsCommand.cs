using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Vifmap.Cli.Docs;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap build-docs --output DIR` (hidden): writes the man pages and the bash, zsh and fish
/// completions from the very command tree this binary parses with, so eng/package.sh documents the
/// binary it ships. Hidden: a build step, not something an admin runs; help, man and completions
/// leave it out.</summary>
internal static class BuildDocsCommand
{
    public const string ProgramName = "vifmap";

    private static readonly Option<DirectoryInfo> s_output = new("--output", "-o")
    {
        Description = "Folder to write man1/*.1 and completions/{vifmap.bash,_vifmap,vifmap.fish} into.",
        Required = true,
    };

    private static readonly Option<string> s_date = new("--date")
    {
        Description = "The man pages' date, YYYY-MM-DD (the package passes its changelog's; default: today, UTC).",
    };

    /// <summary>The command's name; its root is always the whole tree (<see cref="Program"/>).</summary>
    public const string Name = "build-docs";

    public static Command Create()
    {
        var command = new Command(Name, "Write man pages and shell completions generated from the command tree.")
        {
            s_output,
            s_date,
        };
        command.Hidden = true;
        command.SetAction(parse => Run(parse, (RootCommand)parse.RootCommandResult.Command));
        return command;
    }

    /// <summary>The version --version prints (System.CommandLine reads the same attribute).</summary>
    public static string Version
        => typeof(BuildDocsCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static int Run(ParseResult parse, RootCommand root)
    {
        DirectoryInfo output = parse.GetValue(s_output)!;
        DateOnly date = DateOnly.FromDateTime(DateTime.UtcNow);
        string? dateText = parse.GetValue(s_date);
        if (dateText is not null && !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            throw CliException.Usage($"--date: '{Output.TerminalText.Escape(dateText)}' is not YYYY-MM-DD");
        }

        string man = Directory.CreateDirectory(Path.Combine(output.FullName, "man1")).FullName;
        foreach (ManPage.Page page in ManPage.Render(root, ProgramName, Version, date))
        {
            File.WriteAllText(Path.Combine(man, page.FileName), page.Text);
        }

        string completions = Directory.CreateDirectory(Path.Combine(output.FullName, "completions")).FullName;
        File.WriteAllText(Path.Combine(completions, ProgramName + ".bash"), Completions.Bash(root, ProgramName));
        File.WriteAllText(Path.Combine(completions, "_" + ProgramName), Completions.Zsh(root, ProgramName));
        File.WriteAllText(Path.Combine(completions, ProgramName + ".fish"), Completions.Fish(root, ProgramName));
        return ExitCodes.Success;
    }
}
