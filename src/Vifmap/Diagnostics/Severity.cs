namespace Vifmap.Diagnostics;

/// <summary>How bad a finding is. An error means xl (or the kernel) will refuse or fail; a warning
/// means xl accepts the input but probably not the way its author meant.</summary>
public enum Severity
{
    Warning,
    Error,
}

/// <summary>The names output uses for <see cref="Severity"/>, as compilers print them.</summary>
public static class SeverityNames
{
    public static string ToWireName(this Severity severity) => severity == Severity.Error ? "error" : "warning";
}
