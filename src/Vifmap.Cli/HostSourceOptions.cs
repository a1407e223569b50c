using System.CommandLine;
using System.Globalization;
using Vifmap.Cli.Input;
using Vifmap.Cli.Output;
using Vifmap.Diagnostics;
using Vifmap.Host;
using Vifmap.Host.Netlink;
using Vifmap.XenStore;

namespace Vifmap.Cli;

/// <summary>Where a host command reads the host from — the live daemon and <c>/sys/class/net</c>, a
/// <c>xenstore-ls -f</c> dump with <c>ip -j -s -d link show</c>, or a snapshot — and how long it may take.
/// One set of options and checks for every command that reads a host (ls, snapshot, and those to come).</summary>
internal static class HostSourceOptions
{
    public const string DemoHint = "try the demo: vifmap ls --demo";

    /// <summary>A 1,000-guest host reads in about a second; a daemon that has not answered in half a
    /// minute is stuck.</summary>
    public const int DefaultTimeoutSeconds = 30;

    private static readonly Option<int> s_backendDomid = NumberOptions.Domid(
        "--backend-domid", "Map the backends of this domain (a driver domain); default 0 (dom0).", 0);

    private static readonly Option<string> s_sysfsRoot = new("--sysfs-root")
    {
        Description = "Read interfaces from this folder instead of /sys/class/net.",
        DefaultValueFactory = _ => SysfsLinkSource.DefaultRoot,
    };

    private static readonly Option<string> s_dump = new("--xenstore-dump")
    {
        Description = "Read xenstore from this file (the output of 'xenstore-ls -f') instead of the live daemon; needs --links.",
    };

    private static readonly Option<string> s_links = new("--links")
    {
        Description = "Read interfaces from this file (the output of 'ip -j -s -d link show'); with --xenstore-dump.",
    };

    private static readonly Option<string> s_snapshot = new("--snapshot")
    {
        Description = "Map a snapshot written by 'vifmap snapshot -o FILE'.",
    };

    private static readonly Option<bool> s_demo = new("--demo")
    {
        Description = "Map the demo host built into vifmap (a snapshot of the project's real-Xen lab).",
    };

    private static readonly Option<string> s_hypervisorRoot = new("--hypervisor-root")
    {
        Description = "Read the Xen release from this folder instead of /sys/hypervisor (tests).",
        DefaultValueFactory = _ => HypervisorVersion.DefaultRoot,
        Hidden = true,
    };

