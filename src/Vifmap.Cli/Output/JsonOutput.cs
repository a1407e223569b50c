using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vifmap.Cli.Output;

/// <summary>Every JSON document vifmap prints is written here: indented, snake_case names chosen by the
/// caller, non-ASCII kept readable (quotes, backslashes and control characters are still escaped), and
/// streamed: handed to the output as it is made, so a document of any size needs no more memory than
/// one element of it.</summary>
internal static class JsonOutput
{
    /// <summary>The schema version every top-level JSON object states (<c>schema_version</c>).</summary>
    public const int SchemaVersion = 1;

    private const int FlushThreshold = 64 * 1024;

    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one document to <paramref name="output"/> and ends it with a newline.</summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(write);
        if (Utf8BytesUnder(output) is { } bytes)
        {
            Write(bytes, write);
            return;
        }

        using (var stream = new TextWriterStream(output))
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            write(writer);
        }

        output.WriteLine();
    }

    /// <summary>The stream under <paramref name="output"/> when that is a UTF-8 <see cref="StreamWriter"/> (the
    /// process's standard output), with what the writer held flushed to it first; null for any other writer (a
    /// test's). UTF-8 that is already made then goes out as it is, not decoded to text and encoded again (a 240 MB
    /// exposition was 480 MB more as a string).</summary>
    public static Stream? Utf8BytesUnder(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output is not StreamWriter { Encoding: UTF8Encoding, BaseStream.CanWrite: true } writer)
        {
            return null;
        }

        writer.Flush();
        return writer.BaseStream;
    }

    /// <summary>Writes one document to a stream (a file being written), ending it with a newline.</summary>
    public static void Write(Stream output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(write);
        using (var writer = new Utf8JsonWriter(output, s_options))
        {
            write(writer);
        }

        output.WriteByte((byte)'\n');
    }

    /// <summary>Call between elements of a long array: passes what is pending on to the output.</summary>
    public static void FlushIfFull(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.BytesPending > FlushThreshold)
        {
            writer.Flush();
        }
    }

    public static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>As above, with a name encoded once (a field of every NIC of a big map).</summary>
    public static void WriteStringOrNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteNumberOrNull(Utf8JsonWriter writer, JsonEncodedText name, long? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is long v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void WriteNumberOrNull(Utf8JsonWriter writer, string name, long? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
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
