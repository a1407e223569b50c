using Vifmap.Diagnostics;

namespace Vifmap.Config;

/// <summary>A parsed xl.cfg: every statement in order, the effective value of each name
/// (last assignment wins, <c>+=</c> applied as libxlutil does), and every finding.</summary>
public sealed class XlConfigDocument
{
    private readonly Dictionary<string, ConfigSetting> _effective;

    public XlConfigDocument(string source, IReadOnlyList<ConfigSetting> statements,
        IReadOnlyDictionary<string, ConfigSetting> effective, IReadOnlyList<Diagnostic> diagnostics)
    {
        Source = source;
        Statements = statements;
        _effective = new Dictionary<string, ConfigSetting>(effective, StringComparer.Ordinal);
        Diagnostics = diagnostics;
    }

    /// <summary>The name used in diagnostics (file path, or "-" for standard input).</summary>
    public string Source { get; }

    /// <summary>Every statement that parsed, in file order.</summary>
    public IReadOnlyList<ConfigSetting> Statements { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when libxlutil would reject the file (xl create would stop).</summary>
    public bool HasSyntaxErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>The value xl reads for <paramref name="name"/>: the last assignment, with appends applied.</summary>
    public ConfigSetting? Get(string name) => _effective.GetValueOrDefault(name);

    public IEnumerable<string> Names => _effective.Keys;
}
