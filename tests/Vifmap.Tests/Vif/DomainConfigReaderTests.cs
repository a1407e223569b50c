using System.Text;
using System.Text.RegularExpressions;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;
using Vifmap.Vif;

namespace Vifmap.Tests.Vif;

/// <summary>xl.cfg → DomainConfig as xl 4.22's parse_config_data reads it (reference §1.3, §2, §3.5).</summary>
public sealed class DomainConfigReaderTests
{
    /// <summary>Reads <paramref name="text"/> for xl 4.22 with a name and a kernel appended where it sets none (after its
    /// last line, so its line numbers hold): most tests here look at other findings than "xl exits without a name / with
    /// nothing to boot", which <see cref="ReadAsWritten"/> tests.</summary>
    private static DomainConfig Read(string text)
        => ReadAsWritten(text + (Sets(text, "name") ? "" : "name = \"d\"\n") + (Sets(text, "kernel") ? "" : "kernel = \"/boot/vmlinuz\"\n"));

    private static bool Sets(string text, string key) => Regex.IsMatch(text, $@"(^|[\n;])[ \t]*{key}[ \t]*\+?=");

    private static DomainConfig ReadAsWritten(string text, string xen = "4.22")
    {
        Assert.True(XenVersion.TryParse(xen, out XenVersion version));
        return DomainConfigReader.Read("d.cfg", Encoding.UTF8.GetBytes(text), new ToolstackRelease(Toolstack.Xl, version));
    }

    private static string[] Findings(DomainConfig c) => [.. c.Diagnostics.Select(d => $"{d.Location.Line}:{d.Location.Column}:{d.Code}")];

    [Fact]
    public void Reads_name_type_stub_domain_and_nics_in_order()
    {
        DomainConfig c = Read("name = \"web\"\ntype = \"hvm\"\ndevice_model_stubdomain_override = 1\ndevice_model_version = \"qemu-xen\"\nvif = [ 'bridge=br0', 'bridge=br1,devid=5' ]\n");
        Assert.Equal("web", c.Name);
        Assert.Equal(GuestType.Hvm, c.Type);
        Assert.True(c.StubDomain);
        Assert.Equal("qemu-xen", c.DeviceModelVersion);
        Assert.Equal([(0, 0, "br0"), (1, 5, "br1")], c.Nics.Select(n => (n.Index, n.Devid, n.Bridge)));
        Assert.Empty(c.Diagnostics);
    }

    /// <summary>xl exits "Failed to parse UUID" when libxl_uuid_from_string (libuuid's uuid_parse) fails
    /// (RELEASE-4.17.0 tools/xl/xl_parse.c:1320-1324, tools/libs/light/libxl_uuid.c:31-34; the same at
    /// RELEASE-4.1.0 tools/libxl/xl_cmdimpl.c:654-657). The xl -N oracle checks these against xl 4.17.</summary>
    [Theory]
    [InlineData("uuid = \"5d9ac1f2-e0b8-4c1e-8c3b-0d2e1f4a5b6c\"\n", false)]
    [InlineData("uuid = \"5D9AC1F2-E0B8-4C1E-8C3B-0D2E1F4A5B6C\"\n", false)]
    [InlineData("uuid = \"00000000-0000-0000-0000-000000000000\"\n", false)]
    [InlineData("uuid = \"5d9ac1f2e0b84c1e8c3b0d2e1f4a5b6c\"\n", true)]
    [InlineData("uuid = \"{5d9ac1f2-e0b8-4c1e-8c3b-0d2e1f4a5b6c}\"\n", true)]
    [InlineData("uuid = \"5d9ac1f2-e0b8-4c1e-8c3b-0d2e1f4a5b6c \"\n", true)]
    [InlineData("uuid = \"5d9ac1f2-e0b8-4c1e-8c3b-0d2e1f4a5b6g\"\n", true)]
    [InlineData("uuid = \"5d9ac1f2-e0b84-c1e-8c3b-0d2e1f4a5b6c\"\n", true)]
    [InlineData("uuid = \"\"\n", true)]
    [InlineData("uuid = 1234\n", true)]
    [InlineData("uuid = [ \"x\" ]\n", false)]
    public void Uuid_libxl_cannot_parse_is_an_xl_exit(string text, bool exits)
    {
        DomainConfig c = Read("name = \"g\"\n" + text);
        Assert.Equal(exits, c.Diagnostics.Any(d => d.Code == DiagnosticCodes.InvalidUuid && d.Severity == Severity.Error));
    }

