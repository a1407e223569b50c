using System.Text.Json;
using Vifmap.Diagnostics;
using Vifmap.XenStore.Dump;

namespace Vifmap.Host;

/// <summary>The parsed output of <c>ip -j -s -d link show</c>, and what was wrong with it.</summary>
public sealed record IpLinkParseResult(IReadOnlyList<NetLink> Links, IReadOnlyList<Diagnostic> Diagnostics) : INetLinkSource
{
    public ValueTask<IReadOnlyList<NetLink>> ReadLinksAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Links);
}

/// <summary>Reads <c>ip -j -s -d link show</c> (iproute2) so an admin can map a host where Vifmap is not
/// installed. The file comes from elsewhere: it is treated as hostile — wrong types, missing fields,
/// huge numbers and non-JSON give diagnostics, never an exception.</summary>
public static class IpLinkJson
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 32 };

    public static IpLinkParseResult Parse(ReadOnlyMemory<byte> json, string sourceName)
    {
        using var stream = new MemoryStream(json.ToArray(), writable: false);
        return Parse(stream, sourceName);
    }

    /// <summary>Reads the links one element at a time through a buffer that holds about one link: the
    /// output of a 100,000-NIC host is over 200 MB, and a document model of all of it as much again
    /// (issue 15). The reader still checks the syntax of all of it: bad JSON anywhere is one error and
    /// no links, as if it had been parsed whole.</summary>
    public static IpLinkParseResult Parse(Stream json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        var diagnostics = new DiagnosticBag();
        var links = new List<NetLink>();
        var input = new StreamBuffer(json, 256 * 1024);
        try
        {
            var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = s_options.MaxDepth });
            bool inArray = false;
            int index = 0;
            while (true)
            {
                bool element = inArray && NextByte(input) is byte next && next != (byte)']';
                var reader = new Utf8JsonReader(input.Pending, input.AtEnd, state);
                if (element)
                {
                    // An element: read whole into its own small document in one pass, or not at all.
                    if (!reader.Read() || !JsonDocument.TryParseValue(ref reader, out JsonDocument? item))
                    {
                        input.ReadMore();
                        continue;
                    }

                    using (item)
                    {
                        AddLink(item.RootElement, index, sourceName, links, diagnostics);
                    }

                    index++;
                    input.Consume((int)reader.BytesConsumed);
                    state = reader.CurrentState;
                    continue;
                }

                if (!ReadValue(ref reader, out bool complete))
                {
                    // Not a whole token or element in the buffer yet: read more and go again from before
                    // it (each reader reads one; the state carries the line and column on).
                    if (input.AtEnd)
                    {
                        throw new InvalidOperationException("a complete JSON input reported as incomplete");
                    }

                    input.ReadMore();
                    continue;
                }

                if (complete)
                {
                    break;
                }

                if (!inArray)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        // A root object was read whole by ReadValue; anything after it the reader rejects.
                        diagnostics.Error(DiagnosticCodes.BadLinkJson, "expected a JSON array of links (the output of 'ip -j -s -d link show')", new SourceLocation(sourceName, 0, 0));
                        links.Clear();
                    }

                    inArray = true;
                }
                input.Consume((int)reader.BytesConsumed);
                state = reader.CurrentState;
            }
        }
        catch (JsonException e)
        {
            var error = new DiagnosticBag();
            error.Error(DiagnosticCodes.BadLinkJson, $"not JSON from 'ip -j link': {JsonErrorText.Position(e)}", Where(sourceName, e));
            return new IpLinkParseResult([], error.Items);
        }

        return diagnostics.HasErrors ? new IpLinkParseResult([], diagnostics.Items) : new IpLinkParseResult(links, diagnostics.Items);
    }

    /// <summary>One token (a root object or value whole): false when the buffer ends first.
    /// <paramref name="complete"/>: the input has ended cleanly (checked by the reader).</summary>
    private static bool ReadValue(ref Utf8JsonReader reader, out bool complete)
    {
        complete = false;
        if (!reader.Read())
        {
            complete = reader.IsFinalBlock;
            return complete;
        }

        return reader.CurrentDepth != 0 || reader.TokenType != JsonTokenType.StartObject || reader.TrySkip();
    }

    /// <summary>The next byte that is not JSON white space, reading on for it; null at the end.</summary>
    private static byte? NextByte(StreamBuffer input)
    {
        while (true)
        {
            int at = input.Pending.IndexOfAnyExcept(" \t\r\n"u8);
            if (at >= 0)
            {
                return input.Pending[at];
            }

            if (input.AtEnd)
            {
                return null;
            }

            input.ReadMore();
        }
    }

    private static void AddLink(JsonElement item, int index, string sourceName, List<NetLink> links, DiagnosticBag diagnostics)
    {
        var escapedFields = new List<string>();
        if (ReadLink(item, escapedFields) is NetLink link)
        {
            links.Add(link);
            foreach (string field in escapedFields)
            {
                diagnostics.Warning(
                    DiagnosticCodes.BadLinkJson,
                    $"link #{index} ({link.Name}): '{field}' is not UTF-8 (ip prints the kernel's bytes as they are); kept, stray bytes shown as \\xHH",
                    new SourceLocation(sourceName, 0, 0));
            }
        }
        else
        {
            diagnostics.Warning(DiagnosticCodes.BadLinkJson, $"link #{index} has no string 'ifname'; skipped", new SourceLocation(sourceName, 0, 0));
        }
    }

    private static NetLink? ReadLink(JsonElement item, List<string> escapedFields)
    {
        if (item.ValueKind != JsonValueKind.Object || String(item, "ifname", escapedFields) is not string name || name.Length == 0)
        {
            return null;
        }

        string[] flags = Flags(item);
        bool up = flags.Contains("UP", StringComparer.Ordinal);
        JsonElement rx = Object(Object(item, "stats64"), "rx");
        JsonElement tx = Object(Object(item, "stats64"), "tx");
        return new NetLink(name)
        {
            // ip prints the kernel's operstate in capitals; sysfs in lower case. One spelling in the map.
            OperState = String(item, "operstate", escapedFields)?.ToLowerInvariant(),

            // Like sysfs: carrier is unknown while admin-down, else LOWER_UP says it.
            Carrier = up ? flags.Contains("LOWER_UP", StringComparer.Ordinal) : null,
            Master = String(item, "master", escapedFields),
            Mtu = Number(item, "mtu") is long mtu and >= 0 and <= int.MaxValue ? (int)mtu : null,
            Address = String(item, "address", escapedFields),
            Kind = String(Object(item, "linkinfo"), "info_kind", escapedFields),
            RxBytes = Number(rx, "bytes"),
            TxBytes = Number(tx, "bytes"),
            RxPackets = Number(rx, "packets"),
            TxPackets = Number(tx, "packets"),
            RxErrors = Number(rx, "errors"),
            TxErrors = Number(tx, "errors"),
            RxDropped = Number(rx, "dropped"),
            TxDropped = Number(tx, "dropped"),
        };
    }

    private static string[] Flags(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("flags", out JsonElement flags) || flags.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = new List<string>();
        foreach (JsonElement f in flags.EnumerateArray())
        {
            if (f.ValueKind == JsonValueKind.String)
            {
                result.Add(HostileJsonString.Text(f, out _));
            }
        }

        return [.. result];
    }

    private static JsonElement Object(JsonElement parent, string name)
        => parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Object
            ? e
            : default;

    private static string? String(JsonElement parent, string name, List<string> escapedFields)
    {
        string? text = HostileJsonString.Get(parent, name, out bool escaped);
        if (escaped)
        {
            escapedFields.Add(name);
        }

        return text;
    }

    private static long? Number(JsonElement parent, string name)
        => parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out JsonElement e)
            && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) && v >= 0
            ? v
            : null;

    private static SourceLocation Where(string sourceName, JsonException e)
        => e.LineNumber is long line && e.BytePositionInLine is long col
            ? new SourceLocation(sourceName, (int)Math.Min(line + 1, int.MaxValue), (int)Math.Min(col + 1, int.MaxValue))
            : new SourceLocation(sourceName, 0, 0);
}
