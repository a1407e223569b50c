using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vifmap.Cli.Output;
using Vifmap.Naming;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap explain NAME... [--xen X.Y] [--json]`: what dom0 interface names can mean.
/// Exit 0 whatever the names are (an undecodable name is kind `unknown`), 2 for bad usage.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("NAME")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "dom0 interface names, e.g. vif5.0, vif5.0-emu, tap5.1, xenbr0",
        };
        var xen = new Option<string?>("--xen") { Description = "Only readings for this Xen release (e.g. 4.1, 4.17)" };
        var json = new Option<bool>("--json") { Description = "JSON array instead of text" };
        var command = new Command("explain", "Decode dom0 interface names: guest, role, domid, devid, by toolstack and Xen release")
        {
            names, xen, json,
        };
        command.SetAction(int (ParseResult r) =>
        {
            OptionLikeArguments.Reject(r);
            return Run(r.GetValue(names) ?? [], r.GetValue(xen), r.GetValue(json), r.InvocationConfiguration.Output);
        });
        return command;
    }

    internal static int Run(IReadOnlyList<string> names, string? xenText, bool json, TextWriter output)
    {
        XenVersion? xen = null;
        if (xenText is not null)
        {
            if (!XenVersion.TryParse(xenText, out XenVersion parsed) || !parsed.IsSupported)
            {
                throw new CliException(
                    $"--xen: expected a release from {XenVersion.Oldest} to {XenVersion.Newest} such as 4.17, not '{TableWriter.Escape(xenText)}'");
            }

            xen = parsed;
        }

        var explanations = names.Select(n => InterfaceNameDecoder.Explain(n, xen)).ToList();
        if (json)
        {
            WriteJson(explanations, output);
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
            head.Append(TableWriter.Escape(e.Name)).Append(": ").Append(KindText(e.Kind));
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
                head.Append(", role ").Append(RoleText(role));
            }

            output.WriteLine(head.ToString());
            int width = e.Readings.Max(r => ReadingLabel(r).Length);
            foreach (NameReading r in e.Readings)
            {
                string roleText = r.Role is InterfaceRole rr ? RoleText(rr) : "-";
                output.WriteLine($"  {ReadingLabel(r).PadRight(width)}  {roleText,-8}  {TableWriter.Escape(r.Meaning)}");
            }

            if (e.Caveat is not null)
            {
                output.WriteLine($"  note: {TableWriter.Escape(e.Caveat)}");
            }
        }
    }

    private static string ReadingLabel(NameReading r) => r.First is null ? r.Toolstack : $"{r.Toolstack} {r.XenRange}";

    private static void WriteJson(List<NameExplanation> explanations, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (NameExplanation e in explanations)
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteString("kind", KindText(e.Kind));
                WriteRole(w, e.Role);
                WriteNumber(w, "domid", e.Domid);
                WriteNumber(w, "devid", e.Devid);
                w.WriteStartArray("readings");
                foreach (NameReading r in e.Readings)
                {
                    w.WriteStartObject();
                    w.WriteString("toolstack", r.Toolstack);
                    w.WriteString("xen", r.XenRange);
                    w.WriteString("meaning", r.Meaning);
                    w.WriteString("kind", KindText(r.Kind));
                    WriteRole(w, r.Role);
                    WriteNumber(w, "domid", r.Domid);
                    WriteNumber(w, "devid", r.Devid);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (e.Caveat is null)
                {
                    w.WriteNull("caveat");
                }
                else
                {
                    w.WriteString("caveat", e.Caveat);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteRole(Utf8JsonWriter w, InterfaceRole? role)
    {
        if (role is InterfaceRole r)
        {
            w.WriteString("role", RoleText(r));
        }
        else
        {
            w.WriteNull("role");
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, long? value)
    {
        if (value is long v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, uint? value) => WriteNumber(w, name, (long?)value);

    internal static string KindText(InterfaceKind kind) => kind switch
    {
        InterfaceKind.Guest => "guest",
        InterfaceKind.Bridge => "bridge",
        InterfaceKind.Physical => "physical",
        InterfaceKind.Netloop => "netloop",
        InterfaceKind.Foreign => "foreign",
        _ => "unknown",
    };

    internal static string RoleText(InterfaceRole role) => role switch
    {
        InterfaceRole.Pv => "pv",
        InterfaceRole.Emulated => "emulated",
        _ => "stubdom",
    };
}
