using System.Text.Json;
using Vifmap.Diagnostics;

namespace Vifmap.Cli.Output;

/// <summary>Renders findings for people (<c>FILE:LINE:COL: error|warning: MESSAGE [CODE]</c>, one line each,
/// as compilers print them) or for scripts (JSON objects <c>file, line, column, severity, code,
/// message</c>). Shared by every command. Config text is hostile: control characters in file names and
/// messages are escaped so that one finding is always one line.</summary>
internal static class DiagnosticWriter
{
    /// <summary>Findings in file order: by line, column; ties keep the order they were found in.</summary>
    public static IReadOnlyList<Diagnostic> InFileOrder(IEnumerable<Diagnostic> diagnostics)
        => [.. diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)];

    public static string Format(Diagnostic d)
    {
        ArgumentNullException.ThrowIfNull(d);
        string where = d.Location.IsNone
            ? TerminalText.Escape(d.Location.Source)
            : $"{TerminalText.Escape(d.Location.Source)}:{d.Location.Line}:{d.Location.Column}";
        return $"{where}: {d.Severity.ToWireName()}: {TerminalText.EscapeControls(d.Message)} [{d.Code}]";
    }

    /// <summary>A finding about a host (no file position): <c>vifmap: warning VM401: MESSAGE</c> on stderr,
    /// beside the table or JSON on stdout.</summary>
    public static string FormatHostLine(Diagnostic d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return $"vifmap: {d.Severity.ToWireName()} {d.Code}: {TerminalText.EscapeControls(d.Message)}";
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

    /// <summary>One finding as a JSON object: the fields of <c>lint --json</c>.</summary>
    public static void WriteJsonObject(Utf8JsonWriter json, Diagnostic d)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(d);
        json.WriteStartObject();
        json.WriteString("file", d.Location.Source);
        json.WriteNumber("line", d.Location.Line);
        json.WriteNumber("column", d.Location.Column);
        json.WriteString("severity", d.Severity.ToWireName());
        json.WriteString("code", d.Code);
        json.WriteString("message", d.Message);
        json.WriteEndObject();
    }

    /// <summary>The findings as a JSON array, element by element (a file can have hundreds of thousands).</summary>
    public static void WriteJsonArray(Utf8JsonWriter json, IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(diagnostics);
        json.WriteStartArray();
        foreach (Diagnostic d in diagnostics)
        {
            WriteJsonObject(json, d);
            JsonOutput.FlushIfFull(json);
        }

        json.WriteEndArray();
    }
}
