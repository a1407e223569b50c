namespace Vifmap.Diagnostics;

/// <summary>Collects findings while a parser keeps going (Tomlyn's approach: bad input is data).</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors { get; private set; }

    public void Add(Diagnostic diagnostic)
    {
        _items.Add(diagnostic);
        HasErrors |= diagnostic.Severity == Severity.Error;
    }

    public void Error(string code, string message, SourceLocation location)
        => Add(new Diagnostic(code, Severity.Error, message, location));

    public void Warning(string code, string message, SourceLocation location)
        => Add(new Diagnostic(code, Severity.Warning, message, location));

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (Diagnostic d in diagnostics)
        {
            Add(d);
        }
    }
}
