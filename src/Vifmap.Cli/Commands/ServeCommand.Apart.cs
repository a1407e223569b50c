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

    private static Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        // A signal that came during start-up ends here, not in the server.
        ct.ThrowIfCancellationRequested();
        string self = Environment.ProcessPath ?? "/usr/bin/vifmap";
        string[] candidates = ServeBinaryCandidates(self);
        string? target = Array.Find(candidates, File.Exists);
        if (target is null)
        {
            throw new CliException(
                $"serve: this vifmap leaves the HTTP server to {ServeBinaryName}, which is not installed ({TerminalText.Escape(string.Join(" or ", candidates))}): reinstall the vifmap package");
        }

        // The original arguments, not the parse's tokens: the whole program reads them (and any @file) itself.
        // The parse has already refused bad usage and answered --help here.
        _ = parse;
        string[] arguments = Environment.GetCommandLineArgs();
        string?[] argv = new string?[arguments.Length + 1];
        argv[0] = target;
        Array.Copy(arguments, 1, argv, 1, arguments.Length - 1);
        console.Out.Flush();
        console.Error.Flush();
        Execv(target, argv);

        // Only on failure does execv return.
        int errno = Marshal.GetLastPInvokeError();
        throw new CliException($"serve: cannot run {TerminalText.Escape(target)}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, string?[] argv);
}
