using System.Globalization;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.LabTests.Lab;
using Vifmap.Naming;
using Vifmap.Vif;

namespace Vifmap.LabTests.Vif;

/// <summary>Issue 10 §6 against the real xl 4.17 (`xl -N create`): for every vif key of xl 4.22 (and a few
/// tokens xl never knew), xl prints "unrecognized argument" exactly where Vifmap, judging for xl 4.17,
/// reports VM201. The keys added after 4.17 (vlan, RELEASE-4.19.0 tools/xl/xl_parse.c:568) are the ones
/// xl 4.17 must refuse; everything added up to 4.17 it must read.</summary>
public sealed class XlVifKeyOracleTests
{
    private static readonly ToolstackRelease s_xl417 = new(Toolstack.Xl, new XenVersion(4, 17));

    /// <summary>A value xl reads without complaint for each key that takes one.</summary>
    private static string Token(string key) => key switch
    {
        "trusted" or "untrusted" => key,
        "mac" => "mac=00:16:3e:00:00:01",
        "type" => "type=ioemu",
        "rate" => "rate=10Mb/s",
        "devid" => "devid=7",
        "mtu" => "mtu=1400",
        "backend" => "backend=0",
        "model" => "model=e1000",
        _ => key + "=x1",
    };

    [SkippableFact]
    public async Task Xl_4_17_and_vifmap_agree_on_which_vif_keys_it_reads()
    {
        LabRequirement.SkipUnlessLabAvailable();
        string[] tokens =
        [
            .. VifKeyReleases.All.Keys.Order(StringComparer.Ordinal).Select(Token),
            "foo=1", "Bridge=x", "uuid=1", "vlan", "mtu",
        ];
        string specs = string.Join(", ", tokens.Select(t => $"'{t}'"));
        string config = $"name = \"keys\"\nmemory = 128\ntype = \"hvm\"\nvif = [ {specs} ]\n";

        DomainConfig ours = DomainConfigReader.Read("keys.cfg", System.Text.Encoding.UTF8.GetBytes(config), s_xl417);
        var oursUnknown = new HashSet<int>();
        foreach (Diagnostic d in ours.Diagnostics.Where(d => d.Code == DiagnosticCodes.UnknownToken))
        {
            oursUnknown.Add(ours.Nics.Single(n => n.Location.Line == d.Location.Line && n.Location.Column < d.Location.Column
                && d.Location.Column <= n.Location.Column + n.Text.Length + 1).Index);
        }

        await using XlOracle xl = await XlOracle.StartAsync();
        using XlResult result = await xl.CreateDryRunAsync(config);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(tokens.Length, result.Nics.Count);

        var disagreements = new List<string>();
        for (int i = 0; i < tokens.Length; i++)
        {
            bool xlRefuses = result.StdErr.Contains($"unrecognized argument `{tokens[i]}'", StringComparison.Ordinal);
            if (xlRefuses != oursUnknown.Contains(i))
            {
                disagreements.Add(string.Create(CultureInfo.InvariantCulture,
                    $"`{tokens[i]}': xl 4.17 {(xlRefuses ? "refuses" : "reads")} it, vifmap {(oursUnknown.Contains(i) ? "says VM201" : "reads it")}"));
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements) + "\nxl said:\n" + result.StdErr);

        // By hand: of the 4.22 keys only vlan (4.19) is unknown to 4.17, plus the five tokens no xl knows.
        Assert.Equal(["vlan=x1", "foo=1", "Bridge=x", "uuid=1", "vlan", "mtu"], oursUnknown.Order().Select(i => tokens[i]));
    }
}
