using System.Text;

namespace Vifmap.Cli.Tests;

/// <summary>Runs vifmap in process through <see cref="Program.RunAsync"/>, the same entry point as the
/// binary (parsing, the exit-code policy, the exception-to-message mapping), with in-memory streams.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(string[] args, string stdin = "", CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await Program.RunAsync(args, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)), output, error, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    public static (int Code, string Out, string Err) Run(string[] args, string stdin = "")
        => RunAsync(args, stdin).GetAwaiter().GetResult();

    /// <summary>For tests written against one text: stdout, or on a problem the message of stderr's first
    /// line without its "vifmap: " prefix.</summary>
    public static (int Code, string Text) RunText(params string[] args)
    {
        (int code, string output, string error) = Run(args);
        if (error.Length == 0)
        {
            return (code, output);
        }

        string first = error.Split('\n')[0];
        return (code, first.StartsWith("vifmap: ", StringComparison.Ordinal) ? first["vifmap: ".Length..] : first);
    }

    /// <summary><paramref name="config"/> with a name and a kernel appended after its last line where it sets none: xl
    /// exits without them (VM136, VM137), and most tests look at other findings. Line numbers stay as written.</summary>
    public static string Bootable(string config)
        => config + (Sets(config, "name") ? "" : "name = \"t\"\n") + (Sets(config, "kernel") ? "" : "kernel = \"/boot/vmlinuz\"\n");

    private static bool Sets(string config, string key)
        => System.Text.RegularExpressions.Regex.IsMatch(config, $@"(^|[\n;])[ \t]*{key}[ \t]*\+?=");
}
