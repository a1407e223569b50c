using System.CommandLine;
using System.Globalization;
using Vifmap.Cli.Output;
using Vifmap.Host;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap check`: a monitoring plugin (Monitoring Plugins guidelines, run by Nagios, Icinga,
/// Naemon, Zabbix and Sensu): <c>VIFMAP OK|WARNING|CRITICAL|UNKNOWN - summary | perfdata</c>, one line
/// per problem, exit 0/1/2/3. Every failure to read the host is UNKNOWN (3), never a crash.</summary>
internal static class CheckCommand
{
    public const int Ok = 0;
    public const int Warning = 1;
    public const int Critical = 2;
    public const int Unknown = 3;

    private static readonly Option<bool> s_json = new("--json") { Description = "Print the verdict and the problems as a JSON object." };
    public static Command Create(CliConsole console)
    {
        var command = new Command("check", "Monitoring plugin: are this host's guest NICs healthy? (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)")
        {
            s_json,
        };
        NicSelection.AddTo(command);
        HostSourceOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                OptionLikeArguments.Reject(parse, shortOptionsToo: true);
                return await HostSourceOptions.RunAsync(parse, console, ct, (source, deadline) => RunAsync(parse, source, console, deadline)).ConfigureAwait(false);
            }
            catch (Exception e) when (Program.Describe(e) is string message && !ct.IsCancellationRequested)
            {
                WriteUnknown(console.Out, message);
                return Unknown;
            }
        });
        return command;
    }

    /// <summary>The plugin's answer when it cannot judge (the host unreadable, a usage error).</summary>
    public static void WriteUnknown(TextWriter output, string message)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"VIFMAP UNKNOWN - {message.Replace('|', '/')}");
    }

    private static async Task<int> RunAsync(ParseResult parse, HostSource source, CliConsole console, CancellationToken ct)
    {
        HostMap map = await NicSelection.BuildMapAsync(parse, source, ct).ConfigureAwait(false);

        IReadOnlyList<HealthFinding> findings = HostHealth.Check(map);
        int status = findings.Any(f => f.Level == HealthLevel.Critical) ? Critical : findings.Count > 0 ? Warning : Ok;
        GuestNic[] nics = [.. map.Domains.SelectMany(d => d.Nics)];
        var perf = new (string Label, int Value)[]
        {
            ("nics", nics.Length),
            ("active_pv", nics.Count(n => n.Active == ActivePath.Pv)),
            ("active_emulated", nics.Count(n => n.Active == ActivePath.Emulated)),
            ("problems", findings.Count),
        };

        if (parse.GetValue(s_json))
        {
            JsonOutput.Write(console.Out, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("schema_version", JsonOutput.SchemaVersion);
                w.WriteString("status", StatusName(status));
                w.WriteNumber("exit_code", status);
                w.WriteStartObject("perfdata");
                foreach ((string label, int value) in perf)
                {
                    w.WriteNumber(label, value);
                }

                w.WriteEndObject();
                w.WriteStartArray("problems");
                foreach (HealthFinding f in findings)
                {
                    w.WriteStartObject();
                    w.WriteString("code", f.Code);
                    w.WriteString("level", f.Level == HealthLevel.Critical ? "critical" : "warning");
                    w.WriteString("subject", f.Subject);
                    w.WriteString("message", f.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return status;
        }

        string summary = findings.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{nics.Length} NICs healthy ({perf[1].Value} on PV, {perf[2].Value} emulated)")
            : string.Create(CultureInfo.InvariantCulture,
                $"{findings.Count(f => f.Level == HealthLevel.Critical)} critical, {findings.Count(f => f.Level == HealthLevel.Warning)} warning of {nics.Length} NICs");
        string perfdata = string.Join(' ', perf.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Label}={p.Value};;;0")));
        console.Out.WriteLine($"VIFMAP {StatusName(status)} - {summary} | {perfdata}");
        foreach (HealthFinding f in findings)
        {
            // '|' starts perfdata in the plugin format: a guest-chosen name must not inject it.
            string line = $"{(f.Level == HealthLevel.Critical ? "CRITICAL" : "WARNING")} {f.Code} {f.Subject}: {f.Message}";
            console.Out.WriteLine(TerminalText.Escape(line).Replace('|', '/'));
        }

        return status;
    }

    private static string StatusName(int status) => status switch
    {
        Ok => "OK",
        Warning => "WARNING",
        Critical => "CRITICAL",
        _ => "UNKNOWN",
    };
}
