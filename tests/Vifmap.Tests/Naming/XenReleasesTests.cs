using System.Text.RegularExpressions;
using Vifmap.Naming;
using Vifmap.Tests.Support;

namespace Vifmap.Tests.Naming;

/// <summary>Release boundaries live in <see cref="XenReleases"/> only (issue 8 item 6); the behaviour at each
/// side of a boundary is held by the rule tests (NicTypeRulesTests, NamingTableTests, EdgeCaseTests).</summary>
public sealed partial class XenReleasesTests
{
    [Fact]
    public void No_rule_compares_against_a_bare_release_number()
    {
        string src = RepositoryFiles.Path("src");
        string[] allowed = ["XenReleases.cs", "XenVersion.cs"];
        var offenders = new List<string>();
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (allowed.Contains(Path.GetFileName(file)) || file.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }

            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (BareRelease().IsMatch(lines[i]))
                {
                    offenders.Add($"{Path.GetRelativePath(src, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void Boundaries_are_inside_the_modelled_range_and_ordered_as_their_citations_say()
    {
        XenVersion[] boundaries =
        [
            XenReleases.XlDevidsFromZero, XenReleases.LegacyNamingLast, XenReleases.LibxlNamingFrom, XenReleases.XendLast,
            XenReleases.BareVifTokenSkippedFrom, XenReleases.InvalidVifTypeIgnoredFrom,
            XenReleases.NoDeviceModelFrom, XenReleases.NoDeviceModelLast, XenReleases.DevidKeyFrom,
            XenReleases.GuestTypeKeyFrom, XenReleases.SetMtuWritesFrontendFrom, XenReleases.QemuTraditionalRemovedIn,
            XenReleases.VifBackendKeyFrom, XenReleases.VifRateKeyReadFrom, XenReleases.VifGatewaydevKeyFrom,
            XenReleases.VifForwarddevKeyFrom, XenReleases.VifColoKeysFrom, XenReleases.VifMtuKeyFrom,
            XenReleases.VifTrustedFlagFrom, XenReleases.VifVlanKeyFrom,
        ];
        Assert.All(boundaries, b => Assert.True(b.IsSupported, b.ToString()));
        Assert.Equal(XenReleases.LibxlNamingFrom, new XenVersion(XenReleases.LegacyNamingLast.Major, XenReleases.LegacyNamingLast.Minor + 1));
        Assert.True(XenReleases.NoDeviceModelFrom < XenReleases.NoDeviceModelLast);

        // Netloop left network-bridge in 3.2.0: both ends lie before the modelled range.
        Assert.True(XenReleases.NetloopFirst < XenReleases.NetloopLast && XenReleases.NetloopLast < XenReleases.Oldest);
    }

    /// <summary><c>new(4, 10)</c>, <c>new XenVersion(4, 10)</c>: a release written as a number.</summary>
    [GeneratedRegex(@"new(\s+XenVersion)?\(\s*4\s*,\s*\d+\s*\)")]
    private static partial Regex BareRelease();
}
