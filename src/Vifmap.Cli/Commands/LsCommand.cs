using System.CommandLine;
using System.Globalization;
using System.Runtime;
using Vifmap.Cli.Output;
using Vifmap.Diagnostics;
using Vifmap.Host;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap ls`: which guest and NIC owns each interface of this backend domain, and which
/// path (PV or emulated) carries its traffic. Sources: the live host, a <c>xenstore-ls -f</c> dump
/// with <c>ip -j -s -d link show</c>, or a snapshot (<see cref="HostSourceOptions"/>).</summary>
internal static class LsCommand
{
    private static readonly Option<bool> s_json = new("--json") { Description = "Print the map as JSON (for scripts)." };
    private static readonly Option<bool> s_wide = new("--wide", "-w") { Description = "Add the evidence behind each active path (the WHY column)." };
    private static readonly Option<bool> s_bytes = new("--bytes") { Description = "Show counters as raw numbers, not 1.2 MiB / 12.3k." };
    private static readonly Option<bool> s_noHeaders = new("--no-headers") { Description = "Leave out the header line." };
    private static readonly Option<string> s_columns = new("--columns", "-o")
    {
        Description = "Columns to show, comma-separated: " + string.Join(",", LsTable.AllColumns) + ".",
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("ls", "Map this host's guest network interfaces: domain, NIC, PV and emulated interface, active path.")
        {
            s_json,
            s_wide,
            s_bytes,
            s_noHeaders,
            s_columns,
        };
        NicSelection.AddTo(command);
        HostSourceOptions.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            OptionLikeArguments.Reject(parse, shortOptionsToo: true);

            // One map, then exit: a batch job. Background (concurrent) collections only cost a big
            // dump's parse a thread's worth of marking beside it (issue 15: 10% of ls at 100,000 NICs).
            GCSettings.LatencyMode = GCLatencyMode.Batch;
            IReadOnlyList<string> columns = LsTable.ParseColumns(parse.GetValue(s_columns), parse.GetValue(s_wide));
            return HostSourceOptions.RunAsync(parse, console, ct, (source, deadline) => RunAsync(parse, columns, source, console, deadline));
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, IReadOnlyList<string> columns, HostSource source, CliConsole console, CancellationToken ct)
    {
        HostMap map = await NicSelection.BuildMapAsync(parse, source, ct).ConfigureAwait(false);
        foreach (Diagnostic d in map.Diagnostics)
        {
            await console.Error.WriteLineAsync(DiagnosticWriter.FormatHostLine(d)).ConfigureAwait(false);
        }

        if (parse.GetValue(s_json))
        {
            JsonOutput.Write(console.Out, writer => HostMapJson.Write(writer, map));
        }
        else if (map.Domains.Count == 0 && map.Orphans.Count == 0)
        {
            // An empty table reads like a failure; say what was found.
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"no guests: xenstore lists no domain with NICs besides the backend domain ({map.BackendDomid})")).ConfigureAwait(false);
        }
        else
        {
            LsTable.Write(console.Out, map, columns, rawNumbers: parse.GetValue(s_bytes), headers: !parse.GetValue(s_noHeaders));
        }

        return ExitCodes.Success;
    }
}
