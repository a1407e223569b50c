using Vifmap.Diagnostics;

namespace Vifmap.Tests.Diagnostics;

public sealed class DiagnosticTests
{
    [Fact]
    public void Formats_as_compilers_do_with_location_severity_and_code()
    {
        var d = new Diagnostic("VM101", Severity.Error, "lexical error", new SourceLocation("a.cfg", 3, 7));
        Assert.Equal("a.cfg:3:7: error: lexical error [VM101]", d.ToString());
    }

    [Fact]
    public void Bag_remembers_that_an_error_was_seen_but_not_for_warnings()
    {
        var bag = new DiagnosticBag();
        bag.Warning("VM201", "w", SourceLocation.None);
        Assert.False(bag.HasErrors);
        bag.Error("VM202", "e", SourceLocation.None);
        Assert.True(bag.HasErrors);
        Assert.Equal(["VM201", "VM202"], bag.Items.Select(i => i.Code));
    }
}
