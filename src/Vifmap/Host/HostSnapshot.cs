using System.Text.Json;
using System.Text.Unicode;
using Vifmap.Diagnostics;

namespace Vifmap.Host;

/// <summary>Everything one host map was built from, in one file for bug reports and demos: the
/// xenstore nodes the map read and the kernel's interfaces. Written by <c>vifmap snapshot</c>, read
/// by <c>vifmap ls --snapshot</c>. Format <c>vifmap-snapshot</c> version 1:
/// <code>
/// {"format": "vifmap-snapshot", "version": 1, "backend_domid": 0, "source": "live",
///  "xenstore": [{"path": "/local/domain", "children": ["0", "5"]},
///               {"path": "/local/domain/5/name", "value": "web"},
///               {"path": "...", "value_base64": "..."}],          (values that are not UTF-8)
///  "links": [{"name": "vif5.0", "operstate": "up", "carrier": true, "master": "xenbr0", "mtu": 1500,
///             "address": "fe:ff:ff:ff:ff:ff", "kind": "veth", "xenbus_nodename": "backend/vif/5/0",
///             "rx_bytes": 0, "tx_bytes": 0, "rx_packets": 0, "tx_packets": 0}]}
/// </code>
/// A reader of version 1 ignores fields it does not know; a new version is for changes that would
/// make an old reader wrong.</summary>
public sealed record HostSnapshot(int BackendDomid, string Source, RecordedXenStore XenStore, IReadOnlyList<NetLink> Links)
{
    public const string Format = "vifmap-snapshot";
    public const int Version = 1;

    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("format", Format);
        writer.WriteNumber("version", Version);
        writer.WriteNumber("backend_domid", BackendDomid);
        writer.WriteString("source", Source);
        writer.WriteStartArray("xenstore");
        var paths = new SortedSet<string>(XenStore.Values.Keys, StringComparer.Ordinal);
        paths.UnionWith(XenStore.Directories.Keys);
        foreach (string path in paths)
        {
            writer.WriteStartObject();
            writer.WriteString("path", path);
            if (XenStore.Values.TryGetValue(path, out byte[]? value))
            {
                if (Utf8.IsValid(value))
                {
                    writer.WriteString("value", value);
                }
                else
                {
                    writer.WriteBase64String("value_base64", value);
                }
            }

            if (XenStore.Directories.TryGetValue(path, out IReadOnlyList<string>? children))
            {
                writer.WriteStartArray("children");
                foreach (string child in children)
                {
                    writer.WriteStringValue(child);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("links");
        foreach (NetLink link in Links)
        {
            WriteLink(writer, link);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteLink(Utf8JsonWriter writer, NetLink link)
    {
        writer.WriteStartObject();
        writer.WriteString("name", link.Name);
        WriteOptional(writer, "operstate", link.OperState);
        if (link.Carrier is bool carrier)
        {
            writer.WriteBoolean("carrier", carrier);
        }

        WriteOptional(writer, "master", link.Master);
        WriteOptional(writer, "mtu", link.Mtu);
        WriteOptional(writer, "address", link.Address);
        WriteOptional(writer, "kind", link.Kind);
        WriteOptional(writer, "xenbus_nodename", link.XenbusNodename);
        WriteOptional(writer, "rx_bytes", link.RxBytes);
        WriteOptional(writer, "tx_bytes", link.TxBytes);
        WriteOptional(writer, "rx_packets", link.RxPackets);
        WriteOptional(writer, "tx_packets", link.TxPackets);
        WriteOptional(writer, "rx_errors", link.RxErrors);
        WriteOptional(writer, "tx_errors", link.TxErrors);
        WriteOptional(writer, "rx_dropped", link.RxDropped);
        WriteOptional(writer, "tx_dropped", link.TxDropped);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is long v)
        {
            writer.WriteNumber(name, v);
        }
    }

    /// <summary>Reads a snapshot file. Bad input gives a null snapshot and an error (VM408); odd
    /// entries are skipped with a warning. The file may come from another machine: hostile.</summary>
    public static (HostSnapshot? Snapshot, IReadOnlyList<Diagnostic> Diagnostics) Parse(ReadOnlyMemory<byte> json, string sourceName)
    {
        var diagnostics = new DiagnosticBag();
        var here = new SourceLocation(sourceName, 0, 0);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            diagnostics.Error(DiagnosticCodes.BadSnapshot, $"not a snapshot (invalid JSON): {JsonErrorText.Position(e)}", here);
            return (null, diagnostics.Items);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out JsonElement format)
                || format.ValueKind != JsonValueKind.String
                || !format.ValueEquals(Format))
            {
                diagnostics.Error(DiagnosticCodes.BadSnapshot, $"not a snapshot: no \"format\": \"{Format}\"", here);
                return (null, diagnostics.Items);
            }

            if (!root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out int v) || v != Version)
            {
                diagnostics.Error(DiagnosticCodes.BadSnapshot, $"snapshot version {version} is not supported (this vifmap reads version {Version})", here);
                return (null, diagnostics.Items);
            }

            int backendDomid = root.TryGetProperty("backend_domid", out JsonElement be) && be.ValueKind == JsonValueKind.Number
                && be.TryGetInt32(out int b) && b >= 0 ? b : 0;
            string source = Text(root, "source", diagnostics, here) ?? "snapshot";

            var store = new RecordedXenStore();
            if (root.TryGetProperty("xenstore", out JsonElement nodes) && nodes.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement node in nodes.EnumerateArray())
                {
                    ReadNode(node, store, diagnostics, here);
                }
            }
            else
            {
                diagnostics.Error(DiagnosticCodes.BadSnapshot, "snapshot has no \"xenstore\" array", here);
                return (null, diagnostics.Items);
            }

