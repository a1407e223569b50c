namespace Vifmap.Diagnostics;

/// <summary>How bad a finding is. An error means xl (or the kernel) will refuse or fail; a warning
/// means xl accepts the input but probably not the way its author meant.</summary>
public enum Severity
{
    Warning,
    Error,
}
