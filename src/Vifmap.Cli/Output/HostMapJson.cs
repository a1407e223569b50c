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
    // Every NIC and interface of a big map repeats these names (issue 15: 100,000 NICs): encoded once.
    private static readonly JsonEncodedText s_active = JsonEncodedText.Encode("active");
    private static readonly JsonEncodedText s_activeReason = JsonEncodedText.Encode("active_reason");
    private static readonly JsonEncodedText s_backendDomid = JsonEncodedText.Encode("backend_domid");
    private static readonly JsonEncodedText s_backendState = JsonEncodedText.Encode("backend_state");
    private static readonly JsonEncodedText s_bridge = JsonEncodedText.Encode("bridge");
    private static readonly JsonEncodedText s_carrier = JsonEncodedText.Encode("carrier");
    private static readonly JsonEncodedText s_devid = JsonEncodedText.Encode("devid");
    private static readonly JsonEncodedText s_domid = JsonEncodedText.Encode("domid");
    private static readonly JsonEncodedText s_frontendState = JsonEncodedText.Encode("frontend_state");
    private static readonly JsonEncodedText s_hotplugStatus = JsonEncodedText.Encode("hotplug_status");
    private static readonly JsonEncodedText s_interfaces = JsonEncodedText.Encode("interfaces");
    private static readonly JsonEncodedText s_mac = JsonEncodedText.Encode("mac");
    private static readonly JsonEncodedText s_master = JsonEncodedText.Encode("master");
    private static readonly JsonEncodedText s_matchedBy = JsonEncodedText.Encode("matched_by");
    private static readonly JsonEncodedText s_mtu = JsonEncodedText.Encode("mtu");
    private static readonly JsonEncodedText s_name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText s_nics = JsonEncodedText.Encode("nics");
    private static readonly JsonEncodedText s_nictype = JsonEncodedText.Encode("nictype");
    private static readonly JsonEncodedText s_operstate = JsonEncodedText.Encode("operstate");
    private static readonly JsonEncodedText s_present = JsonEncodedText.Encode("present");
    private static readonly JsonEncodedText s_role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText s_rxBytes = JsonEncodedText.Encode("rx_bytes");
    private static readonly JsonEncodedText s_rxPackets = JsonEncodedText.Encode("rx_packets");
    private static readonly JsonEncodedText s_script = JsonEncodedText.Encode("script");
    private static readonly JsonEncodedText s_servedHere = JsonEncodedText.Encode("served_here");
    private static readonly JsonEncodedText s_stubdomDomid = JsonEncodedText.Encode("stubdom_domid");
    private static readonly JsonEncodedText s_txBytes = JsonEncodedText.Encode("tx_bytes");
    private static readonly JsonEncodedText s_txPackets = JsonEncodedText.Encode("tx_packets");
    private static readonly JsonEncodedText s_type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText s_uuid = JsonEncodedText.Encode("uuid");
    private static readonly JsonEncodedText s_vifname = JsonEncodedText.Encode("vifname");

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
        writer.WriteNumber(s_domid, domain.Domid);
        JsonOutput.WriteStringOrNull(writer, s_name, domain.Name);
        JsonOutput.WriteStringOrNull(writer, s_uuid, domain.Uuid);
        JsonOutput.WriteNumberOrNull(writer, s_stubdomDomid, domain.StubdomDomid);
        JsonOutput.WriteStringOrNull(writer, s_type, domain.Type);
        writer.WriteStartArray(s_nics);
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
        writer.WriteNumber(s_devid, nic.Devid);
        JsonOutput.WriteNumberOrNull(writer, s_backendDomid, nic.BackendDomid >= 0 ? nic.BackendDomid : null);
        writer.WriteBoolean(s_servedHere, nic.ServedHere);
        JsonOutput.WriteStringOrNull(writer, s_mac, nic.Mac);
        JsonOutput.WriteStringOrNull(writer, s_bridge, nic.Bridge);
        JsonOutput.WriteStringOrNull(writer, s_nictype, nic.NicType);
        JsonOutput.WriteStringOrNull(writer, s_vifname, nic.VifName);
        JsonOutput.WriteStringOrNull(writer, s_script, nic.Script);
        JsonOutput.WriteStringOrNull(writer, s_hotplugStatus, nic.HotplugStatus);
        JsonOutput.WriteStringOrNull(writer, s_mtu, nic.Mtu);
        WriteState(writer, s_backendState, nic.BackendState);
        WriteState(writer, s_frontendState, nic.FrontendState);
        writer.WriteString(s_active, nic.Active.ToWireName());
        writer.WriteString(s_activeReason, nic.ActiveReason);
        writer.WriteStartArray(s_interfaces);
        foreach (NicInterface i in nic.Interfaces)
        {
            WriteInterface(writer, i);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A state is a number; a garbage value is null plus <c>&lt;name&gt;_raw</c> so a script sees it was flagged.</summary>
    private static void WriteState(Utf8JsonWriter writer, JsonEncodedText name, XenbusStateValue state)
    {
        JsonOutput.WriteNumberOrNull(writer, name, state.State);
        if (state.IsGarbage)
        {
            writer.WriteString(name.Value + "_raw", state.Raw);
        }
    }

    private static void WriteInterface(Utf8JsonWriter writer, NicInterface i)
    {
        NetLink? link = i.Link;
        writer.WriteStartObject();
        writer.WriteString(s_name, i.Name);
        writer.WriteString(s_role, i.Role.ToWireName());
        writer.WriteBoolean(s_present, i.Present);
        writer.WriteString(s_matchedBy, i.MatchedBy);
        JsonOutput.WriteStringOrNull(writer, s_operstate, link?.OperState);
        if (link?.Carrier is bool carrier)
        {
            writer.WriteBoolean(s_carrier, carrier);
        }
        else
        {
            writer.WriteNull(s_carrier);
        }

        JsonOutput.WriteStringOrNull(writer, s_master, link?.Master);
        JsonOutput.WriteNumberOrNull(writer, s_mtu, link?.Mtu);
        JsonOutput.WriteNumberOrNull(writer, s_rxBytes, link?.RxBytes);
        JsonOutput.WriteNumberOrNull(writer, s_txBytes, link?.TxBytes);
        JsonOutput.WriteNumberOrNull(writer, s_rxPackets, link?.RxPackets);
        JsonOutput.WriteNumberOrNull(writer, s_txPackets, link?.TxPackets);
        writer.WriteEndObject();
    }
}
