using System.Text;
using System.Text.Json;
using System.Text.Unicode;
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
    public static IpLinkParseResult Parse(ReadOnlyMemory<byte> json, string sourceName)
    {
        using var stream = new MemoryStream(json.ToArray(), writable: false);
        return Parse(stream, sourceName);
    }

    /// <summary>Reads the links one element at a time through a buffer that holds about one link: the
    /// output of a 100,000-NIC host is over 200 MB, and a document model of all of it as much again
    /// (issue 15). The reader still checks the syntax of all of it: bad JSON anywhere is one error and
    /// no links, as if it had been parsed whole.</summary>
    /// <remarks>Each element is read token by token, keeping only the fields a <see cref="NetLink"/> has: a
    /// <see cref="JsonDocument"/> per element (its own pass to find the element's end, then a second to
    /// build it) was most of the time of <c>ls --links</c> on a big host. A property given twice counts
    /// once, the last one, whatever its type: what <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
    /// answered when each link was a document.</remarks>
    public static IpLinkParseResult Parse(Stream json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        var diagnostics = new DiagnosticBag();
        var links = new List<NetLink>();
        var input = new StreamBuffer(json, 256 * 1024);
        var repeated = new RepeatedText();
        try
        {
            var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = MaxDepth });
            bool inArray = false;
            int index = 0;
            while (true)
            {
                bool element = inArray && NextByte(input) is byte next && next != (byte)']';
                var reader = new Utf8JsonReader(input.Pending, input.AtEnd, state);
                if (element)
                {
                    // An element: read whole in one pass, or not at all (the buffer ended inside it:
                    // read more and go again from before it).
                    var link = default(LinkFields);
                    if (!reader.Read() || !ReadElement(ref reader, ref link, repeated))
                    {
                        input.ReadMore();
                        continue;
                    }

                    AddLink(link, index, sourceName, links, diagnostics, repeated);
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

    private const int MaxDepth = 32;

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

    private static void AddLink(in LinkFields f, int index, string sourceName, List<NetLink> links, DiagnosticBag diagnostics, RepeatedText repeated)
    {
        if (!f.IsObject || f.Name.Text is not string name || name.Length == 0)
        {
            diagnostics.Warning(DiagnosticCodes.BadLinkJson, $"link #{index} has no string 'ifname'; skipped", new SourceLocation(sourceName, 0, 0));
            return;
        }

        var link = new NetLink(name)
        {
            // ip prints the kernel's operstate in capitals; sysfs in lower case. One spelling in the map.
            OperState = f.OperState.Text is string operState ? repeated.Lower(operState) : null,

            // Like sysfs: carrier is unknown while admin-down, else LOWER_UP says it.
            Carrier = f.Up ? f.LowerUp : null,
            Master = f.Master.Text,
            Mtu = f.Mtu is long mtu and >= 0 and <= int.MaxValue ? (int)mtu : null,
            Address = f.Address.Text,
            Kind = f.Kind.Text,
            RxBytes = f.Rx.Bytes,
            TxBytes = f.Tx.Bytes,
            RxPackets = f.Rx.Packets,
            TxPackets = f.Tx.Packets,
            RxErrors = f.Rx.Errors,
            TxErrors = f.Tx.Errors,
            RxDropped = f.Rx.Dropped,
            TxDropped = f.Tx.Dropped,
        };
        links.Add(link);
        ReportEscaped(f.Name, "ifname", link, index, sourceName, diagnostics);
        ReportEscaped(f.OperState, "operstate", link, index, sourceName, diagnostics);
        ReportEscaped(f.Master, "master", link, index, sourceName, diagnostics);
        ReportEscaped(f.Address, "address", link, index, sourceName, diagnostics);
        ReportEscaped(f.Kind, "info_kind", link, index, sourceName, diagnostics);
    }

    private static void ReportEscaped(in TextField field, string name, NetLink link, int index, string sourceName, DiagnosticBag diagnostics)
    {
        if (field.Escaped)
        {
            diagnostics.Warning(
                DiagnosticCodes.BadLinkJson,
                $"link #{index} ({link.Name}): '{name}' is not UTF-8 (ip prints the kernel's bytes as they are); kept, stray bytes shown as \\xHH",
                new SourceLocation(sourceName, 0, 0));
        }
    }

    /// <summary>The element whose first token the reader is on; false when the buffer ends inside it.</summary>
    private static bool ReadElement(ref Utf8JsonReader reader, ref LinkFields link, RepeatedText repeated)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Skip(ref reader);
        }

        link.IsObject = true;
        while (true)
        {
            switch (NextMember(ref reader, out Key key))
            {
                case Member.End:
                    return true;
                case Member.Incomplete:
                    return false;
            }

            bool whole = key switch
            {
                Key.IfName => ReadText(ref reader, out link.Name),
                Key.OperState => ReadText(ref reader, out link.OperState, repeated),
                Key.Master => ReadText(ref reader, out link.Master, repeated),
                Key.Address => ReadText(ref reader, out link.Address),
                Key.Mtu => ReadNumber(ref reader, out link.Mtu),
                Key.Flags => ReadFlags(ref reader, ref link),
                Key.LinkInfo => ReadLinkInfo(ref reader, out link.Kind, repeated),
                Key.Stats64 => ReadStats(ref reader, out link.Rx, out link.Tx),
                _ => Skip(ref reader),
            };
            if (!whole)
            {
                return false;
            }
        }
    }

    /// <summary>What <see cref="NextMember"/> found in an object.</summary>
    private enum Member
    {
        /// <summary>A member: the reader is on its value.</summary>
        Value,

        /// <summary>The object's end.</summary>
        End,

        /// <summary>The buffer ends first; the caller reads the element again with more input.</summary>
        Incomplete,
    }

    /// <summary>Moves to the next member of the object the reader is in: its name becomes <paramref name="key"/>
    /// and the reader is left on its value.</summary>
    private static Member NextMember(ref Utf8JsonReader reader, out Key key)
    {
        key = default;
        if (!reader.Read())
        {
            return Member.Incomplete;
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return Member.End;
        }

        key = KeyOf(ref reader);
        return reader.Read() ? Member.Value : Member.Incomplete;
    }

    /// <summary><c>flags</c>: an array of strings, of which only UP and LOWER_UP matter; anything else
    /// counts as no flags.</summary>
    private static bool ReadFlags(ref Utf8JsonReader reader, ref LinkFields link)
    {
        link.Up = false;
        link.LowerUp = false;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Skip(ref reader);
        }

        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray:
                    return true;
                case JsonTokenType.String:
                    link.Up |= IsText(ref reader, "UP"u8, "UP");
                    link.LowerUp |= IsText(ref reader, "LOWER_UP"u8, "LOWER_UP");
                    break;
                default:
                    if (!Skip(ref reader))
                    {
                        return false;
                    }

                    break;
            }
        }
    }

    private static bool ReadLinkInfo(ref Utf8JsonReader reader, out TextField kind, RepeatedText repeated)
    {
        kind = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Skip(ref reader);
        }

        while (true)
        {
            switch (NextMember(ref reader, out Key key))
            {
                case Member.End:
                    return true;
                case Member.Incomplete:
                    return false;
            }

            if (!(key == Key.InfoKind ? ReadText(ref reader, out kind, repeated) : Skip(ref reader)))
            {
                return false;
            }
        }
    }

    private static bool ReadStats(ref Utf8JsonReader reader, out Counters rx, out Counters tx)
    {
        rx = default;
        tx = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Skip(ref reader);
        }

        while (true)
        {
            switch (NextMember(ref reader, out Key key))
            {
                case Member.End:
                    return true;
                case Member.Incomplete:
                    return false;
            }

            bool whole = key switch
            {
                Key.Rx => ReadCounters(ref reader, out rx),
                Key.Tx => ReadCounters(ref reader, out tx),
                _ => Skip(ref reader),
            };
            if (!whole)
            {
                return false;
            }
        }
    }

    private static bool ReadCounters(ref Utf8JsonReader reader, out Counters counters)
    {
        counters = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Skip(ref reader);
        }

        while (true)
        {
            switch (NextMember(ref reader, out Key key))
            {
                case Member.End:
                    return true;
                case Member.Incomplete:
                    return false;
            }

            bool whole = key switch
            {
                Key.Bytes => ReadNumber(ref reader, out counters.Bytes),
                Key.Packets => ReadNumber(ref reader, out counters.Packets),
                Key.Errors => ReadNumber(ref reader, out counters.Errors),
                Key.Dropped => ReadNumber(ref reader, out counters.Dropped),
                _ => Skip(ref reader),
            };
            if (!whole)
            {
                return false;
            }
        }
    }

    /// <summary>A string value as text (escaped when not valid Unicode); null for a value of another type.
    /// <paramref name="repeated"/>: a field whose few values repeat on every link.</summary>
    private static bool ReadText(ref Utf8JsonReader reader, out TextField field, RepeatedText? repeated = null)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            field = default;
            return Skip(ref reader);
        }

        if (repeated?.Get(ref reader) is string known)
        {
            field = new TextField { Text = known };
            return true;
        }

        field.Text = HostileJsonString.Text(ref reader, out field.Escaped);
        return true;
    }

    /// <summary>The values that repeat on every link (its operstate, the bridge it is enslaved to, its
    /// kind): one string each, not 150,000 copies of "up" and "xenbr0" in a big host's map. Bounded,
    /// since hostile input can make every value different.</summary>
    private sealed class RepeatedText
    {
        private const int MaxTexts = 4096;
        private const int MaxLength = 64;

        private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly Dictionary<string, string> _lower = new(StringComparer.Ordinal);

        public RepeatedText()
        {
            _lookup = _texts.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>The string token's text when it is plain UTF-8 (no escape) and short; else null, for
        /// <see cref="HostileJsonString"/> to decode.</summary>
        public string? Get(ref Utf8JsonReader reader)
        {
            ReadOnlySpan<byte> utf8 = reader.ValueSpan;
            if (reader.ValueIsEscaped || utf8.Length > MaxLength || !Utf8.IsValid(utf8))
            {
                return null;
            }

            Span<char> chars = stackalloc char[MaxLength];
            chars = chars[..Encoding.UTF8.GetChars(utf8, chars)];
            if (_lookup.TryGetValue(chars, out string? known))
            {
                return known;
            }

            string text = chars.ToString();
            if (_texts.Count < MaxTexts)
            {
                _texts.Add(text, text);
            }

            return text;
        }

        /// <summary>The text in lower case (ip prints operstate in capitals), one string per value.</summary>
        public string Lower(string text)
        {
            if (_lower.TryGetValue(text, out string? lower))
            {
                return lower;
            }

            lower = text.ToLowerInvariant();
            if (_lower.Count < MaxTexts)
            {
                _lower.Add(text, lower);
            }

            return lower;
        }
    }

    /// <summary>A whole, non-negative number that fits 64 bits; null for anything else.</summary>
    private static bool ReadNumber(ref Utf8JsonReader reader, out long? number)
    {
        number = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long v) && v >= 0 ? v : null;
        return Skip(ref reader);
    }

    /// <summary>Whether the string under the reader is <paramref name="text"/>, escapes decoded.</summary>
    private static bool IsText(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string text)
        => reader.ValueIsEscaped
            ? string.Equals(HostileJsonString.Text(ref reader, out _), text, StringComparison.Ordinal)
            : reader.ValueSpan.SequenceEqual(utf8);

    /// <summary>Past the value the reader is on (a scalar is already whole); false when the buffer ends inside it.</summary>
    private static bool Skip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return true;
        }

        int depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.CurrentDepth == depth)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The property name under the reader, among those a link's fields come from. An escaped
    /// name is compared decoded; one that decodes to no text (a lone surrogate) matches none.</summary>
    private static Key KeyOf(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> name = reader.ValueIsEscaped ? HostileJsonString.Bytes(reader.ValueSpan) : reader.ValueSpan;
        return name.Length switch
        {
            2 when name.SequenceEqual("rx"u8) => Key.Rx,
            2 when name.SequenceEqual("tx"u8) => Key.Tx,
            3 when name.SequenceEqual("mtu"u8) => Key.Mtu,
            5 when name.SequenceEqual("flags"u8) => Key.Flags,
            5 when name.SequenceEqual("bytes"u8) => Key.Bytes,
            6 when name.SequenceEqual("ifname"u8) => Key.IfName,
            6 when name.SequenceEqual("master"u8) => Key.Master,
            6 when name.SequenceEqual("errors"u8) => Key.Errors,
            7 when name.SequenceEqual("address"u8) => Key.Address,
            7 when name.SequenceEqual("stats64"u8) => Key.Stats64,
            7 when name.SequenceEqual("packets"u8) => Key.Packets,
            7 when name.SequenceEqual("dropped"u8) => Key.Dropped,
            8 when name.SequenceEqual("linkinfo"u8) => Key.LinkInfo,
            9 when name.SequenceEqual("operstate"u8) => Key.OperState,
            9 when name.SequenceEqual("info_kind"u8) => Key.InfoKind,
            _ => Key.Other,
        };
    }

    private enum Key
    {
        Other,
        IfName,
        Flags,
        Mtu,
        OperState,
        Master,
        Address,
        LinkInfo,
        InfoKind,
        Stats64,
        Rx,
        Tx,
        Bytes,
        Packets,
        Errors,
        Dropped,
    }

    /// <summary>A string field of a link: its text, and whether that text is the escaped form of bytes
    /// that are not UTF-8 (reported).</summary>
    private struct TextField
    {
        public string? Text;
        public bool Escaped;
    }

    private struct Counters
    {
        public long? Bytes;
        public long? Packets;
        public long? Errors;
        public long? Dropped;
    }

    /// <summary>What one element gave, as read so far.</summary>
    private struct LinkFields
    {
        public bool IsObject;
        public TextField Name;
        public TextField OperState;
        public TextField Master;
        public TextField Address;
        public TextField Kind;
        public bool Up;
        public bool LowerUp;
        public long? Mtu;
        public Counters Rx;
        public Counters Tx;
    }

    private static SourceLocation Where(string sourceName, JsonException e)
        => e.LineNumber is long line && e.BytePositionInLine is long col
            ? new SourceLocation(sourceName, (int)Math.Min(line + 1, int.MaxValue), (int)Math.Min(col + 1, int.MaxValue))
            : new SourceLocation(sourceName, 0, 0);
}
