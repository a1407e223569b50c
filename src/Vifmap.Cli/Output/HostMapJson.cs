using System.Globalization;
using System.Text.Json;
using Vifmap.Diagnostics;
using Vifmap.Host;
using Vifmap.Naming;

namespace Vifmap.Cli.Output;

/// <summary>The map as JSON for scripts (snake_case; the field names in the ls issue are a contract,
/// more may be added). Utf8JsonWriter escapes every guest-controlled string itself.</summary>
internal static class HostMapJson
{
    public static void Write(Utf8JsonWriter writer, HostMap map)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(map);
        writer.WriteStartObject();
        writer.WriteNumber("schema_version", JsonOutput.SchemaVersion);
        writer.WriteString("source", map.Source);
        writer.WriteNumber("backend_domid", map.BackendDomid);
        writer.WriteString("read_at", map.ReadAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        if (map.Xen is ({ } version, string from))
        {
            writer.WriteStartObject("xen");
            writer.WriteString("version", version.ToString());
            writer.WriteString("from", from);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("xen");
        }

        writer.WriteStartArray("domains");
        foreach (GuestDomain domain in map.Domains)
        {
            WriteDomain(writer, domain);

            // A 1,000-guest map is megabytes of JSON: hand it to the stream as it is made.
            JsonOutput.FlushIfFull(writer);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("orphans");
        foreach (OrphanEntry orphan in map.Orphans)
        {
            writer.WriteStartObject();
            writer.WriteString("name", orphan.Name);
            writer.WriteString("kind", orphan.Kind.ToWireName());
            writer.WriteString("reason", orphan.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("diagnostics");
        foreach (Diagnostic d in map.Diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("code", d.Code);
            writer.WriteString("severity", d.Severity.ToWireName());
            writer.WriteString("message", d.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDomain(Utf8JsonWriter writer, GuestDomain domain)
    {
        writer.WriteStartObject();
        writer.WriteNumber("domid", domain.Domid);
        JsonOutput.WriteStringOrNull(writer, "name", domain.Name);
        JsonOutput.WriteStringOrNull(writer, "uuid", domain.Uuid);
        JsonOutput.WriteNumberOrNull(writer, "stubdom_domid", domain.StubdomDomid);
        JsonOutput.WriteStringOrNull(writer, "type", domain.Type);
        writer.WriteStartArray("nics");
        foreach (GuestNic nic in domain.Nics)
        {
            WriteNic(writer, nic);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteNic(Utf8JsonWriter writer, GuestNic nic)
    {
        writer.WriteStartObject();
        writer.WriteNumber("devid", nic.Devid);
        JsonOutput.WriteNumberOrNull(writer, "backend_domid", nic.BackendDomid >= 0 ? nic.BackendDomid : null);
        writer.WriteBoolean("served_here", nic.ServedHere);
        JsonOutput.WriteStringOrNull(writer, "mac", nic.Mac);
        JsonOutput.WriteStringOrNull(writer, "bridge", nic.Bridge);
        JsonOutput.WriteStringOrNull(writer, "nictype", nic.NicType);
        JsonOutput.WriteStringOrNull(writer, "vifname", nic.VifName);
        JsonOutput.WriteStringOrNull(writer, "script", nic.Script);
        JsonOutput.WriteStringOrNull(writer, "hotplug_status", nic.HotplugStatus);
        JsonOutput.WriteStringOrNull(writer, "mtu", nic.Mtu);
        WriteState(writer, "backend_state", nic.BackendState);
        WriteState(writer, "frontend_state", nic.FrontendState);
        writer.WriteString("active", nic.Active.ToWireName());
        writer.WriteString("active_reason", nic.ActiveReason);
        writer.WriteStartArray("interfaces");
        foreach (NicInterface i in nic.Interfaces)
        {
            WriteInterface(writer, i);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A state is a number; a garbage value is null plus <c>&lt;name&gt;_raw</c> so a script sees it was flagged.</summary>
    private static void WriteState(Utf8JsonWriter writer, string name, XenbusStateValue state)
    {
        JsonOutput.WriteNumberOrNull(writer, name, state.State);
        if (state.IsGarbage)
        {
            writer.WriteString(name + "_raw", state.Raw);
        }
    }

    private static void WriteInterface(Utf8JsonWriter writer, NicInterface i)
    {
        NetLink? link = i.Link;
        writer.WriteStartObject();
        writer.WriteString("name", i.Name);
        writer.WriteString("role", i.Role.ToWireName());
        writer.WriteBoolean("present", i.Present);
        writer.WriteString("matched_by", i.MatchedBy);
        JsonOutput.WriteStringOrNull(writer, "operstate", link?.OperState);
        if (link?.Carrier is bool carrier)
        {
            writer.WriteBoolean("carrier", carrier);
        }
        else
        {
            writer.WriteNull("carrier");
        }

        JsonOutput.WriteStringOrNull(writer, "master", link?.Master);
        JsonOutput.WriteNumberOrNull(writer, "mtu", link?.Mtu);
        JsonOutput.WriteNumberOrNull(writer, "rx_bytes", link?.RxBytes);
        JsonOutput.WriteNumberOrNull(writer, "tx_bytes", link?.TxBytes);
        JsonOutput.WriteNumberOrNull(writer, "rx_packets", link?.RxPackets);
        JsonOutput.WriteNumberOrNull(writer, "tx_packets", link?.TxPackets);
        writer.WriteEndObject();
    }
}
