using Vifmap.Diagnostics;
using Vifmap.Vif;

namespace Vifmap.Naming;

/// <summary>The planner's findings, each with the NIC it is about (null for the domain), so that a finding
/// restating one of the config's about the same NIC can be left out.</summary>
internal sealed class OwnDiagnostics
{
    private readonly List<(Diagnostic Diagnostic, NicSpec? Nic)> _items = [];

    public IReadOnlyList<(Diagnostic Diagnostic, NicSpec? Nic)> Items => _items;

    public void Add(Diagnostic diagnostic, NicSpec? nic) => _items.Add((diagnostic, nic));

    public void Error(string code, string message, SourceLocation location, NicSpec? nic = null)
        => _items.Add((new Diagnostic(code, Severity.Error, message, location), nic));

    public void Warning(string code, string message, SourceLocation location, NicSpec? nic = null)
        => _items.Add((new Diagnostic(code, Severity.Warning, message, location), nic));
}
