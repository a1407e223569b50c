using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Config;

/// <summary>XlConfigReader.GetGuestType against the real xl (4.17, whose type/builder code is
/// byte-identical to 4.22's) run as `xl -N create`: the same type in libxl's c_info, and an error
/// exactly where xl exits.</summary>
public sealed class GuestTypeXlOracleTests
{
    private static readonly string[] s_cases =
    [
        "",
        "type = \"hvm\"",
        "type = \"pv\"",
        "type = \"pvh\"",
        "type = \"\"",
        "type = \"p\"",
        "type = \"h\"",
        "type = \"hvmx\"",
        "type = [ \"hvm\" ]",
        "builder = \"generic\"",
        "builder = \"hvm\"",
        "builder = \"g\"",
        "builder = \"xen\"",
        "type = \"hvm\"\nbuilder = \"hvm\"",
        "type = \"pv\"\nbuilder = \"hvm\"",
        "type = \"pvh\"\nbuilder = \"generic\"",
    ];

    [SkippableFact]
    public async Task Guest_type_matches_xl_dry_run()
    {
        await using XlOracle xl = await XlOracle.StartAsync();
        var failures = new List<string>();
        int xlAccepted = 0;
        foreach (string typeLines in s_cases)
        {
            string config = $"name = \"g\"\nmemory = 256\nkernel = \"/bin/true\"\n{typeLines}\n";
            var reader = new XlConfigReader(XlConfigParser.Parse("g.cfg", config));
            GuestType ours = reader.GetGuestType();
            bool oursRejects = reader.Diagnostics.Any(d => d.Severity == Severity.Error);

            using XlResult result = await xl.CreateDryRunAsync(config);
            string? theirs = result.Json?.RootElement.GetProperty("c_info").GetProperty("type").GetString();
            bool xlRejects = result.ExitCode != 0;
            xlAccepted += xlRejects ? 0 : 1;
            if (xlRejects != oursRejects || (!xlRejects && theirs != ours.ToString().ToLowerInvariant()))
            {
                failures.Add($"{typeLines.Replace('\n', ';')}: xl exit {result.ExitCode} type {theirs} ({result.StdErr.Trim()}); vifmap {ours} rejects={oursRejects}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // By hand from xl_parse.c: hvmx, xen and the two contradictions make xl exit.
        Assert.Equal(12, xlAccepted);
    }
}
