using System.Text.RegularExpressions;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;
using Vifmap.Tests.Support;
using Vifmap.Vif;

namespace Vifmap.Tests.Vif;

/// <summary>Issue 10 §6: each vif key is read from the release that added it; before, xl treats it as an
/// unknown token. Each boundary is checked on both sides, citing the upstream line (xen.git tags) that
/// proves it; expected findings written by hand from those lines.</summary>
public sealed partial class VifKeyReleasesTests
{
    private static VifSpecParse Parse(string spec, XenVersion xen)
        => VifSpecParser.Parse(spec, 0, GuestType.Hvm, SpecSourceMap.Contiguous(new SourceLocation("t.cfg", 1, 1)),
            new ToolstackRelease(Toolstack.Xl, xen));

    private static string[] Codes(VifSpecParse r) => [.. r.Diagnostics.Select(d => d.Code)];

    private static XenVersion V(string text) => XenVersion.TryParse(text, out XenVersion v) ? v : throw new ArgumentException(text);

    /// <summary>The release before the key's: xl there prints "unrecognized argument" (4.6+) or says nothing
    /// (4.0–4.5); at the key's release it is read. Source lines: before | at.</summary>
    [Theory]
    // 4.0 has no backend (RELEASE-4.0.0 tools/libxl/xl.c:491-529) | RELEASE-4.1.0 tools/libxl/xl_cmdimpl.c:877
    [InlineData("backend=1", "4.0", "4.1")]
    // 4.2's chain ends without it (RELEASE-4.2.0 tools/libxl/xl_cmdimpl.c:1054-1103) | RELEASE-4.3.0 tools/libxl/xl_cmdimpl.c:1187
    [InlineData("gatewaydev=eth0", "4.2", "4.3")]
    // same | RELEASE-4.3.0 tools/libxl/xl_cmdimpl.c:1182 (read, with VM226's deprecation message)
    [InlineData("netdev=eth0", "4.2", "4.3")]
    // RELEASE-4.6.0 tools/libxl/xl_cmdimpl.c:1051 | RELEASE-4.7.0 tools/libxl/xl_cmdimpl.c:1057
    [InlineData("forwarddev=eth1", "4.6", "4.7")]
    // RELEASE-4.8.0 tools/libxl/xl_cmdimpl.c:1065 | RELEASE-4.9.0 tools/xl/xl_parse.c:461 and :553
    [InlineData("colo_sock_mirror_id=1", "4.8", "4.9")]
    [InlineData("colo_checkpoint_host=h", "4.8", "4.9")]
    // RELEASE-4.14.0 tools/xl/xl_parse.c:567 | RELEASE-4.15.0 tools/xl/xl_parse.c:566
    [InlineData("mtu=1400", "4.14", "4.15")]
    // RELEASE-4.16.0 tools/xl/xl_parse.c:569 | RELEASE-4.17.0 tools/xl/xl_parse.c:568, :570
    [InlineData("trusted", "4.16", "4.17")]
    [InlineData("untrusted", "4.16", "4.17")]
    // RELEASE-4.18.0 tools/xl/xl_parse.c:573 | RELEASE-4.19.0 tools/xl/xl_parse.c:568
    [InlineData("vlan=10", "4.18", "4.19")]
    public void A_key_is_unknown_the_release_before_it_was_added_and_read_from_then_on(string spec, string before, string addedIn)
    {
        string key = spec.Split('=')[0];
        Assert.Equal(V(addedIn), VifKeyReleases.AddedIn(key));

        VifSpecParse old = Parse(spec, V(before));
        Assert.Equal([DiagnosticCodes.UnknownToken], Codes(old));
        string expected = V(before) < XenReleases.BareVifTokenSkippedFrom
            ? $"xl {before} ignores it without a message (from 4.6 xl prints \"unrecognized argument `{spec}'\"); `{key}' is read from xl {addedIn} on (docs/vif-keys.md)"
            : $"xl create prints \"unrecognized argument `{spec}'\" and ignores it (xl network-attach refuses it); `{key}' is read from xl {addedIn} on (docs/vif-keys.md)";
        Assert.Equal(expected, old.Diagnostics[0].Message);
        Assert.Equal(new SourceLocation("t.cfg", 1, 1), old.Diagnostics[0].Location);

        VifSpecParse now = Parse(spec, V(addedIn));
        Assert.DoesNotContain(DiagnosticCodes.UnknownToken, Codes(now));
        Assert.Equal(Codes(Parse(spec, XenReleases.Newest)), Codes(now));
    }

