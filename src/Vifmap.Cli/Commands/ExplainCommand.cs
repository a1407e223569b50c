using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vifmap.Cli.Output;
using Vifmap.Host;
using Vifmap.Naming;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap explain NAME... [--xen X.Y] [--json]`: what dom0 interface names can mean.
/// Exit 0 whatever the names are (an undecodable name is kind `unknown`), 2 for bad usage.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliConsole console)
    {
        var names = new Argument<string[]>("NAME")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "dom0 interface names, e.g. vif5.0, vif5.0-emu, tap5.1, xenbr0",
        };
        var xen = new Option<string?>("--xen") { Description = "Only readings for this Xen release (e.g. 4.1, 4.17)" };
        var json = new Option<bool>("--json") { Description = "JSON array instead of text" };
        var hypervisorRoot = new Option<string>("--hypervisor-root")
        {
            Description = "Read the host's Xen release from this folder instead of /sys/hypervisor (tests).",
            DefaultValueFactory = _ => HypervisorVersion.DefaultRoot,
            Hidden = true,
        };
        var command = new Command("explain", "Decode dom0 interface names: guest, role, domid, devid, by toolstack and Xen release")
        {
            names, xen, json, hypervisorRoot,
        };
        command.SetAction(int (ParseResult r) =>
        {
            OptionLikeArguments.Reject(r, shortOptionsToo: false);
            return Run(r.GetValue(names) ?? [], r.GetValue(xen), r.GetValue(json), console.Out, r.GetValue(hypervisorRoot) ?? HypervisorVersion.DefaultRoot);
        });
        return command;
    }

    internal static int Run(IReadOnlyList<string> names, string? xenText, bool json, TextWriter output, string hypervisorRoot)
    {
        XenVersion? xen = null;
        string? usedNote = null;
        if (xenText is not null)
        {
            if (!XenVersion.TryParse(xenText, out XenVersion parsed) || !parsed.IsSupported)
            {
                throw CliException.Usage(
                    $"--xen: expected a release from {XenVersion.Oldest} to {XenVersion.Newest} such as 4.17, not '{TerminalText.Escape(xenText)}'");
            }

            xen = parsed;
        }
        else if (HypervisorVersion.Read(hypervisorRoot) is ({ IsSupported: true } running, string from))
        {
            // On a dom0 the release is known: its readings are the ones that apply here.
            xen = running;
            usedNote = $"(readings for Xen {running}, this host's release from {from}; --xen X.Y for another)";
        }

        // Names as ip link prints them (vif1.0@if5, vif1.0:) are decoded as the name itself.
        var explanations = names.Select(n => InterfaceNameDecoder.Explain(HostMapQuery.InterfaceName(n), xen)).ToList();
        if (usedNote is not null && !json)
        {
            output.WriteLine(usedNote);
        }

        if (json)
        {
            JsonOutput.Write(output, writer => WriteJson(explanations, writer));
        }
        else
        {
            WriteText(explanations, output);
        }

        return ExitCodes.Success;
    }

    private static void WriteText(List<NameExplanation> explanations, TextWriter output)
    {
        foreach (NameExplanation e in explanations)
        {
            var head = new StringBuilder();
            head.Append(TerminalText.Escape(e.Name)).Append(": ").Append(e.Kind.ToWireName());
            if (e.Domid is uint domid)
            {
                head.Append(CultureInfo.InvariantCulture, $", domain {domid}");
            }

            if (e.Devid is long devid)
            {
                head.Append(CultureInfo.InvariantCulture, $", devid {devid}");
            }

            if (e.Role is InterfaceRole role)
            {
                head.Append(", role ").Append(role.ToWireName());
            }

            output.WriteLine(head.ToString());
            int width = e.Readings.Max(r => ReadingLabel(r).Length);
            foreach (NameReading r in e.Readings)
            {
                string roleText = r.Role is InterfaceRole rr ? rr.ToWireName() : "-";
                output.WriteLine($"  {ReadingLabel(r).PadRight(width)}  {roleText,-8}  {TerminalText.Escape(r.Meaning)}");
            }

            if (e.Caveat is not null)
            {
                output.WriteLine($"  note: {TerminalText.Escape(e.Caveat)}");
            }
        }
    }

    private static string ReadingLabel(NameReading r) => r.First is null ? r.Toolstack : $"{r.Toolstack} {r.XenRange}";

    private static void WriteJson(List<NameExplanation> explanations, Utf8JsonWriter w)
    {
        w.WriteStartArray();
        foreach (NameExplanation e in explanations)
        {
            w.WriteStartObject();
            w.WriteString("name", e.Name);
            w.WriteString("kind", e.Kind.ToWireName());
            WriteRole(w, e.Role);
            JsonOutput.WriteNumberOrNull(w, "domid", e.Domid);
            JsonOutput.WriteNumberOrNull(w, "devid", e.Devid);
            w.WriteStartArray("readings");
            foreach (NameReading r in e.Readings)
            {
                w.WriteStartObject();
                w.WriteString("toolstack", r.Toolstack);
                w.WriteString("xen", r.XenRange);
                w.WriteString("meaning", r.Meaning);
                w.WriteString("kind", r.Kind.ToWireName());
                WriteRole(w, r.Role);
                JsonOutput.WriteNumberOrNull(w, "domid", r.Domid);
                JsonOutput.WriteNumberOrNull(w, "devid", r.Devid);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            JsonOutput.WriteStringOrNull(w, "caveat", e.Caveat);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteRole(Utf8JsonWriter w, InterfaceRole? role)
        => JsonOutput.WriteStringOrNull(w, "role", role?.ToWireName());
}
