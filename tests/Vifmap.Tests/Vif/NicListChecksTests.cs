using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Vif;

namespace Vifmap.Tests.Vif;

/// <summary>Cross-NIC and interface-name rules: reference §2.6 (duplicate devid), §3.2 (rename), §3.5
/// (stub domain copies), §3.6 (IFNAMSIZ), §7.6 (duplicate MACs). Specs sit on line i+1 at column 1.</summary>
public sealed class NicListChecksTests
{
    private static List<NicSpec> Nics(params string[] specs)
        => [.. specs.Select((s, i) => VifSpecParser.Parse(s, i, GuestType.Hvm,
            SpecSourceMap.Contiguous(new SourceLocation("t.cfg", i + 1, 1))).Nic)];

    private static string[] Check(GuestType type, bool stub, params string[] specs)
        => [.. NicListChecks.Check(Nics(specs), type, stub).Select(d => $"{d.Location.Line}:{d.Location.Column}:{d.Code}")];

    [Fact]
    public void Duplicate_devid_is_an_error_on_the_later_nic()
    {
        // Reference §2.6: vif=['devid=1',''] gives two NICs with devid 1.
        Assert.Equal(["2:1:VM223"], Check(GuestType.Hvm, false, "devid=1", ""));
    }

    [Fact]
    public void Duplicate_mac_is_a_warning()
    {
        Assert.Equal(["2:5:VM214"], Check(GuestType.Pv, false, "mac=00:16:3e:01:02:03", "mac=00:16:3E:01:02:03"));
    }

    [Theory]
    [InlineData(GuestType.Hvm, false, "vifname=abcdefghijk", new string[0])] // 11 + "-emu" = 15
    [InlineData(GuestType.Hvm, false, "vifname=abcdefghijkl", new[] { "1:9:VM219" })] // 12: tap name 16
    [InlineData(GuestType.Hvm, false, "type=vif,vifname=abcdefghijklmno", new string[0])] // no tap: 15 is fine
    [InlineData(GuestType.Hvm, true, "type=vif,vifname=abcdefghijkl", new[] { "1:18:VM219" })] // stubdom copy is X-emu
    [InlineData(GuestType.Pv, false, "vifname=abcdefghijklmno", new string[0])]
    [InlineData(GuestType.Pv, false, "vifname=abcdefghijklmnop", new[] { "1:9:VM219" })]
    [InlineData(GuestType.Pv, false, "vifname=ééééééé", new string[0])] // 14 bytes
    [InlineData(GuestType.Pv, false, "vifname=éééééééé", new[] { "1:9:VM219" })] // 8 chars, 16 bytes
    public void Vifname_length_limit_depends_on_the_emulated_twin(GuestType type, bool stub, string spec, string[] expected)
    {
        Assert.Equal(expected, Check(type, stub, spec));
    }

    [Theory]
    [InlineData("vifname=a/b")]
    [InlineData("vifname=a:b")]
    [InlineData("vifname=a b")]
    [InlineData("vifname=..")]
    [InlineData("vifname=web%d")]
    public void Vifname_the_kernel_refuses_is_an_error(string spec)
    {
        Assert.Equal(["1:9:VM220"], Check(GuestType.Pv, false, spec));
    }

    [Theory]
    [InlineData("vifname=vif7.0")]
    [InlineData("vifname=tap3.1")]
    [InlineData("vifname=web-emu")]
    public void Vifname_that_looks_like_a_default_name_is_flagged(string spec)
    {
        Assert.Equal(["1:9:VM221"], Check(GuestType.Pv, false, spec));
    }

    [Fact]
    public void Empty_vifname_keeps_default_names()
    {
        Assert.Equal(["1:9:VM230"], Check(GuestType.Pv, false, "vifname="));
    }

    [Fact]
    public void Two_nics_with_one_vifname_collide()
    {
        Assert.Equal(["2:9:VM222"], Check(GuestType.Pv, false, "vifname=web", "vifname=web"));
    }

    [Fact]
    public void A_vifname_colliding_with_another_nics_emu_twin_is_caught()
    {
        // NIC 0 (HVM, ioemu) creates "web" and "web-emu"; NIC 1 asks for "web-emu" itself.
        Assert.Equal(["2:9:VM221", "2:9:VM222"], Check(GuestType.Hvm, false, "vifname=web", "vifname=web-emu"));
    }

    [Fact]
    public void Findings_have_their_fixed_severity()
    {
        IReadOnlyList<Diagnostic> d = NicListChecks.Check(Nics("devid=0,mac=00:16:3e:00:00:01", "devid=0,mac=00:16:3e:00:00:01"), GuestType.Pv, false);
        Assert.Equal([Severity.Error, Severity.Warning], d.Select(x => x.Severity));
    }
}
