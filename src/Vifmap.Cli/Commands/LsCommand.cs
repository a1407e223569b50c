using System.CommandLine;
using System.Globalization;
using Vifmap.Cli.Output;
using Vifmap.Diagnostics;
using Vifmap.Host;
using Vifmap.Naming;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap ls`: which guest and NIC owns each interface of this backend domain, and which
/// path (PV or emulated) carries its traffic. Sources: the live host, a <c>xenstore-ls -f</c> dump
/// with <c>ip -j -s -d link show</c>, or a snapshot (<see cref="HostSourceOptions"/>).</summary>
internal static class LsCommand
{
    private static readonly Option<bool> s_json = new("--json") { Description = "Print the map as JSON (for scripts)." };
    private static readonly Option<bool> s_wide = new("--wide", "-w") { Description = "Add the evidence behind each active path." };
    private static readonly Option<string[]> s_domain = new("--domain", "-d")
    {
        Description = "Only this guest (name or domid); repeat for more.",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("ls", "Map this host's guest network interfaces: domain, NIC, PV and emulated interface, active path.")
        {
            s_json,
            s_wide,
            s_domain,
        };
        HostSourceOptions.AddTo(command);
        command.SetAction((parse, ct) => HostSourceOptions.RunAsync(parse, console, ct, (source, deadline) => RunAsync(parse, source, console, deadline)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, HostSource source, CliConsole console, CancellationToken ct)
    {
        string[] domains = parse.GetValue(s_domain) ?? [];
        HostMap map = await source.BuildMapAsync(domains, ct).ConfigureAwait(false);
        foreach (string wanted in domains)
        {
            bool found = map.Domains.Any(d => string.Equals(d.Name, wanted, StringComparison.Ordinal)
                || string.Equals(d.Domid.ToString(CultureInfo.InvariantCulture), wanted, StringComparison.Ordinal));
            if (!found)
            {
                throw new CliException($"no guest named or numbered '{TerminalText.Escape(wanted)}'");
            }
        }

        foreach (Diagnostic d in map.Diagnostics)
        {
            await console.Error.WriteLineAsync(DiagnosticWriter.FormatHostLine(d)).ConfigureAwait(false);
        }

        if (parse.GetValue(s_json))
        {
            JsonOutput.Write(console.Out, writer => HostMapJson.Write(writer, map));
        }
        else
        {
            WriteTable(console.Out, map, parse.GetValue(s_wide));
        }

        return ExitCodes.Success;
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
                    nic.Active.ToWireName(),
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
}
