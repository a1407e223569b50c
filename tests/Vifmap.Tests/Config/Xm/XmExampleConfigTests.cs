using System.Runtime.CompilerServices;
using Vifmap.Config;
using Vifmap.Naming;

namespace Vifmap.Tests.Config.Xm;

/// <summary>Xen's own xm example configs (TestData/Xm, RELEASE-4.1.0 tools/examples/ and the Xen 3.4 xmexample.hvm)
/// read as xm read them and as xl reads them. Expectations are written by hand from each file and from xm's code at
/// RELEASE-4.1.0: tools/python/xen/xm/opts.py:539-573 (execfile; only str/list/int/float values are kept) and
/// tools/python/xen/xm/create.py (builder default 'linux' :183-185, name default the file name :1501-1502,
/// vif default [] :397-398, device_model :494-496).</summary>
public sealed class XmExampleConfigTests
{
    private static readonly ToolstackRelease s_xend41 = new(Toolstack.Xend, new XenVersion(4, 1));
    private static readonly ToolstackRelease s_xl41 = new(Toolstack.Xl, new XenVersion(4, 1));

    public static TheoryData<string, string?, GuestType, string[], string?, string[]> Examples() => new()
    {
        // file, name, guest type, vif specs, device_model, xm-reading findings ("line:col severity code")
        { "xmexample.hvm", "ExampleHVMDomain", GuestType.Hvm, ["type=ioemu, bridge=xenbr0"], "qemu-dm", [] },
        { "xmexample.hvm-stubdom", "xmexample.hvm", GuestType.Hvm, ["type=ioemu, bridge=xenbr0"], "stubdom-dm", [] },
        { "xmexample.nbd", "nbd4", GuestType.Pv, [""], null, [] },
        { "xmexample.pv-grub", "ExampleDomain", GuestType.Pv, [""], null, [] },
        { "xmexample1", "ExampleDomain", GuestType.Pv, [""], null, [] },

        // import os, re; arch = os.uname()[4] (unused); device_model = '/usr/' + arch_libdir + '/xen/bin/qemu-dm'.
        { "xmexample.vti", "ExampleVTIDomain", GuestType.Hvm, ["type=ioemu, bridge=xenbr0"], "/usr/lib/xen/bin/qemu-dm", [] },

        // if os.uname()[0] == 'Linux' and re.search('64', arch): arch_libdir = 'lib64' — undecidable without the host,
        // so device_model (built from arch_libdir at line 131) is unknown; vif, builder and name are not touched by it.
        { "xmexample.hvm-3.4", "ExampleHVMDomain", GuestType.Hvm, ["type=ioemu, bridge=xenbr0"], null, ["131:16 warning VM143"] },

        // def vmid_check (skipped, VM140); xm_vars.var('vmid', …) declares a command-line variable; name = "VM%d" % vmid
        // uses it (VM142 at its first use, VM143 for name). vif = [ '' ] does not depend on it.
        { "xmexample2", null, GuestType.Pv, [""], null, ["23:1 warning VM140", "56:8 warning VM143", "56:17 warning VM142"] },

        // As xmexample2, and vif = [ 'ip=192.168.%d.1/24' % (vmid)] depends on vmid too: no NIC is planned from it.
        { "xmexample3", null, GuestType.Pv, [], null, ["23:1 warning VM140", "56:8 warning VM143", "56:17 warning VM142", "75:9 warning VM143"] },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Xend_reads_the_example_as_xm_ran_it(string file, string? name, GuestType type, string[] vifs, string? deviceModel, string[] findings)
    {
        DomainConfig config = DomainConfigReader.Read(file, File.ReadAllBytes(DataFile(file)), s_xend41);

        Assert.Equal(name, config.Name);
        Assert.Equal(type, config.Type);
        Assert.Equal(vifs, config.Nics.Select(n => n.Text));
        Assert.Equal(deviceModel, config.DeviceModel);
        DiagnosticAssert.Equal(findings, config.Diagnostics
            .Where(d => d.Code.StartsWith("VM14", StringComparison.Ordinal)).OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Xend_reads_every_example_without_an_error(string file, string? name, GuestType type, string[] vifs, string? deviceModel, string[] findings)
    {
        _ = (name, type, vifs, deviceModel, findings);
        DomainConfig config = DomainConfigReader.Read(file, File.ReadAllBytes(DataFile(file)), s_xend41);
        Assert.DoesNotContain(config.Diagnostics, d => d.Severity == Vifmap.Diagnostics.Severity.Error);
    }

    /// <summary>xl never ran Python: libxlutil's grammar (4.0/4.1 as today) rejects the Python examples; the first error
    /// is on the first Python line. The plain-assignment examples are valid xl.cfg files too.</summary>
    [Theory]
    [InlineData("xmexample.vti", 9)]       // import os, re
    [InlineData("xmexample.hvm-3.4", 9)]   // import os, re
    [InlineData("xmexample2", 23)]         // def vmid_check(var, val):
    [InlineData("xmexample3", 23)]
    [InlineData("xmexample.hvm", null)]
    [InlineData("xmexample1", null)]
    [InlineData("xmexample.pv-grub", null)]
    public void Xl_reads_the_same_file_with_its_own_grammar(string file, int? firstErrorLine)
    {
        DomainConfig config = DomainConfigReader.Read(file, File.ReadAllBytes(DataFile(file)), s_xl41);
        Vifmap.Diagnostics.Diagnostic? first = config.Diagnostics.FirstOrDefault(d => d.Severity == Vifmap.Diagnostics.Severity.Error);
        Assert.Equal(firstErrorLine, first?.Location.Line);
        if (firstErrorLine is not null)
        {
            Assert.StartsWith("VM1", first!.Code, StringComparison.Ordinal);
            Assert.DoesNotContain(config.Diagnostics, d => d.Code.StartsWith("VM14", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Xl_warns_that_the_vti_example_looks_like_python()
    {
        DomainConfig config = DomainConfigReader.Read("xmexample.vti", File.ReadAllBytes(DataFile("xmexample.vti")), s_xl41);
        Assert.Contains(config.Diagnostics, d => d.Code == Vifmap.Diagnostics.DiagnosticCodes.LooksLikePython);
    }

    [Fact]
    public void Xend_plans_the_hvm_example_with_xend_41_names()
    {
        DomainConfig config = DomainConfigReader.Read("xmexample.hvm-3.4", File.ReadAllBytes(DataFile("xmexample.hvm-3.4")), s_xend41);
        NamePlan plan = NamePlanner.Plan(config, new PlanRequest { Domid = 3, Xen = new XenVersion(4, 1), Toolstack = Toolstack.Xend });
        Assert.Equal(["vif3.0", "tap3.0"], plan.Nics.Single().Interfaces.Select(i => i.Name));
    }

    private static string DataFile(string name, [CallerFilePath] string thisFile = "")
        => Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "TestData", "Xm", name);
}
