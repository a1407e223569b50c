using System.Text.Json;
using Vifmap.Naming;

namespace Vifmap.Host;

/// <summary>The map as JSON for scripts (snake_case; the field names in the ls issue are a contract,
/// more may be added). Utf8JsonWriter escapes every guest-controlled string itself.</summary>
public static class HostMapJson
{
    public const int SchemaVersion = 1;

    private const int FlushThreshold = 64 * 1024;

    public static void Write(Utf8JsonWriter writer, HostMap map)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(map);
        writer.WriteStartObject();
        writer.WriteNumber("schema_version", SchemaVersion);
        writer.WriteString("source", map.Source);
        writer.WriteNumber("backend_domid", map.BackendDomid);
        writer.WriteStartArray("domains");
        foreach (GuestDomain domain in map.Domains)
        {
            WriteDomain(writer, domain);

            // A 1,000-guest map is megabytes of JSON: hand it to the stream as it is made.
            if (writer.BytesPending > FlushThreshold)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("orphans");
        foreach (OrphanEntry orphan in map.Orphans)
        {
            writer.WriteStartObject();
            writer.WriteString("name", orphan.Name);
            writer.WriteString("kind", orphan.Kind == OrphanKind.Interface ? "interface" : "backend");
            writer.WriteString("reason", orphan.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("diagnostics");
        foreach (Diagnostics.Diagnostic d in map.Diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("code", d.Code);
            writer.WriteString("severity", d.Severity == Diagnostics.Severity.Error ? "error" : "warning");
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
        WriteStringOrNull(writer, "name", domain.Name);
        WriteStringOrNull(writer, "uuid", domain.Uuid);
        WriteNumberOrNull(writer, "stubdom_domid", domain.StubdomDomid);
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
        WriteNumberOrNull(writer, "backend_domid", nic.BackendDomid >= 0 ? nic.BackendDomid : null);
        writer.WriteBoolean("served_here", nic.ServedHere);
        WriteStringOrNull(writer, "mac", nic.Mac);
        WriteStringOrNull(writer, "bridge", nic.Bridge);
        WriteStringOrNull(writer, "nictype", nic.NicType);
        WriteStringOrNull(writer, "vifname", nic.VifName);
        WriteStringOrNull(writer, "script", nic.Script);
        WriteStringOrNull(writer, "hotplug_status", nic.HotplugStatus);
        WriteState(writer, "backend_state", nic.BackendState);
        WriteState(writer, "frontend_state", nic.FrontendState);
        writer.WriteString("active", ActiveName(nic.Active));
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
        WriteNumberOrNull(writer, name, state.State);
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
        writer.WriteString("role", RoleName(i.Role));
        writer.WriteBoolean("present", i.Present);
        writer.WriteString("matched_by", i.MatchedBy);
        WriteStringOrNull(writer, "operstate", link?.OperState);
        if (link?.Carrier is bool carrier)
        {
            writer.WriteBoolean("carrier", carrier);
        }
        else
        {
            writer.WriteNull("carrier");
        }

        WriteStringOrNull(writer, "master", link?.Master);
        WriteNumberOrNull(writer, "mtu", link?.Mtu);
        WriteNumberOrNull(writer, "rx_bytes", link?.RxBytes);
        WriteNumberOrNull(writer, "tx_bytes", link?.TxBytes);
        WriteNumberOrNull(writer, "rx_packets", link?.RxPackets);
        WriteNumberOrNull(writer, "tx_packets", link?.TxPackets);
        writer.WriteEndObject();
    }

    public static string ActiveName(ActivePath active) => active switch
    {
        ActivePath.Pv => "pv",
        ActivePath.Emulated => "emulated",
        ActivePath.None => "none",
        _ => "unknown",
    };

    public static string RoleName(InterfaceRole role) => role switch
    {
        InterfaceRole.Pv => "pv",
        InterfaceRole.Emulated => "emulated",
        _ => "stubdom",
    };

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is long v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
