namespace Vifmap.Diagnostics;

/// <summary>One finding about an input. Codes are stable and documented in docs/diagnostics.md:
/// VM1xx config syntax, VM2xx vif spec, VM3xx naming, VM4xx host map. A retired code is never reused.</summary>
public sealed record Diagnostic(string Code, Severity Severity, string Message, SourceLocation Location)
{
    public override string ToString()
        => $"{Location}: {(Severity == Severity.Error ? "error" : "warning")}: {Message} [{Code}]";
}