    [Fact]
    public void The_value_of_a_key_the_release_does_not_read_is_not_used()
    {
        // vlan at 4.18 (RELEASE-4.18.0 tools/xl/xl_parse.c:573), mtu at 4.14 (RELEASE-4.14.0 tools/xl/xl_parse.c:567),
        // gatewaydev at 4.2, backend at 4.0, trusted at 4.16: xl stores none of them.
        NicSpec at418 = Parse("vlan=10,mtu=1400,bridge=br1", V("4.18")).Nic;
        Assert.Equal((null, 1400UL, "br1"), (at418.Vlan, at418.Mtu, at418.Bridge));
        NicSpec at414 = Parse("mtu=1400,trusted", V("4.14")).Nic;
        Assert.Equal((null, null), (at414.Mtu, at414.Trusted));
        Assert.Null(Parse("gatewaydev=eth0", V("4.2")).Nic.GatewayDev);
        Assert.Null(Parse("backend=1", V("4.0")).Nic.Backend);
        Assert.Equal("10", Parse("vlan=10", V("4.19")).Nic.Vlan);
    }

    [Fact]
    public void Rate_is_known_from_4_0_but_read_only_from_4_2()
    {
        // RELEASE-4.1.0 tools/libxl/xl_cmdimpl.c:882-883 prints "not supported"; RELEASE-4.2.0
        // tools/libxl/xl_cmdimpl.c:1099-1100 calls parse_vif_rate.
        VifSpecParse at41 = Parse("rate=10Mb/s", V("4.1"));
        Assert.Equal([DiagnosticCodes.IgnoredKey], Codes(at41));
        Assert.Equal("xl 4.1 does not read `rate' (from 4.2): it prints \"the rate parameter for vifs is currently not supported\" and ignores it",
            at41.Diagnostics[0].Message);
        Assert.Null(at41.Nic.Rate);
        Assert.False(Parse("rate=bogus", V("4.1")).XlExits); // 4.1 never parses it, so a bad rate cannot stop xl

        VifSpecParse at42 = Parse("rate=10Mb/s", V("4.2"));
        Assert.Empty(at42.Diagnostics);
        Assert.NotNull(at42.Nic.Rate);
        Assert.True(Parse("rate=bogus", V("4.2")).XlExits);
    }

    [Fact]
    public void Devid_before_4_9_is_left_to_the_planners_VM312()
    {
        // RELEASE-4.8.0 tools/libxl/xl_cmdimpl.c:1065 ("unrecognized argument"); VM312 says it and the devid used.
        Assert.Empty(Parse("devid=3", V("4.8")).Diagnostics);
        Assert.Equal(3, Parse("devid=3", V("4.8")).Nic.Devid);
    }

    [Fact]
    public void Unknown_tokens_before_4_6_are_ignored_silently_or_end_the_spec()
    {
        // RELEASE-4.5.0 tools/libxl/xl_cmdimpl.c:1569-1570: no `=' -> break; :1572-1626: no else branch.
        VifSpecParse key = Parse("foo=1,bridge=br1", V("4.5"));
        Assert.Equal("xl 4.5 ignores it without a message (from 4.6 xl prints \"unrecognized argument `foo=1'\")", key.Diagnostics.Single().Message);

        VifSpecParse bareLast = Parse("bridge=br1,foo", V("4.5"));
        Assert.Equal("a token without `=': xl 4.5 stops reading the spec here (from 4.6 xl prints \"unrecognized argument `foo'\" and reads on)",
            bareLast.Diagnostics.Single().Message);
        Assert.Equal(12, bareLast.Diagnostics.Single().Location.Column);

        // A bare token with keys after it: ReleaseVifReading's VM322 names what is lost, VM201 stays quiet.
        Assert.Empty(Parse("foo,bridge=br1", V("4.5")).Diagnostics);

        // 4.6 (RELEASE-4.6.0 tools/libxl/xl_cmdimpl.c:1051) prints and reads on.
        Assert.Equal("xl create prints \"unrecognized argument `foo'\" and ignores it (xl network-attach refuses it)",
            Parse("foo,bridge=br1", V("4.6")).Diagnostics.Single().Message);

        // A space before `=' at 4.5: strcmp on "bridge " fails, silently.
        Assert.Equal("space before `=': xl matches only `bridge=' exactly and xl 4.5 ignores the item without a message",
            Parse("bridge =br1", V("4.5")).Diagnostics.Single().Message);
    }

