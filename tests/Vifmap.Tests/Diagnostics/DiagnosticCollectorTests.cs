using Vifmap.Diagnostics;

namespace Vifmap.Tests.Diagnostics;

public sealed class DiagnosticCollectorTests
{
    private static Diagnostic Finding(string code, int n, Severity severity = Severity.Warning)
        => new(code, severity, $"finding {n:D3}", new SourceLocation("dump", n, 0));

    [Fact]
    public void Collectors_added_in_order_keep_what_one_collector_fed_in_that_order_keeps()
    {
        // The facts of a big dump are read in runs on several threads, each into its own collector
        // (issue 15): added in run order they must give the map the findings one reader would have.
        Diagnostic[] findings = [.. Enumerable.Range(0, 70).Select(n => Finding(n % 3 == 0 ? "VM409" : "VM408", n, n == 65 ? Severity.Error : Severity.Warning))];
        var one = new DiagnosticCollector();
        one.AddRange(findings);

        var merged = new DiagnosticCollector();
        merged.Report(findings[0]);
        foreach (Diagnostic[] run in findings[1..].Chunk(23))
        {
            var part = new DiagnosticCollector();
            part.AddRange(run);
            merged.AddFrom(part);
        }

        Assert.Equal(one.ToSortedList().Select(d => d.ToString()), merged.ToSortedList().Select(d => d.ToString()));
        Assert.Contains(merged.ToSortedList(), d => d.Message.StartsWith("… and 26 more VM408", StringComparison.Ordinal) && d.Severity == Severity.Error);
    }
}
