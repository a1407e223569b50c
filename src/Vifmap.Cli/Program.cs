using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using Vifmap.Cli.Commands;
using Vifmap.Cli.Input;
using Vifmap.Cli.Output;
using Vifmap.XenStore;

namespace Vifmap.Cli;

/// <summary>The entry point and the one exit-code policy (<see cref="ExitCodes"/>): the only place where
/// failures become messages and exit codes. Expected failures are one line on stderr, never a trace.</summary>
internal static class Program
{
    /// <summary>How long a command that does not watch its token (a parse in progress) gets after a
    /// signal before the process exits anyway.</summary>
    private static readonly TimeSpan s_signalGrace = TimeSpan.FromSeconds(2);

    public static async Task<int> Main(string[] args)
    {
        // First, while no other thread runs managed code. Native AOT (.NET 10) can hang two threads, spinning
        // on both CPUs, when one runs AppContext's class constructor while the other, finishing a class
        // constructor of its own, contends for the runtime's constructor lock for the first time: that lock
        // reads its spin count from AppContext and waits for the first thread, which waits for it (gdb, one
        // one-file lint in about 3,000). Running AppContext's constructor here leaves that lock nothing to wait for.
        _ = AppContext.GetData("System.Threading.Lock.SpinCount");

        // The build without Kestrel hands serve over before it takes the signals: a SIGTERM in between keeps
        // its default action instead of being caught here and lost in the exec.
        if (ServeCommand.HandOver(args) is string failure)
        {
            await Console.Error.WriteLineAsync($"vifmap: {failure}").ConfigureAwait(false);
            return ExitCodes.Problem;
        }

        // The raw streams, not Console.Out: Console on a terminal writes terminfo set-up sequences
        // (ESC[?1h ESC=) and flushes every line; a buffered writer is flushed once at the end. 16 Ki
        // characters keeps its two buffers off the large-object heap, which a one-file lint would
        // otherwise commit and clear at start-up.
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 16 * 1024) { AutoFlush = false };
        var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false), 4 * 1024) { AutoFlush = true };
        using var stop = new CancellationTokenSource();
        int signalled = 0;
        void OnSignal(PosixSignalContext context, int code)
        {
            context.Cancel = true;
            if (Interlocked.CompareExchange(ref signalled, code, 0) == 0)
            {
                stop.Cancel();
            }
        }

        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, ExitCodes.Interrupted));
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, ExitCodes.Terminated));

        // On a thread of its own, not here: a command can block before its first await (lint opening a
        // FIFO that no one writes), and this thread must stay free to end the process after the grace.
        // Not on the thread pool either: lint waits there for its workers, and would take one of them.
        var started = new TaskCompletionSource<Task<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = new Thread(() => started.SetResult(RunAsync(args, Console.OpenStandardInput, stdout, stderr, stop.Token)))
        {
            IsBackground = true,
            Name = "vifmap command",
        };
        command.Start();
        Task<int> run = started.Task.Unwrap();
        var stopped = new TaskCompletionSource();
        using (stop.Token.Register(() => stopped.TrySetResult()))
        {
            await Task.WhenAny(run, stopped.Task).ConfigureAwait(false);
        }

        if (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(s_signalGrace, CancellationToken.None)).ConfigureAwait(false);
        }

        int exit = Volatile.Read(ref signalled) is int signal and not 0 ? signal : await run.ConfigureAwait(false);
        try
        {
            // Synchronously: an asynchronous flush of a file stream runs on the thread pool, and starting
            // the pool's threads cost a one-file lint about a millisecond.
            stdout.Flush();
        }
        catch (IOException)
        {
            // The reader went away (vifmap ls | head): nothing left to tell it.
        }

        return exit;
    }

    private const string RootDescription = "Vifmap: which Xen guest and NIC owns each dom0 network interface.";

    /// <summary>Every command by name, in the order <c>--help</c>, the man page and the completions show them.</summary>
    private static readonly (string Name, Func<CliConsole, Command> Create)[] s_commands =
    [
        ("lint", LintCommand.Create),
        ("plan", PlanCommand.Create),
        ("explain", ExplainCommand.Create),
        ("ls", LsCommand.Create),
        ("snapshot", SnapshotCommand.Create),
        ("check", CheckCommand.Create),
        ("metrics", MetricsCommand.Create),
        ("serve", ServeCommand.Create),
        ("watch", WatchCommand.Create),
        (BuildDocsCommand.Name, _ => BuildDocsCommand.Create()),
    ];

    /// <summary>Every command, as <c>--help</c>, the man page and the completions show them.</summary>
    public static RootCommand CreateRootCommand() => CreateRootCommand(new CliConsole(Console.OpenStandardInput, TextWriter.Null, TextWriter.Null));

    public static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand(RootDescription);
        foreach ((_, Func<CliConsole, Command> create) in s_commands)
        {
            root.Subcommands.Add(create(console));
        }

        return root;
    }

    /// <summary>The root with only the command <paramref name="args"/> name when the first argument is one
    /// (what a command's parse and help can see is the same); otherwise every command, and always for
    /// build-docs, which renders the whole tree. Building all ten commands, their options and
    /// descriptions was a fifth of a one-file lint (issue 15: start-up).</summary>
    internal static RootCommand CreateRootCommand(CliConsole console, IReadOnlyList<string> args)
    {
        string? first = args.Count > 0 ? args[0] : null;
        foreach ((string name, Func<CliConsole, Command> create) in s_commands)
        {
            if (name == first && name != BuildDocsCommand.Name)
            {
                return new RootCommand(RootDescription) { create(console) };
            }
        }

        return CreateRootCommand(console);
    }

    /// <summary>Parses <paramref name="args"/>, runs the command, and turns every failure into one line on
    /// <paramref name="stderr"/> and an exit code. Cancellation through <paramref name="cancellationToken"/>
    /// (a signal) ends silently with <see cref="ExitCodes.Interrupted"/>.</summary>
    public static async Task<int> RunAsync(string[] args, Func<Stream> stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var console = new CliConsole(stdin, stdout, stderr);
        RootCommand root = CreateRootCommand(console, args);
        ParseResult parse = root.Parse(args);
        string command = parse.CommandResult.Command == root ? "vifmap" : "vifmap " + parse.CommandResult.Command.Name;
        if (parse.Errors.Count > 0 && parse.CommandResult.Command.Name == "check")
        {
            // A monitoring plugin answers every usage error with UNKNOWN (3): 2 would page as CRITICAL.
            CheckCommand.WriteUnknown(stdout, TerminalText.Escape(parse.Errors[0].Message));
            return CheckCommand.Unknown;
        }

        if (parse.Errors.Count > 0)
        {
            // An option-like value taken as an argument is the likelier cause of the first error
            // ("-q x.cfg": -q became the file, x.cfg is the unmatched token); else System.CommandLine's first.
            string message = OptionLikeArguments.Find(parse, shortOptionsToo: true) is string unknown
                ? OptionLikeArguments.Message(unknown, shortOptionsToo: true)
                : TerminalText.Escape(parse.Errors[0].Message);
            await stderr.WriteLineAsync($"vifmap: {message}").ConfigureAwait(false);
            await stderr.WriteLineAsync($"Try '{command} --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
                Output = stdout,
                Error = stderr,
            };
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (Describe(e) is string message)
        {
            await stderr.WriteLineAsync($"vifmap: {message}").ConfigureAwait(false);
            if (e is CliException { IsUsage: true })
            {
                await stderr.WriteLineAsync($"Try '{command} --help'.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return (e as CliException)?.ExitCode ?? ExitCodes.Problem;
        }
    }

    /// <summary>The one line for an expected failure, or null for a bug (which then surfaces as one).</summary>
    internal static string? Describe(Exception e) => e switch
    {
        CliException cli => cli.Message,
        // No endpoint could be opened (a lost connection is unavailable too, but with nothing tried).
        XenStoreUnavailableException { Attempts.Count: > 0 } unavailable => HostSourceOptions.NoXenStoreMessage(unavailable),
        XenStoreErrorException { ErrorName: "EACCES" } denied =>
            $"xenstore refused to read {TerminalText.Escape(denied.Path ?? "a node")} (EACCES): run as root, or in the backend domain; or {HostSourceOptions.DemoHint}",
        XenStoreTimeoutException timeout => $"xenstore did not answer in time: {TerminalText.Escape(timeout.Message)}",
        XenStoreException other => $"xenstore failed: {TerminalText.Escape(other.Message)}",
        IOException io => $"cannot write the output: {InputFiles.Reason(io, string.Empty)}",
        OutOfMemoryException => "out of memory: the input is larger than this machine can map",
        _ => null,
    };
}
