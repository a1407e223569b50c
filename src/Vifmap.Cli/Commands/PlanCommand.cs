using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vifmap.Cli.Input;
using Vifmap.Cli.Output;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;
using Vifmap.Vif;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap plan CONFIG [--domid D] [--xen X.Y] [--toolstack xl|xend] [--stubdom-domid S] [--json]`:
/// the dom0 interfaces an xl.cfg will produce, with lint's and the naming findings.
/// Exit 0 without errors, 1 with an error finding or an unreadable file, 2 for bad usage.</summary>
internal static class PlanCommand
{
    public static Command Create(CliConsole console)
    {
        var config = new Argument<string>("CONFIG") { Description = "xl.cfg file ('-' for standard input)" };
        var domid = new Option<string?>("--domid") { Description = "The guest's domid (1-32751); without it, names are templates" };
        var xen = new Option<string?>("--xen") { Description = ReleaseOptions.XenDescription };
        var toolstack = new Option<string?>("--toolstack") { Description = ReleaseOptions.ToolstackDescription };
        var stubdom = new Option<string?>("--stubdom-domid") { Description = "The device-model stub domain's domid" };
        var json = new Option<bool>("--json") { Description = "JSON instead of text" };
        var command = new Command("plan", "Predict the dom0 interface names of an xl.cfg's NICs")
        {
            config, domid, xen, toolstack, stubdom, json,
        };
        command.SetAction(int (ParseResult r) =>
        {
            OptionLikeArguments.Reject(r, shortOptionsToo: true);
            return Run(r.GetValue(config)!, r.GetValue(domid), r.GetValue(xen), r.GetValue(toolstack), r.GetValue(stubdom), r.GetValue(json), console);
        });
        return command;
    }

    internal static int Run(string file, string? domidText, string? xenText, string? toolstackText, string? stubdomText,
        bool json, CliConsole console)
    {
        PlanRequest request = ParseRequest(domidText, xenText, toolstackText, stubdomText);
        byte[] bytes = InputFiles.Read(file, InputFiles.ConfigLimit, console.OpenStandardInput, "CONFIG");
        // Standard input is named "-" in findings, as lint names it: one format for both commands.
        DomainConfig domain = DomainConfigReader.Read(file, bytes, new ToolstackRelease(request.Toolstack, request.Xen));
        NamePlan plan = NamePlanner.Plan(domain, request with { SourceName = file });
        if (json)
        {
            JsonOutput.Write(console.Out, writer => WriteJson(plan, writer));
        }
        else
        {
            WriteText(plan, console.Out);
        }

        return plan.HasErrors ? ExitCodes.Problem : ExitCodes.Success;
    }

    private static PlanRequest ParseRequest(string? domidText, string? xenText, string? toolstackText, string? stubdomText)
    {
        ToolstackRelease release = ReleaseOptions.Parse(xenText, toolstackText);
        uint? domid = ParseDomid("--domid", domidText);
        uint? stubdom = ParseDomid("--stubdom-domid", stubdomText);
        if (domid is not null && domid == stubdom)
        {
            throw CliException.Usage("--stubdom-domid: the stub domain is another domain than the guest");
        }

        return new PlanRequest { Domid = domid, StubdomDomid = stubdom, Xen = release.Xen, Toolstack = release.Toolstack };
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
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture,
                $"{option}: expected a guest domid from {InterfaceNameLimits.FirstGuestDomid} to {InterfaceNameLimits.LastGuestDomid}, not '{TerminalText.Escape(text)}'{why}"));
        }

        return value;
    }

    private static void WriteText(NamePlan plan, TextWriter output)
    {
        var head = new StringBuilder();
        head.Append("domain ").Append(TerminalText.Escape(plan.DomainName ?? "(no name)"))
            .Append(" (").Append(plan.GuestType.ToWireName()).Append("), ");
        head.Append(plan.Domid is uint d ? string.Create(CultureInfo.InvariantCulture, $"domid {d}") : "domid not given");
        if (plan.HasStubDomain)
        {
            head.Append(plan.StubdomDomid is uint s ? string.Create(CultureInfo.InvariantCulture, $", stub domain {s}") : ", stub domain <S>");
        }

        head.Append(", Xen ").Append(plan.Xen.ToString()).Append(' ').Append(plan.Toolstack.ToWireName())
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
                i.Intended is null ? $"{i.Name} ({i.Role.ToWireName()})" : $"{i.Name} ({i.Role.ToWireName()}; wanted {i.Intended})"));
            table.AddRow(
                nic.Devid.ToString(CultureInfo.InvariantCulture), nic.Mac?.ToString() ?? "random", nic.Bridge, nic.NicType.ToWireName(),
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

    private static void WriteJson(NamePlan plan, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("schema_version", JsonOutput.SchemaVersion);
        w.WriteStartObject("domain");
        JsonOutput.WriteStringOrNull(w, "name", plan.DomainName);
        w.WriteString("type", plan.GuestType.ToWireName());
        JsonOutput.WriteNumberOrNull(w, "domid", plan.Domid);
        w.WriteEndObject();
        w.WriteString("xen", plan.Xen.ToString());
        w.WriteString("toolstack", plan.Toolstack.ToWireName());
        w.WriteString("era", plan.Era.Label);
        w.WriteBoolean("stub_domain", plan.HasStubDomain);
        JsonOutput.WriteNumberOrNull(w, "stubdom_domid", plan.StubdomDomid);
        w.WriteNumber("max_domid_that_fits", plan.MaxDomidThatFits);
        JsonOutput.WriteNumberOrNull(w, "max_stubdom_domid_that_fits", plan.MaxStubdomDomidThatFits);
        w.WriteStartArray("nics");
        foreach (PlannedNic nic in plan.Nics)
        {
            w.WriteStartObject();
            w.WriteNumber("index", nic.Index);
            w.WriteNumber("devid", nic.Devid);
            w.WriteString("mac", nic.Mac?.ToString() ?? "random");
            JsonOutput.WriteStringOrNull(w, "bridge", nic.Bridge);
            w.WriteString("nictype", nic.NicType.ToWireName());
            JsonOutput.WriteStringOrNull(w, "model", nic.Model);
            JsonOutput.WriteStringOrNull(w, "vifname", nic.VifName);
            JsonOutput.WriteStringOrNull(w, "backend", nic.Backend);
            w.WriteStartArray("interfaces");
            foreach (PlannedInterface i in nic.Interfaces)
            {
                w.WriteStartObject();
                w.WriteString("name", i.Name);
                w.WriteString("role", i.Role.ToWireName());
                w.WriteString("created_as", i.CreatedAs);
                JsonOutput.WriteStringOrNull(w, "intended", i.Intended);
                JsonOutput.WriteNumberOrNull(w, "domid", i.Domid);
                w.WriteBoolean("custom", i.IsCustom);
                w.WriteBoolean("template", i.IsTemplate);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WritePropertyName("diagnostics");
        DiagnosticWriter.WriteJsonArray(w, plan.Diagnostics);
        w.WriteEndObject();
    }
}