            var links = new List<NetLink>();
            if (root.TryGetProperty("links", out JsonElement linkArray) && linkArray.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in linkArray.EnumerateArray())
                {
                    if (ReadLink(item, diagnostics, here) is NetLink link)
                    {
                        links.Add(link);
                    }
                    else
                    {
                        diagnostics.Warning(DiagnosticCodes.BadSnapshot, "a link without a string \"name\" was skipped", here);
                    }
                }
            }

            return (new HostSnapshot(backendDomid, source, store, links), diagnostics.Items);
        }
    }

    private static void ReadNode(JsonElement node, RecordedXenStore store, DiagnosticBag diagnostics, SourceLocation here)
    {
        if (node.ValueKind != JsonValueKind.Object || Text(node, "path", diagnostics, here) is not string path || path.Length == 0)
        {
            diagnostics.Warning(DiagnosticCodes.BadSnapshot, "a xenstore node without a string \"path\" was skipped", here);
            return;
        }

        if (store.Values.ContainsKey(path) || store.Directories.ContainsKey(path))
        {
            // A hand-edited or hostile file: the daemon has one node per path. Keep the first.
            diagnostics.Warning(DiagnosticCodes.BadSnapshot, $"{path} appears more than once; the first entry is kept", here);
            return;
        }

        if (node.TryGetProperty("value", out JsonElement value) && value.ValueKind == JsonValueKind.String)
        {
            // Values are bytes: a string that is not valid Unicode keeps the bytes it stands for.
            store.AddValue(path, HostileJsonString.Bytes(value));
        }
        else if (node.TryGetProperty("value_base64", out JsonElement raw) && raw.ValueKind == JsonValueKind.String)
        {
            if (raw.TryGetBytesFromBase64(out byte[]? bytes))
            {
                store.AddValue(path, bytes);
            }
            else
            {
                diagnostics.Warning(DiagnosticCodes.BadSnapshot, $"{path}: value_base64 is not base64; node read as absent", here);
            }
        }

        if (node.TryGetProperty("children", out JsonElement children) && children.ValueKind == JsonValueKind.Array)
        {
            var list = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonElement child in children.EnumerateArray())
            {
                if (child.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                string c = HostileJsonString.Text(child, out bool escaped);
                if (escaped)
                {
                    diagnostics.Warning(DiagnosticCodes.BadSnapshot, $"{path}: child '{c}' is not valid Unicode; kept, shown escaped", here);
                }

                if (seen.Add(c))
                {
                    list.Add(c);
                }
                else
                {
                    // Issue 9 item 8: a directory listing a child twice made the map throw on a duplicate key.
                    diagnostics.Warning(DiagnosticCodes.BadSnapshot, $"{path}: child '{c}' is listed more than once; listed once", here);
                }
            }

            store.AddDirectory(path, list);
        }
    }

    private static NetLink? ReadLink(JsonElement item, DiagnosticBag diagnostics, SourceLocation here)
    {
        if (item.ValueKind != JsonValueKind.Object || Text(item, "name", diagnostics, here) is not string name || name.Length == 0)
        {
            return null;
        }

        return new NetLink(name)
        {
            OperState = Text(item, "operstate", diagnostics, here),
            Carrier = item.TryGetProperty("carrier", out JsonElement c) && c.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? c.GetBoolean() : null,
            Master = Text(item, "master", diagnostics, here),
            Mtu = Number(item, "mtu") is long mtu and <= int.MaxValue ? (int)mtu : null,
            Address = Text(item, "address", diagnostics, here),
            Kind = Text(item, "kind", diagnostics, here),
            XenbusNodename = Text(item, "xenbus_nodename", diagnostics, here),
            RxBytes = Number(item, "rx_bytes"),
            TxBytes = Number(item, "tx_bytes"),
            RxPackets = Number(item, "rx_packets"),
            TxPackets = Number(item, "tx_packets"),
            RxErrors = Number(item, "rx_errors"),
            TxErrors = Number(item, "tx_errors"),
            RxDropped = Number(item, "rx_dropped"),
            TxDropped = Number(item, "tx_dropped"),
        };
    }

    /// <summary>A string field; one that is not valid Unicode (a lone surrogate such as
    /// <c>"\udc80"</c>, raw bytes that are not UTF-8) is kept escaped and flagged (issue 9 item 7).</summary>
    private static string? Text(JsonElement parent, string name, DiagnosticBag diagnostics, SourceLocation here)
    {
        string? text = HostileJsonString.Get(parent, name, out bool escaped);
        if (escaped)
        {
            diagnostics.Warning(DiagnosticCodes.BadSnapshot, $"\"{name}\": '{text}' is not valid Unicode; kept, stray bytes shown as \\xHH", here);
        }

        return text;
    }

    private static long? Number(JsonElement parent, string name)
        => parent.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) && v >= 0
            ? v : null;
}
