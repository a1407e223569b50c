using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vifmap.Cli.Output;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;
using Vifmap.Vif;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap plan CONFIG [--domid D] [--xen X.Y] [--toolstack xl|xend] [--stubdom-domid S] [--json]`:
/// the dom0 interfaces an xl.cfg will produce, with lint's and the naming findings.
/// Exit 0 without errors, 1 with an error finding, 2 for bad usage or an unreadable file.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("CONFIG") { Description = "xl.cfg file ('-' for standard input)" };
        var domid = new Option<string?>("--domid") { Description = "The guest's domid (1-32751); without it, names are templates" };
        var xen = new Option<string?>("--xen") { Description = "Xen release, 4.0 to 4.22 (default 4.22)" };
        var toolstack = new Option<string?>("--toolstack") { Description = "xl (default) or xend (4.0-4.4)" };
        var stubdom = new Option<string?>("--stubdom-domid") { Description = "The device-model stub domain's domid" };
        var json = new Option<bool>("--json") { Description = "JSON instead of text" };
        var command = new Command("plan", "Predict the dom0 interface names of an xl.cfg's NICs")
        {
            config, domid, xen, toolstack, stubdom, json,
        };
        command.SetAction(int (ParseResult r) => Run(
            r.GetValue(config)!, r.GetValue(domid), r.GetValue(xen), r.GetValue(toolstack), r.GetValue(stubdom),
            r.GetValue(json), Console.OpenStandardInput, r.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(string file, string? domidText, string? xenText, string? toolstackText, string? stubdomText,
        bool json, Func<Stream> openStandardInput, TextWriter output)
    {
        PlanRequest request = ParseRequest(domidText, xenText, toolstackText, stubdomText);
        byte[] bytes = ConfigInput.Read(file, openStandardInput);
        // Standard input is named "-" in findings, as lint names it: one format for both commands.
        DomainConfig domain = DomainConfigReader.Read(file, bytes);
        NamePlan plan = NamePlanner.Plan(domain, request with { SourceName = file });
        if (json)
        {
            WriteJson(plan, output);
        }
        else
        {
            WriteText(plan, output);
        }

        return plan.HasErrors ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static PlanRequest ParseRequest(string? domidText, string? xenText, string? toolstackText, string? stubdomText)
    {
        XenVersion xen = XenVersion.Newest;
        if (xenText is not null && (!XenVersion.TryParse(xenText, out xen) || !xen.IsSupported))
        {
            throw new CliException($"--xen: expected a release from {XenVersion.Oldest} to {XenVersion.Newest} such as 4.17, not '{TableWriter.Escape(xenText)}'");
        }

        Toolstack toolstack = toolstackText switch
        {
            null or "xl" => Toolstack.Xl,
            "xend" or "xm" => Toolstack.Xend,
            _ => throw new CliException($"--toolstack: expected xl or xend, not '{TableWriter.Escape(toolstackText)}'"),
        };
        if (NamingEras.For(toolstack, xen) is null)
        {
            throw new CliException($"--toolstack xend: xend exists in Xen 4.0 to 4.4 (removed in 4.5), not in {xen}; add --xen 4.4 or older");
        }

        uint? domid = ParseDomid("--domid", domidText);
        uint? stubdom = ParseDomid("--stubdom-domid", stubdomText);
        if (domid is not null && domid == stubdom)
        {
            throw new CliException("--stubdom-domid: the stub domain is another domain than the guest");
        }

        return new PlanRequest { Domid = domid, StubdomDomid = stubdom, Xen = xen, Toolstack = toolstack };
    }

    private static uint? ParseDomid(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value)
            || !InterfaceNameLimits.IsGuestDomid(value))
        {
            string why = text == "0" ? " (domid 0 is dom0, never a guest)" : string.Empty;
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"{option}: expected a guest domid from {InterfaceNameLimits.FirstGuestDomid} to {InterfaceNameLimits.LastGuestDomid}, not '{TableWriter.Escape(text)}'{why}"));
        }

        return value;
    }

    private static void WriteText(NamePlan plan, TextWriter output)
    {
        var head = new StringBuilder();
        head.Append("domain ").Append(TableWriter.Escape(plan.DomainName ?? "(no name)"))
            .Append(" (").Append(TypeText(plan.GuestType)).Append("), ");
        head.Append(plan.Domid is uint d ? string.Create(CultureInfo.InvariantCulture, $"domid {d}") : "domid not given");
        if (plan.HasStubDomain)
        {
            head.Append(plan.StubdomDomid is uint s ? string.Create(CultureInfo.InvariantCulture, $", stub domain {s}") : ", stub domain <S>");
        }

        head.Append(", Xen ").Append(plan.Xen.ToString()).Append(' ').Append(ToolstackText(plan.Toolstack))
            .Append(" (").Append(plan.Era.Label).Append(')');
        output.WriteLine(head.ToString());
        if (plan.Domid is null)
        {
            output.WriteLine(plan.MaxDomidThatFits == 0
                ? "names are templates: <D> is the guest's domid; no domid makes every default name fit"
                : string.Create(CultureInfo.InvariantCulture,
                    $"names are templates: <D> is the guest's domid; every default name fits for domids up to {plan.MaxDomidThatFits}"));
        }

        var table = new TableWriter(
            new TableColumn("DEVID", AlignRight: true), new TableColumn("MAC"), new TableColumn("BRIDGE"),
            new TableColumn("NICTYPE"), new TableColumn("MODEL"), new TableColumn("VIFNAME"), new TableColumn("INTERFACES", MaxWidth: 96));
        foreach (PlannedNic nic in plan.Nics)
        {
            string interfaces = string.Join(", ", nic.Interfaces.Select(i =>
                i.Intended is null ? $"{i.Name} ({RoleText(i.Role)})" : $"{i.Name} ({RoleText(i.Role)}; wanted {i.Intended})"));
            table.AddRow(
                nic.Devid.ToString(CultureInfo.InvariantCulture), nic.Mac?.ToString() ?? "random", nic.Bridge, NicTypeText(nic.NicType),
                nic.Model, nic.VifName, interfaces);
        }

        if (table.RowCount == 0)
        {
            output.WriteLine("no NICs");
        }
        else
        {
            table.Write(output);
        }

        DiagnosticWriter.WriteText(output, plan.Diagnostics);
    }

    private static void WriteJson(NamePlan plan, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("domain");
            WriteStringOrNull(w, "name", plan.DomainName);
            w.WriteString("type", TypeText(plan.GuestType));
            WriteNumberOrNull(w, "domid", plan.Domid);
            w.WriteEndObject();
            w.WriteString("xen", plan.Xen.ToString());
            w.WriteString("toolstack", ToolstackText(plan.Toolstack));
            w.WriteString("era", plan.Era.Label);
            w.WriteBoolean("stub_domain", plan.HasStubDomain);
            WriteNumberOrNull(w, "stubdom_domid", plan.StubdomDomid);
            w.WriteNumber("max_domid_that_fits", plan.MaxDomidThatFits);
            WriteNumberOrNull(w, "max_stubdom_domid_that_fits", plan.MaxStubdomDomidThatFits);
            w.WriteStartArray("nics");
            foreach (PlannedNic nic in plan.Nics)
            {
                w.WriteStartObject();
                w.WriteNumber("index", nic.Index);
                w.WriteNumber("devid", nic.Devid);
                w.WriteString("mac", nic.Mac?.ToString() ?? "random");
                WriteStringOrNull(w, "bridge", nic.Bridge);
                w.WriteString("nictype", NicTypeText(nic.NicType));
                WriteStringOrNull(w, "model", nic.Model);
                WriteStringOrNull(w, "vifname", nic.VifName);
                WriteStringOrNull(w, "backend", nic.Backend);
                w.WriteStartArray("interfaces");
                foreach (PlannedInterface i in nic.Interfaces)
                {
                    w.WriteStartObject();
                    w.WriteString("name", i.Name);
                    w.WriteString("role", RoleText(i.Role));
                    w.WriteString("created_as", i.CreatedAs);
                    WriteStringOrNull(w, "intended", i.Intended);
                    WriteNumberOrNull(w, "domid", i.Domid);
                    w.WriteBoolean("custom", i.IsCustom);
                    w.WriteBoolean("template", i.IsTemplate);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("diagnostics");
            foreach (Diagnostic d in plan.Diagnostics)
            {
                // The fields of `lint --json`.
                w.WriteStartObject();
                w.WriteString("file", d.Location.Source);
                w.WriteNumber("line", d.Location.Line);
                w.WriteNumber("column", d.Location.Column);
                w.WriteString("severity", DiagnosticWriter.SeverityName(d.Severity));
                w.WriteString("code", d.Code);
                w.WriteString("message", d.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, uint? value)
    {
        if (value is uint v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string TypeText(GuestType type) => type switch
    {
        GuestType.Pv => "pv",
        GuestType.Pvh => "pvh",
        _ => "hvm",
    };

    private static string ToolstackText(Toolstack toolstack) => toolstack == Toolstack.Xl ? "xl" : "xend";

    /// <summary>libxl's <c>libxl_nic_type</c> strings, as written to the backend's <c>type</c> key.</summary>
    private static string NicTypeText(NicType type) => type == NicType.Vif ? "vif" : "vif_ioemu";

    private static string RoleText(InterfaceRole role) => ExplainCommand.RoleText(role);
}
