using System.Text.Encodings.Web;
using System.Text.Json;
using Vifmap.Diagnostics;

namespace Vifmap.Cli.Output;

/// <summary>Renders findings for people (<c>FILE:LINE:COL: error|warning: MESSAGE [CODE]</c>, one line each,
/// as compilers print them) or for scripts (a JSON array of <c>file, line, column, severity, code,
/// message</c>). Shared by <c>lint</c> and <c>plan</c>. Config text is hostile: control characters in file
/// names and messages are escaped so that one finding is always one line.</summary>
internal static class DiagnosticWriter
{
    /// <summary>Findings in file order: by source, line, column; ties keep the order they were found in.</summary>
    public static IReadOnlyList<Diagnostic> InFileOrder(IEnumerable<Diagnostic> diagnostics)
        => [.. diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)];

    public static string Format(Diagnostic d)
    {
        ArgumentNullException.ThrowIfNull(d);
        string where = d.Location.IsNone
            ? TableWriter.Escape(d.Location.Source)
            : $"{TableWriter.Escape(d.Location.Source)}:{d.Location.Line}:{d.Location.Column}";
        return $"{where}: {SeverityName(d.Severity)}: {TableWriter.EscapeControls(d.Message)} [{d.Code}]";
    }

    public static void WriteText(TextWriter output, IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (Diagnostic d in diagnostics)
        {
            output.WriteLine(Format(d));
        }
    }

    public static void WriteJson(TextWriter output, IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(diagnostics);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,

            // Non-ASCII stays readable; quotes, backslashes and control characters are still escaped.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartArray();
            foreach (Diagnostic d in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("file", d.Location.Source);
                json.WriteNumber("line", d.Location.Line);
                json.WriteNumber("column", d.Location.Column);
                json.WriteString("severity", SeverityName(d.Severity));
                json.WriteString("code", d.Code);
                json.WriteString("message", d.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static string SeverityName(Severity severity) => severity == Severity.Error ? "error" : "warning";
}