    private static readonly Option<double> s_timeout = NumberOptions.Seconds(
        "--timeout", "Give up after this many seconds (the whole command; default 30).", DefaultTimeoutSeconds);

    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(s_backendDomid);
        command.Options.Add(s_sysfsRoot);
        command.Options.Add(s_dump);
        command.Options.Add(s_links);
        command.Options.Add(s_snapshot);
        command.Options.Add(s_demo);
        command.Options.Add(s_hypervisorRoot);
        command.Options.Add(s_timeout);
    }

    /// <summary>Opens the host the options name, runs <paramref name="body"/> on it within <c>--timeout</c>,
    /// and closes it. A deadline that passes becomes one clear line, not a cancellation.</summary>
    public static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken, Func<HostSource, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        TimeSpan timeout = TimeSpan.FromSeconds(parse.GetValue(s_timeout));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using HostSource source = await OpenAsync(parse, console, timeout, deadline.Token).ConfigureAwait(false);
            return await body(source, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"gave up after {timeout.TotalSeconds:0.###} s (--timeout): the host was not read in time; is xenstored stuck?"));
        }
    }

    /// <summary>The live host the options name, for a long-running command that keeps its own view
    /// (serve); null when they name a dump, a snapshot or the demo.</summary>
    public static LiveHostOptions? Live(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(s_demo) || parse.GetValue(s_snapshot) is not null || parse.GetValue(s_dump) is not null || parse.GetValue(s_links) is not null)
        {
            return null;
        }

        string sysfsRoot = parse.GetValue(s_sysfsRoot) ?? SysfsLinkSource.DefaultRoot;
        if (!Directory.Exists(sysfsRoot))
        {
            throw new CliException($"--sysfs-root {TerminalText.Escape(sysfsRoot)}: no such directory");
        }

        return new LiveHostOptions(
            parse.GetValue(s_backendDomid),
            sysfsRoot,
            HypervisorVersion.Read(parse.GetValue(s_hypervisorRoot) ?? HypervisorVersion.DefaultRoot),
            TimeSpan.FromSeconds(parse.GetValue(s_timeout)));
    }

    private static async Task<HostSource> OpenAsync(ParseResult parse, CliConsole console, TimeSpan timeout, CancellationToken ct)
    {
        string? snapshot = parse.GetValue(s_snapshot);
        string? dump = parse.GetValue(s_dump);
        string? links = parse.GetValue(s_links);
        int backendDomid = parse.GetValue(s_backendDomid);
        if (parse.GetValue(s_demo))
        {
            if (snapshot is not null || dump is not null || links is not null)
            {
                throw CliException.Usage("--demo is a host of its own: drop --snapshot/--xenstore-dump/--links");
            }

            return OpenDemo();
        }

        if (snapshot is not null)
        {
            if (dump is not null || links is not null)
            {
                throw CliException.Usage("--snapshot already holds xenstore and the interfaces: drop --xenstore-dump/--links");
            }

            byte[] bytes = await ReadAsync(snapshot, console, "--snapshot", ct).ConfigureAwait(false);
            string name = Path.GetFileName(snapshot);
            (HostSnapshot? parsed, IReadOnlyList<Diagnostic> diagnostics) = HostSnapshot.Parse(bytes, name);
            if (parsed is null)
            {
                throw new CliException($"{TerminalText.Escape(name)}: {TerminalText.EscapeControls(diagnostics[0].Message)}");
            }

            // The snapshot holds the interfaces of the domain it was taken in: another view cannot be made from it.
            if (parse.GetResult(s_backendDomid) is { Implicit: false } && backendDomid != parsed.BackendDomid)
            {
                throw CliException.Usage(string.Create(CultureInfo.InvariantCulture,
                    $"{TerminalText.Escape(name)} was taken in backend domain {parsed.BackendDomid}: --backend-domid {backendDomid} cannot apply (take the snapshot in that domain)"));
            }

            return HostSource.FromSnapshot(parsed, diagnostics);
        }

        if (dump is not null || links is not null)
        {
            if (dump is null || links is null)
            {
                throw CliException.Usage("--xenstore-dump and --links go together (xenstore-ls -f, and ip -j -s -d link show)");
            }

            return await OpenDumpAsync(dump, links, backendDomid, console, ct).ConfigureAwait(false);
        }

        return await OpenLiveAsync(
            backendDomid, parse.GetValue(s_sysfsRoot) ?? SysfsLinkSource.DefaultRoot, parse.GetValue(s_hypervisorRoot) ?? HypervisorVersion.DefaultRoot, timeout, ct).ConfigureAwait(false);
    }

    private static HostSource OpenDemo()
    {
        using Stream resource = typeof(HostSourceOptions).Assembly.GetManifestResourceStream("demo-host.json")
            ?? throw new InvalidOperationException("the demo host is not built into this binary");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        (HostSnapshot? demo, IReadOnlyList<Diagnostic> diagnostics) = HostSnapshot.Parse(copy.ToArray(), "demo");
        return HostSource.FromSnapshot(demo ?? throw new InvalidOperationException("the built-in demo host does not parse"), diagnostics);
    }

    private static async Task<HostSource> OpenDumpAsync(string dumpFile, string linksFile, int backendDomid, CliConsole console, CancellationToken ct)
    {
        string dumpName = Path.GetFileName(dumpFile);
        string linksName = Path.GetFileName(linksFile);
        Task<IpLinkParseResult> ParseLinks() => ParseAsync(linksFile, console, "--links", stream => IpLinkJson.Parse(stream, linksName), ct);

        // Two files, two cores: a big host's links parse while its dump does (one stdin is read in turn).
        Task<IpLinkParseResult>? links = dumpFile == "-" || linksFile == "-" ? null : ParseLinks();
        XenStoreDump dump = await ParseAsync(dumpFile, console, "--xenstore-dump", stream => XenStoreDump.Parse(stream, dumpName), ct).ConfigureAwait(false);
        if (dump.Tree.Count == 0)
        {
            // Even a host without guests has /local/domain/0: an empty map here would be a false "no guests".
            throw new CliException($"{TerminalText.Escape(dumpName)}: no node in it: not the output of 'xenstore-ls -f' (empty, or written without -f?)");
        }

        IpLinkParseResult parsed = await (links ?? ParseLinks()).ConfigureAwait(false);
        if (parsed.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error) is Diagnostic fatal)
        {
            throw new CliException($"{TerminalText.Escape(linksName)}: {TerminalText.EscapeControls(fatal.Message)}");
        }

        return HostSource.FromDump(dump, parsed, backendDomid);
    }

    private static async Task<HostSource> OpenLiveAsync(int backendDomid, string sysfsRoot, string hypervisorRoot, TimeSpan timeout, CancellationToken ct)
    {
        // A mistyped root would read as "no interface at all": every NIC missing, every backend an orphan.
        if (!Directory.Exists(sysfsRoot))
        {
            throw new CliException($"--sysfs-root {TerminalText.Escape(sysfsRoot)}: no such directory");
        }

        // One-shot commands: the reader's continuations only send more requests (CompleteRepliesInline).
        XenStoreConnection connection = await XenStoreConnection.OpenAsync(
            new XenStoreConnectionOptions { Timeout = timeout, CompleteRepliesInline = true }, ct).ConfigureAwait(false);
        // The kernel's own view by netlink, unless told to read another sysfs tree (tests, a chroot).
        INetLinkSource links = sysfsRoot == SysfsLinkSource.DefaultRoot ? new KernelLinkSource() : new SysfsLinkSource(sysfsRoot);
        return HostSource.Live(connection, links, backendDomid, HypervisorVersion.Read(hypervisorRoot));
    }

    /// <summary>Host inputs are read on the thread pool: a big dump should not hold up a signal.</summary>
    private static Task<byte[]> ReadAsync(string file, CliConsole console, string option, CancellationToken ct)
        => Task.Run(() => InputFiles.Read(file, InputFiles.HostInputLimit, console.OpenStandardInput, option), ct);

    /// <summary>A dump or links file parsed as it is read (on the thread pool, like <see cref="ReadAsync"/>):
    /// only the parser's buffer of it is in memory at a time.</summary>
    private static Task<T> ParseAsync<T>(string file, CliConsole console, string option, Func<Stream, T> parse, CancellationToken ct)
        => Task.Run(
            () =>
            {
                using Stream stream = InputFiles.Open(file, InputFiles.HostInputLimit, console.OpenStandardInput, option);
                return parse(stream);
            },
            ct);

    /// <summary>One line: why there is no xenstore, and what to do (be root, or try the demo).</summary>
    public static string NoXenStoreMessage(XenStoreUnavailableException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        bool denied = e.Attempts.Any(a => a.Contains("permission denied", StringComparison.Ordinal));
        string tried = string.Join("; ", e.Attempts);
        return denied
            ? $"cannot read xenstore ({tried}): run as root; or {DemoHint}"
            : $"no xenstore here ({tried}): not a Xen dom0 or driver domain; {DemoHint}";
    }
}

/// <summary>The live host as the host source options name it.</summary>
internal sealed record LiveHostOptions(int BackendDomid, string SysfsRoot, (Naming.XenVersion Version, string From)? Xen, TimeSpan Timeout);