    [Fact]
    public void Uuid_finding_points_at_the_value_and_quotes_xl()
    {
        DomainConfig c = Read("name = \"g\"\nuuid = \"abc\"\n");
        Diagnostic d = Assert.Single(c.Diagnostics);
        Assert.Equal("2:8:VM135", $"{d.Location.Line}:{d.Location.Column}:{d.Code}");
        Assert.Contains("\"Failed to parse UUID: abc\"", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vif_as_a_string_gives_no_nics_and_a_warning_at_the_value()
    {
        DomainConfig c = Read("vif = 'bridge=xenbr0'\n");
        Assert.Empty(c.Nics);
        Assert.Equal(["1:7:VM224"], Findings(c));
    }

    [Fact]
    public void Nested_list_ends_the_vif_list()
    {
        DomainConfig c = Read("vif = [ 'bridge=a', [ 'bridge=b' ], 'bridge=c' ]\n");
        Assert.Equal(["a"], c.Nics.Select(n => n.Bridge));
        Assert.Equal(["1:21:VM225"], Findings(c));
    }

    [Fact]
    public void Number_element_is_a_spec_of_its_digits()
    {
        DomainConfig c = Read("vif = [ 5 ]\n");
        NicSpec nic = Assert.Single(c.Nics);
        Assert.Equal("5", nic.Text);
        Assert.Equal(["1:9:VM201"], Findings(c));
    }

    [Fact]
    public void Last_vif_assignment_wins_and_appends_add_nics()
    {
        DomainConfig c = Read("vif = [ 'bridge=a' ]\nvif = [ 'bridge=b' ]\nvif += [ 'bridge=c' ]\n");
        Assert.Equal([("b", 0), ("c", 1)], c.Nics.Select(n => (n.Bridge, n.Devid)));
    }

    [Fact]
    public void Guest_type_decides_what_type_ioemu_means()
    {
        Assert.Equal(["2:29:VM206"], Findings(Read("type = \"pvh\"\nvif = [ 'bridge=xenbr0,type=ioemu' ]\n")));
        Assert.Empty(Findings(Read("type = \"hvm\"\nvif = [ 'bridge=xenbr0,type=ioemu' ]\n")));
    }

    [Fact]
    public void Stub_domain_makes_every_hvm_nic_get_an_emu_twin()
    {
        const string Vif = "vif = [ 'type=vif,vifname=abcdefghijkl' ]\n";
        Assert.Empty(Findings(Read("type = \"hvm\"\n" + Vif)));
        Assert.Equal(["3:27:VM219"], Findings(Read("type = \"hvm\"\ndevice_model_stubdomain_override = 1\n" + Vif)));
    }

    [Fact]
    public void Findings_inside_an_escaped_string_point_at_the_source_column()
    {
        // "\t" is two bytes in the file: the duplicate bridge= after it sits one column further right.
        DomainConfig c = Read("vif = [ \"ip=a\\tb,bridge=x,bridge=y\" ]\n");
        Assert.Equal("a\tb", c.Nics[0].Ip);
        Assert.Equal(["1:18:VM204"], Findings(c));
    }

    [Fact]
    public void Syntax_findings_come_first_and_keep_their_codes()
    {
        DomainConfig c = Read("name = web\nvif = [ 'bridge=a' ]\n");
        Assert.Equal("VM100", c.Diagnostics[0].Code);
        Assert.Equal(Severity.Error, c.Diagnostics[0].Severity);
        Assert.Equal("a", Assert.Single(c.Nics).Bridge);
    }

    // xl_parse.c's exits for every domain, worked from RELEASE-4.17.0 tools/xl/xl_parse.c:1315-1318 and 1856-1882,
    // RELEASE-4.1.0 tools/libxl/xl_cmdimpl.c:651-652 and 785-788, RELEASE-4.0.0 tools/libxl/xl.c:366-369.
    [Theory]
    [InlineData("kernel = \"/k\"\n", "4.22", "1:1:VM136")]
    [InlineData("name = [ \"web\" ]\nkernel = \"/k\"\n", "4.22", "1:8:VM136")]
    [InlineData("kernel = \"/k\"\n", "4.2", "1:1:VM136")]
    [InlineData("kernel = \"/k\"\n", "4.1", "")] // xl 4.1 names it "test"
    [InlineData("name = \"g\"\n", "4.22", "1:1:VM137")]
    [InlineData("name = \"g\"\ntype = \"pv\"\n", "4.22", "2:8:VM137")]
    [InlineData("name = \"g\"\ntype = \"pvh\"\n", "4.22", "2:8:VM137")]
    [InlineData("name = \"g\"\ntype = \"hvm\"\n", "4.22", "")]
    [InlineData("name = \"g\"\nbootloader = \"pygrub\"\n", "4.22", "")]
    [InlineData("name = \"g\"\nkernel = [ \"/k\" ]\n", "4.22", "1:1:VM137")] // a list leaves kernel unset
    [InlineData("name = \"g\"\nkernel = \"\"\n", "4.22", "")] // an empty string is still set
    [InlineData("name = \"g\"\n", "4.1", "1:1:VM137")]
    [InlineData("name = \"g\"\n", "4.0", "")] // no such check in xl 4.0
    [InlineData("name = \"g\"\nfirmware = \"pvgrub64\"\n", "4.22", "")]
    [InlineData("name = \"g\"\nfirmware = \"pvgrub\"\n", "4.22", "")] // strncmp over strlen("pvgrub"): a prefix passes
    [InlineData("name = \"g\"\nfirmware = \"seabios\"\n", "4.22", "2:12:VM138")]
    [InlineData("name = \"g\"\nkernel = \"/k\"\nfirmware = \"pvgrub32\"\n", "4.22", "3:12:VM138")]
    [InlineData("name = \"g\"\ntype = \"hvm\"\nfirmware = \"uefi\"\n", "4.22", "")]
    [InlineData("name = \"g\"\nfirmware = \"pvgrub64\"\n", "4.9", "1:1:VM137")] // firmware= is read for PV from 4.10
    public void Xl_exits_without_a_name_or_something_to_boot(string text, string xen, string finding)
    {
        string[] exits = [.. Findings(ReadAsWritten(text, xen)).Where(f => f.EndsWith("VM136", StringComparison.Ordinal)
            || f.EndsWith("VM137", StringComparison.Ordinal) || f.EndsWith("VM138", StringComparison.Ordinal))];
        Assert.Equal(finding.Length == 0 ? [] : [finding], exits);
    }

    [Fact]
    public void A_type_the_release_ignores_reports_the_pv_exit_once()
    {
        // xl 4.9 does not read type= and builds PV: VM324 says why there is no kernel; VM137 would repeat it.
        string[] findings = Findings(ReadAsWritten("name = \"g\"\ntype = \"pvh\"\n", "4.9"));
        Assert.Contains(findings, f => f.EndsWith("VM324", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.EndsWith("VM137", StringComparison.Ordinal));
    }
}
