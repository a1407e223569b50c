using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vifmap.Cli.Output;
using Vifmap.Diagnostics;
using Vifmap.Host;
using Vifmap.Naming;
using Vifmap.XenStore;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap ls`: which guest and NIC owns each interface of this backend domain, and which
/// path (PV or emulated) carries its traffic. Sources: the live host, a <c>xenstore-ls -f</c> dump
/// with <c>ip -j -s -d link show</c>, or a snapshot.</summary>
internal static class LsCommand
{
    public const string DemoHint = "try the demo: vifmap ls --snapshot samples/host/lab-host.json";

    private static readonly Option<bool> s_json = new("--json") { Description = "Print the map as JSON (for scripts)." };
    private static readonly Option<bool> s_wide = new("--wide", "-w") { Description = "Add the evidence behind each active path." };
    private static readonly Option<string[]> s_domain = new("--domain", "-d")
    {
        Description = "Only this guest (name or domid); repeat for more.",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Command Create()
    {
        var command = new Command("ls", "Map this host's guest network interfaces: domain, NIC, PV and emulated interface, active path.")
        {
            s_json,
            s_wide,
            s_domain,
        };
        Sources.AddTo(command);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
            await RunAsync(parse, Console.Out, Console.Error, ct).ConfigureAwait(false));
        return command;
    }

    internal static async Task<int> RunAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken ct)
    {
        string[] domains = parse.GetValue(s_domain) ?? [];
        await using HostSource source = await Sources.OpenAsync(parse, ct).ConfigureAwait(false);
        HostMap map;
        try
        {
            map = await source.BuildMapAsync(domains, ct).ConfigureAwait(false);
        }
        catch (XenStoreException e)
        {
            // The daemon went away or broke the protocol mid-map: one line, no partial output.
            throw new CliException($"xenstore failed while mapping: {TableWriter.Escape(e.Message)}");
        }

        foreach (string wanted in domains)
        {
            bool found = map.Domains.Any(d => string.Equals(d.Name, wanted, StringComparison.Ordinal)
                || string.Equals(d.Domid.ToString(CultureInfo.InvariantCulture), wanted, StringComparison.Ordinal));
            if (!found)
            {
                throw new CliException($"no guest named or numbered '{TableWriter.Escape(wanted)}'");
            }
        }

        // Findings about the input files (a truncated dump value: VM491) travel with the map's own.
        map = map with { Diagnostics = [.. source.Diagnostics, .. map.Diagnostics] };
        foreach (Diagnostic d in map.Diagnostics)
        {
            await error.WriteLineAsync(FormatDiagnostic(d)).ConfigureAwait(false);
        }

        if (parse.GetValue(s_json))
        {
            WriteJson(output, map);
        }
        else
        {
            WriteTable(output, map, parse.GetValue(s_wide));
        }

        return ExitCodes.Success;
    }

    internal static string FormatDiagnostic(Diagnostic d)
        => $"vifmap: {(d.Severity == Severity.Error ? "error" : "warning")} {d.Code}: {TableWriter.EscapeControls(d.Message)}";

    private static void WriteJson(TextWriter output, HostMap map)
    {
        using var stream = new TextWriterStream(output);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,

            // Keeps non-ASCII names readable; control characters, quotes and backslashes are still escaped.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            HostMapJson.Write(writer, map);
        }

        output.WriteLine();
    }

    private static void WriteTable(TextWriter output, HostMap map, bool wide)
    {
        List<TableColumn> columns =
        [
            new("DOMAIN"), new("DOMID", AlignRight: true), new("DEVID", AlignRight: true), new("MAC", MaxWidth: 17),
            new("BRIDGE", MaxWidth: 16), new("PV"), new("EMULATED"), new("ACTIVE"),
            new("RX", AlignRight: true), new("TX", AlignRight: true),
        ];
        if (wide)
        {
            columns.Add(new TableColumn("WHY", MaxWidth: 200));
        }

        var table = new TableWriter([.. columns]);
        foreach (GuestDomain domain in map.Domains)
        {
            if (domain.Nics.Count == 0)
            {
                AddRow(table, wide, domain.Name, Id(domain.Domid), "-", "-", "-", "-", "-", "-", "-", "-", "no NICs");
            }

            foreach (GuestNic nic in domain.Nics)
            {
                NicInterface? pv = nic.Interfaces.FirstOrDefault(i => i.Role == InterfaceRole.Pv);
                NicInterface? emulated = nic.Interfaces.FirstOrDefault(i => i.Role != InterfaceRole.Pv);
                NicInterface? carrying = nic.Active switch
                {
                    ActivePath.Pv => pv,
                    ActivePath.Emulated => emulated,
                    _ => null,
                };
                AddRow(
                    table,
                    wide,
                    domain.Name,
                    Id(domain.Domid),
                    Id(nic.Devid),
                    nic.Mac,
                    nic.Bridge,
                    nic.ServedHere ? Describe(pv) : $"(in domain {Id(nic.BackendDomid)})",
                    Describe(emulated),
                    HostMapJson.ActiveName(nic.Active),
                    Bytes(carrying?.Link?.RxBytes),
                    Bytes(carrying?.Link?.TxBytes),
                    nic.ActiveReason);
            }
        }

        table.Write(output);
        if (map.Orphans.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Orphans:");
            var orphans = new TableWriter(new TableColumn("  NAME", MaxWidth: 40), new TableColumn("REASON", MaxWidth: 200));
            foreach (OrphanEntry orphan in map.Orphans)
            {
                orphans.AddRow("  " + orphan.Name, orphan.Reason);
            }

            orphans.Write(output);
        }
    }

    private static void AddRow(TableWriter table, bool wide, params string?[] cells)
        => table.AddRow(wide ? cells : cells[..^1]);

    private static string Describe(NicInterface? i) => i switch
    {
        null => "-",
        { Present: false, Role: InterfaceRole.Emulated } => i.Name + " (gone)",
        { Present: false } => i.Name + " (missing)",
        { Role: InterfaceRole.Stubdom } => i.Name + " (stubdom)",
        _ => i.Name,
    };

    /// <summary>Byte counts the way <c>ip -h -s</c> shows them (powers of 1000), so a glance is enough.</summary>
    internal static string Bytes(long? value)
    {
        if (value is not long v)
        {
            return "-";
        }

        if (v < 1000)
        {
            return v.ToString(CultureInfo.InvariantCulture);
        }

        string[] units = ["K", "M", "G", "T", "P", "E"];
        double scaled = v;
        int unit = -1;
        while (scaled >= 1000 && unit < units.Length - 1)
        {
            scaled /= 1000;
            unit++;
        }

        return scaled.ToString(scaled < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + units[unit];
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Where the map comes from; shared with `vifmap snapshot`.</summary>
    internal static class Sources
    {
        private static readonly Option<int> s_backendDomid = new("--backend-domid")
        {
            Description = "Map the backends of this domain (a driver domain); default 0 (dom0).",
            DefaultValueFactory = _ => 0,
        };

        private static readonly Option<string> s_sysfsRoot = new("--sysfs-root")
        {
            Description = "Read interfaces from this folder instead of /sys/class/net.",
            DefaultValueFactory = _ => SysfsLinkSource.DefaultRoot,
        };

        private static readonly Option<FileInfo> s_dump = new("--xenstore-dump")
        {
            Description = "Read xenstore from this file (the output of 'xenstore-ls -f') instead of the live daemon; needs --links.",
        };

        private static readonly Option<FileInfo> s_links = new("--links")
        {
            Description = "Read interfaces from this file (the output of 'ip -j -s -d link show'); with --xenstore-dump.",
        };

        private static readonly Option<FileInfo> s_snapshot = new("--snapshot")
        {
            Description = "Map a snapshot written by 'vifmap snapshot -o FILE'.",
        };

        public static void AddTo(Command command)
        {
            command.Options.Add(s_backendDomid);
            command.Options.Add(s_sysfsRoot);
            command.Options.Add(s_dump);
            command.Options.Add(s_links);
            command.Options.Add(s_snapshot);
        }

        public static async Task<HostSource> OpenAsync(ParseResult parse, CancellationToken ct)
        {
            FileInfo? snapshot = parse.GetValue(s_snapshot);
            FileInfo? dump = parse.GetValue(s_dump);
            FileInfo? links = parse.GetValue(s_links);
            int backendDomid = parse.GetValue(s_backendDomid);
            if (backendDomid < 0)
            {
                throw new CliException("--backend-domid must be a domid (0 or more)");
            }

            if (snapshot is not null)
            {
                if (dump is not null || links is not null)
                {
                    throw new CliException("--snapshot already holds xenstore and the interfaces: drop --xenstore-dump/--links");
                }

                byte[] bytes = await ReadFileAsync(snapshot, ct).ConfigureAwait(false);
                (HostSnapshot? parsed, IReadOnlyList<Diagnostic> diagnostics) = HostSnapshot.Parse(bytes, snapshot.Name);
                if (parsed is null)
                {
                    throw new CliException($"{snapshot.Name}: {TableWriter.Escape(diagnostics[0].Message)}");
                }

                // The snapshot holds the interfaces of the domain it was taken in: another view cannot be made from it.
                if (parse.GetResult(s_backendDomid) is { Implicit: false } && backendDomid != parsed.BackendDomid)
                {
                    throw new CliException(string.Create(CultureInfo.InvariantCulture,
                        $"{snapshot.Name} was taken in backend domain {parsed.BackendDomid}: --backend-domid {backendDomid} cannot apply (take the snapshot in that domain)"));
                }

                return HostSource.FromSnapshot(parsed, diagnostics);
            }

            if (dump is not null || links is not null)
            {
                if (dump is null || links is null)
                {
                    throw new CliException("--xenstore-dump and --links go together (xenstore-ls -f, and ip -j -s -d link show)");
                }

                return await OpenDumpAsync(dump, links, backendDomid, ct).ConfigureAwait(false);
            }

            return await OpenLiveAsync(backendDomid, parse.GetValue(s_sysfsRoot) ?? SysfsLinkSource.DefaultRoot, ct).ConfigureAwait(false);
        }

        private static async Task<HostSource> OpenDumpAsync(FileInfo dump, FileInfo links, int backendDomid, CancellationToken ct)
        {
            XenStoreDumpReader xenStore = XenStoreDumpReader.Parse(await ReadFileAsync(dump, ct).ConfigureAwait(false), dump.Name);
            if (xenStore.Tree.Count == 0)
            {
                // Even a host without guests has /local/domain/0: an empty map here would be a false "no guests".
                throw new CliException($"{TableWriter.Escape(dump.Name)}: no node in it: not the output of 'xenstore-ls -f' (empty, or written without -f?)");
            }

            IpLinkParseResult parsed = IpLinkJson.Parse(await ReadFileAsync(links, ct).ConfigureAwait(false), links.Name);
            if (parsed.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error) is Diagnostic fatal)
            {
                throw new CliException($"{links.Name}: {TableWriter.Escape(fatal.Message)}");
            }

            return new HostSource("dump", backendDomid, xenStore, parsed, [.. xenStore.Diagnostics, .. parsed.Diagnostics]);
        }

        private static async Task<HostSource> OpenLiveAsync(int backendDomid, string sysfsRoot, CancellationToken ct)
        {
            // A mistyped root would read as "no interface at all": every NIC missing, every backend an orphan.
            if (!Directory.Exists(sysfsRoot))
            {
                throw new CliException($"--sysfs-root {TableWriter.Escape(sysfsRoot)}: no such directory");
            }

            XenStoreConnection connection;
            try
            {
                connection = await XenStoreConnection.OpenAsync(new XenStoreConnectionOptions(), ct).ConfigureAwait(false);
            }
            catch (XenStoreUnavailableException e)
            {
                throw new CliException(NoXenStoreMessage(e));
            }

            return new HostSource("live", backendDomid, connection, new SysfsLinkSource(sysfsRoot), [], owned: connection);
        }

        /// <summary>One line: why there is no xenstore, and what to do (be root, or try the demo).</summary>
        internal static string NoXenStoreMessage(XenStoreUnavailableException e)
        {
            bool denied = e.Attempts.Any(a => a.Contains("permission denied", StringComparison.Ordinal));
            string tried = string.Join("; ", e.Attempts);
            return denied
                ? $"cannot read xenstore ({tried}): run as root; or {DemoHint}"
                : $"no xenstore here ({tried}): not a Xen dom0 or driver domain; {DemoHint}";
        }

        internal static async Task<byte[]> ReadFileAsync(FileInfo file, CancellationToken ct)
        {
            try
            {
                return await File.ReadAllBytesAsync(file.FullName, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {TableWriter.Escape(file.Name)}: {TableWriter.Escape(FileErrors.ReadReason(e, file.FullName))}");
            }
        }
    }

    /// <summary>Lets Utf8JsonWriter stream into a TextWriter (stdout, or a StringWriter in tests)
    /// without holding the whole document: UTF-8 decoded chunk by chunk, sequences split across
    /// chunks kept by the decoder.</summary>
    private sealed class TextWriterStream(TextWriter output) : Stream
    {
        private readonly System.Text.Decoder _decoder = System.Text.Encoding.UTF8.GetDecoder();
        private char[] _chars = new char[4096];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int needed = _decoder.GetCharCount(buffer, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[needed];
            }

            int written = _decoder.GetChars(buffer, _chars, flush: false);
            output.Write(_chars, 0, written);
        }

        public override void Flush() => output.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
