using System.CommandLine;
using System.Runtime.InteropServices;
using Vifmap.Cli.Output;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap serve` in the build without Kestrel (VifmapServeApart: the Debian package's /usr/bin/vifmap).
/// It execs the whole program, installed as vifmap-serve, with the same arguments: exec, not a child, so
/// the process keeps its PID and systemd's unit (Type=exec) and a signal reach the server itself.</summary>
internal static partial class ServeCommand
{
    /// <summary>The whole program's file name.</summary>
    internal const string ServeBinaryName = "vifmap-serve";

    /// <summary>Where the whole program may be, first found wins: beside this binary (a publish folder),
    /// then ../libexec/vifmap/ from it (git's layout for its helpers: /usr/bin/vifmap finds
    /// /usr/libexec/vifmap/vifmap-serve, where eng/package.sh installs it).</summary>
    internal static string[] ServeBinaryCandidates(string self)
    {
        string folder = Path.GetDirectoryName(self) ?? "/";
        return
        [
            Path.Combine(folder, ServeBinaryName),
            Path.GetFullPath(Path.Combine(folder, "..", "libexec", "vifmap", ServeBinaryName)),
        ];
    }

    /// <summary>Called by Program first, before it takes SIGINT and SIGTERM: for `vifmap serve …` (its
    /// --help and usage errors too, which the whole program answers alike) execs vifmap-serve and
    /// returns only if that fails, with why; for any other command returns null.</summary>
    internal static string? HandOver(string[] args) => args.Length > 0 && args[0] == "serve" ? Exec() : null;

    /// <summary>Reached only when serve is not the first argument (a response file, @FILE, that names it):
    /// the exec then happens after Program has taken the signals, which the exec resets.</summary>
    private static Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        _ = parse;
        ct.ThrowIfCancellationRequested();
        console.Out.Flush();
        console.Error.Flush();
        throw new CliException(Exec());
    }

    /// <summary>execv of vifmap-serve with this process's own argv: argv[0] stays what it was (`ps`,
    /// `pgrep -f 'vifmap serve'` and the help's program name see no change), the rest verbatim, so the
    /// whole program reads them, and any @FILE, itself. Returns why it failed.</summary>
    private static string Exec()
    {
        string self = Environment.ProcessPath ?? "/usr/bin/vifmap";
        string[] candidates = ServeBinaryCandidates(self);
        if (Array.Find(candidates, File.Exists) is not string target)
        {
            return $"serve: this vifmap leaves the HTTP server to {ServeBinaryName}, which is not installed ({TerminalText.Escape(string.Join(" or ", candidates))}): reinstall the vifmap package";
        }

        string[] arguments = Environment.GetCommandLineArgs();
        string?[] argv = new string?[arguments.Length + 1];
        Array.Copy(arguments, argv, arguments.Length);
        Execv(target, argv);
        return $"serve: cannot run {TerminalText.Escape(target)}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, string?[] argv);
}
