using System.Globalization;

namespace Vifmap.Diagnostics;

/// <summary>Collects findings from many concurrent readers and keeps at most <see cref="PerCodeLimit"/>
/// of each code: a hostile xenstore can hold 100,000 bad values, and 100,000 warnings help nobody and
/// cost memory. The rest of a code are counted and summed up in one finding, "… and N more".</summary>
public sealed class DiagnosticCollector
{
    /// <summary>Enough to show a pattern; a host with more of one kind of problem has one problem many times.</summary>
    public const int DefaultPerCodeLimit = 20;

    private readonly Lock _lock = new();
    private readonly List<Diagnostic> _kept = [];
    private readonly Dictionary<string, (int Kept, long Dropped, Severity Severity, SourceLocation Location)> _byCode = new(StringComparer.Ordinal);

    public DiagnosticCollector(int perCodeLimit = DefaultPerCodeLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perCodeLimit);
        PerCodeLimit = perCodeLimit;
    }

    public int PerCodeLimit { get; }

    public void Report(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        lock (_lock)
        {
            _byCode.TryGetValue(diagnostic.Code, out var seen);
            if (seen.Kept < PerCodeLimit)
            {
                _kept.Add(diagnostic);
                _byCode[diagnostic.Code] = (seen.Kept + 1, seen.Dropped, Max(seen.Severity, diagnostic.Severity), diagnostic.Location);
            }
            else
            {
                _byCode[diagnostic.Code] = (seen.Kept, seen.Dropped + 1, Max(seen.Severity, diagnostic.Severity), seen.Location);
            }
        }
    }

    public void Warning(string code, string message, SourceLocation location)
        => Report(new Diagnostic(code, Severity.Warning, message, location));

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (Diagnostic d in diagnostics)
        {
            Report(d);
        }
    }

    /// <summary>Another collector's findings, as if they had been reported here after this one's: its kept
    /// findings in the order it got them, then what it dropped counted as dropped here.</summary>
    public void AddFrom(DiagnosticCollector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        List<Diagnostic> kept;
        List<(string Code, long Dropped, Severity Severity)> dropped;
        lock (other._lock)
        {
            kept = [.. other._kept];
            dropped = [.. other._byCode.Where(kv => kv.Value.Dropped > 0).Select(kv => (kv.Key, kv.Value.Dropped, kv.Value.Severity))];
        }

        foreach (Diagnostic d in kept)
        {
            Report(d);
        }

        lock (_lock)
        {
            foreach ((string code, long count, Severity severity) in dropped)
            {
                // The other's limit was this one's or more: its kept findings filled this code here first.
                _byCode.TryGetValue(code, out var seen);
                _byCode[code] = (seen.Kept, seen.Dropped + count, Max(seen.Severity, severity), seen.Location);
            }
        }
    }

    /// <summary>Findings another collector already capped (its summaries included): kept as they are.</summary>
    public void AddCapped(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        lock (_lock)
        {
            _kept.AddRange(diagnostics);
        }
    }

    /// <summary>The kept findings sorted by code then message (concurrent readers report in no fixed
    /// order; sorted output is the same on every run), each code's summary after its last finding.</summary>
    public IReadOnlyList<Diagnostic> ToSortedList()
    {
        lock (_lock)
        {
            var result = new List<Diagnostic>(_kept.Count + 4);
            result.AddRange(_kept
                .OrderBy(d => d.Code, StringComparer.Ordinal)
                .ThenBy(d => d.Message, StringComparer.Ordinal));
            foreach ((string code, var seen) in _byCode.OrderByDescending(kv => kv.Key, StringComparer.Ordinal))
            {
                if (seen.Dropped > 0)
                {
                    int after = result.FindLastIndex(d => string.Equals(d.Code, code, StringComparison.Ordinal));
                    result.Insert(after + 1, new Diagnostic(code, seen.Severity, string.Create(CultureInfo.InvariantCulture,
                        $"… and {seen.Dropped} more {code} findings like these (only the first {PerCodeLimit} of a code are shown)"), seen.Location));
                }
            }

            return result;
        }
    }

    private static Severity Max(Severity a, Severity b) => a == Severity.Error || b == Severity.Error ? Severity.Error : Severity.Warning;
}
