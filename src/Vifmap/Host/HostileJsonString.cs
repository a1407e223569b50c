using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Vifmap.Host;

/// <summary>Strings from JSON written elsewhere (<c>ip -j link</c>, a snapshot): System.Text.Json's
/// <c>GetString</c> throws on text that is not UTF-8 (ip prints the kernel's bytes as they are) and
/// on an escaped lone surrogate (<c>"\udc80"</c>, which no UTF-8 can hold). Here both are decoded to
/// the bytes they stand for; a lone surrogate becomes its three-byte generalised UTF-8 form, which
/// is not UTF-8 and so is shown escaped and flagged like any other stray byte.</summary>
internal static class HostileJsonString
{
    /// <summary>The string property <paramref name="name"/> of an object as text (escaped by
    /// <see cref="InterfaceNameText.FromBytes"/> when it is not valid Unicode); null when absent or not a string.</summary>
    public static string? Get(JsonElement parent, string name, out bool escaped)
    {
        escaped = false;
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out JsonElement e) || e.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return Text(e, out escaped);
    }

    /// <summary>A string element as text, escaped when it is not valid Unicode.</summary>
    public static string Text(JsonElement element, out bool escaped)
    {
        try
        {
            escaped = false;
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return InterfaceNameText.FromBytes(Bytes(element), out escaped);
        }
    }

    /// <summary>The string token under <paramref name="reader"/> as text, as <see cref="Text(JsonElement, out bool)"/>
    /// (the reader's and the document's <c>GetString</c> decode alike).</summary>
    public static string Text(ref Utf8JsonReader reader, out bool escaped)
    {
        try
        {
            escaped = false;
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return InterfaceNameText.FromBytes(Bytes(reader.ValueSpan), out escaped);
        }
    }

    /// <summary>The bytes a string element stands for, escapes decoded, invalid UTF-8 kept as it is.</summary>
    public static byte[] Bytes(JsonElement element)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(element);
        return Bytes(raw[1..^1]); // the quotes: the reader has already checked the token's shape
    }

    /// <summary>As above, from the text between the quotes (a reader's <c>ValueSpan</c>).</summary>
    public static byte[] Bytes(ReadOnlySpan<byte> raw)
    {
        var bytes = new List<byte>(raw.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b != (byte)'\\' || i + 1 >= raw.Length)
            {
                bytes.Add(b);
                continue;
            }

            byte escape = raw[++i];
            switch (escape)
            {
                case (byte)'b': bytes.Add(0x08); break;
                case (byte)'f': bytes.Add(0x0c); break;
                case (byte)'n': bytes.Add((byte)'\n'); break;
                case (byte)'r': bytes.Add((byte)'\r'); break;
                case (byte)'t': bytes.Add((byte)'\t'); break;
                case (byte)'u' when i + 4 < raw.Length:
                    int unit = Hex4(raw.Slice(i + 1, 4));
                    i += 4;
                    if (char.IsHighSurrogate((char)unit) && i + 6 < raw.Length && raw[i + 1] == (byte)'\\' && raw[i + 2] == (byte)'u'
                        && Hex4(raw.Slice(i + 3, 4)) is int low && char.IsLowSurrogate((char)low))
                    {
                        int scalar = char.ConvertToUtf32((char)unit, (char)low);
                        i += 6;
                        int n = new Rune(scalar).EncodeToUtf8(utf8);
                        AddRange(bytes, utf8[..n]);
                    }
                    else if (char.IsSurrogate((char)unit))
                    {
                        // Generalised UTF-8 (WTF-8) of the lone surrogate: kept, never valid UTF-8.
                        bytes.Add((byte)(0xE0 | (unit >> 12)));
                        bytes.Add((byte)(0x80 | ((unit >> 6) & 0x3F)));
                        bytes.Add((byte)(0x80 | (unit & 0x3F)));
                    }
                    else
                    {
                        int n = new Rune(unit).EncodeToUtf8(utf8);
                        AddRange(bytes, utf8[..n]);
                    }

                    break;
                default: bytes.Add(escape); break; // \" \\ \/
            }
        }

        return [.. bytes];
    }

    private static void AddRange(List<byte> bytes, ReadOnlySpan<byte> more)
    {
        foreach (byte b in more)
        {
            bytes.Add(b);
        }
    }

    private static int Hex4(ReadOnlySpan<byte> hex)
    {
        int value = 0;
        foreach (byte h in hex)
        {
            int digit = h switch
            {
                >= (byte)'0' and <= (byte)'9' => h - '0',
                >= (byte)'a' and <= (byte)'f' => h - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => h - 'A' + 10,
                _ => 0,
            };
            value = (value << 4) | digit;
        }

        return value;
    }
}