    [Fact]
    public void Xl_4_5_stops_at_a_token_of_only_spaces_too()
    {
        // RELEASE-4.5.0 tools/libxl/xl_cmdimpl.c:1567-1570: the spaces are skipped, then strchr finds no `='.
        var findings = new List<Diagnostic>();
        NicSpec nic = VifSpecParser.Parse("bridge=br1,  ,vifname=web", 0, GuestType.Pv).Nic;
        NicSpec read = ReleaseVifReading.Read(nic, GuestType.Pv, new ToolstackRelease(Toolstack.Xl, V("4.5")), findings);
        Assert.Null(read.VifName);
        Assert.Equal([DiagnosticCodes.OldXlStopsAtBareToken], findings.Select(f => f.Code));

        // ",," is skipped by strtok: nothing stops.
        findings.Clear();
        NicSpec empty = VifSpecParser.Parse("bridge=br1,,vifname=web", 0, GuestType.Pv).Nic;
        Assert.Equal("web", ReleaseVifReading.Read(empty, GuestType.Pv, new ToolstackRelease(Toolstack.Xl, V("4.5")), findings).VifName);
        Assert.Empty(findings);
    }

    [Fact]
    public void The_planner_reads_the_nic_as_the_release_does()
    {
        // A config read at 4.22 and re-read for 4.14: mtu (RELEASE-4.15.0 tools/xl/xl_parse.c:566) is gone.
        NicSpec nic = VifSpecParser.Parse("mtu=9000,vlan=5", 0, GuestType.Pv).Nic;
        NicSpec read = ReleaseVifReading.Read(nic, GuestType.Pv, new ToolstackRelease(Toolstack.Xl, V("4.14")), new List<Diagnostic>());
        Assert.Equal((null, null), (read.Mtu, read.Vlan));
        Assert.Same(nic, ReleaseVifReading.Read(nic, GuestType.Pv, ToolstackRelease.Default, new List<Diagnostic>()));
    }

    [Fact]
    public void Every_key_of_xl_4_22_has_a_release_and_no_other()
    {
        Assert.Equal(
            VifSpecParser.KnownKeys.Order(StringComparer.Ordinal).Concat(["trusted", "untrusted"]).Order(StringComparer.Ordinal),
            VifKeyReleases.All.Keys.Order(StringComparer.Ordinal));
        Assert.All(VifKeyReleases.All.Values, v => Assert.True(v.IsSupported));
        Assert.Equal(48, VifKeyReleases.All.Count(k => k.Key.StartsWith("colo_", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_table_in_docs_says_what_the_code_says()
    {
        var documented = new Dictionary<string, XenVersion>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(RepositoryFiles.Path("docs/vif-keys.md")))
        {
            Match row = TableRow().Match(line);
            if (row.Success)
            {
                documented[row.Groups["key"].Value] = V(row.Groups["added"].Value);
            }
        }

        foreach ((string key, XenVersion addedIn) in VifKeyReleases.All)
        {
            string row = key.StartsWith("colo_", StringComparison.Ordinal) ? "colo_*" : key;
            Assert.True(documented.TryGetValue(row, out XenVersion doc), $"docs/vif-keys.md has no row for `{row}'");
            Assert.True(doc == addedIn, $"`{key}': docs say {doc}, code says {addedIn}");
        }

        Assert.Equal(VifKeyReleases.All.Keys.Count(k => !k.StartsWith("colo_", StringComparison.Ordinal)) + 1, documented.Count);
    }

    [GeneratedRegex(@"^\| `(?<key>[a-z_*]+)`[^|]* \| (?<added>4\.\d+)( \(read from 4\.\d+\))? \|")]
    private static partial Regex TableRow();
}
