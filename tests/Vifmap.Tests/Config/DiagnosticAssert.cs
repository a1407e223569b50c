using Vifmap.Diagnostics;

namespace Vifmap.Tests.Config;

/// <summary>Compares whole diagnostic lists as "line:col severity CODE" lines and shows both lists on failure.</summary>
internal static class DiagnosticAssert
{
    public static void Equal(IEnumerable<string> expected, IEnumerable<Diagnostic> actual)
    {
        string want = string.Join("\n", expected);
        string got = string.Join("\n", actual.Select(Format));
        Assert.True(want == got, $"expected:\n{want}\n\nactual:\n{got}\n\nmessages:\n{string.Join("\n", actual.Select(d => d.ToString()))}");
    }

    public static string Format(Diagnostic d)
        => $"{d.Location.Line}:{d.Location.Column} {(d.Severity == Severity.Error ? "error" : "warning")} {d.Code}";
}
