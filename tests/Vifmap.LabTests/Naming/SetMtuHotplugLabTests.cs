using System.Globalization;
using System.Text;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.LabTests.Lab;
using Vifmap.Naming;
using Xunit.Abstractions;

namespace Vifmap.LabTests.Naming;

/// <summary>VM232 against the real thing: Debian's vif-bridge (xen-utils-common 4.17) run with
/// <c>online</c>, as libxl runs it for a PV NIC, against the real xenstored, in a network namespace
/// that has the bridge and the backend interface. For each vifname the script fails (exit 1,
/// <c>hotplug-status</c> "error") exactly when plan for xl 4.17 reports VM232.</summary>
public sealed class SetMtuHotplugLabTests(ITestOutputHelper output)
{
    private const string VifBridge = "/etc/xen/scripts/vif-bridge";
    private const string Backend = "/local/domain/0/backend/vif/7/0";

    public static TheoryData<string> VifNames => new()
    {
        "web", "web.0", "vif5.1", "w_e-b", "x@y", "vif7.0x.1",
        "a.b.c", "vif.1", "web.", ".web", "a..b", "we+b", "vif",
    };

    [SkippableTheory]
    [MemberData(nameof(VifNames))]
    public async Task Hotplug_fails_exactly_where_plan_says_VM232(string vifName)
    {
        LabRequirement.SkipUnlessLabAvailable();
        LabRequirement.SkipUnless(File.Exists(VifBridge), $"{VifBridge} is missing (package xen-utils-common)");

        string config = $"name = \"g\"\ntype = \"pv\"\nvif = [ 'bridge=xenbr0,vifname={vifName}' ]\n";
        DomainConfig domain = DomainConfigReader.Read("g.cfg", Encoding.UTF8.GetBytes(config), new ToolstackRelease(Toolstack.Xl, new XenVersion(4, 17)));
        NamePlan plan = NamePlanner.Plan(domain, new PlanRequest { Domid = 7, Xen = new XenVersion(4, 17) });
        bool planSaysFails = plan.Diagnostics.Any(d => d.Code == DiagnosticCodes.VifNameBreaksSetMtu && d.Severity == Severity.Error);

        await using XenstoredLab lab = await XenstoredLab.StartAsync();
        await lab.WriteAsync([
            (Backend + "/bridge", "xenbr0"),
            (Backend + "/vifname", vifName),
            (Backend + "/frontend", "/local/domain/7/device/vif/0"),
            ("/local/domain/7/device/vif/0/state", "1"),
        ]);

        string ns = string.Create(CultureInfo.InvariantCulture, $"vifmap-mtu-{Environment.ProcessId}-{Math.Abs(vifName.GetHashCode(StringComparison.Ordinal)) % 100000}");
        try
        {
            await Ip("netns", "add", ns);
            await Ip("-n", ns, "link", "set", "lo", "up");
            await Ip("-n", ns, "link", "add", "xenbr0", "type", "bridge");
            await Ip("-n", ns, "link", "set", "xenbr0", "up");

            // netback's vif7.0 cannot be faked; a veth stands in (tests/lab/netns.sh).
            await Ip("-n", ns, "link", "add", "vif7.0", "type", "veth", "peer", "name", "g7");

            var env = new Dictionary<string, string>(lab.Env, StringComparer.Ordinal) { ["XENBUS_PATH"] = Backend, ["vif"] = "vif7.0" };
            LabProcessResult script = await LabProcess.RunAsync("ip", ["netns", "exec", ns, VifBridge, "online", "type_if=vif"], env, timeout: TimeSpan.FromSeconds(60));
            string status = await lab.ReadAsync(Backend + "/hotplug-status");
            string error = await lab.ExistsAsync(Backend + "/hotplug-error") ? await lab.ReadAsync(Backend + "/hotplug-error") : string.Empty;
            output.WriteLine($"vifname={vifName}: vif-bridge exit {script.ExitCode}, hotplug-status {status} {error}; plan VM232: {planSaysFails}");

            bool scriptFailed = script.ExitCode != 0;
            Assert.True(scriptFailed == (status == "error"), $"exit {script.ExitCode} but hotplug-status {status}");
            Assert.True(scriptFailed == planSaysFails,
                $"vifname={vifName}: vif-bridge {(scriptFailed ? "failed" : "succeeded")} ({error}{script.StdErr.Trim()}), plan {(planSaysFails ? "says" : "does not say")} VM232");
            if (scriptFailed)
            {
                // The failure is set_mtu's write, the path plan names.
                Assert.StartsWith("Writing /local/domain/", error, StringComparison.Ordinal);
                string node = error["Writing ".Length..error.IndexOf(' ', "Writing ".Length)];
                Assert.Contains(node + ", which xenstored refuses", plan.Diagnostics.First(d => d.Code == DiagnosticCodes.VifNameBreaksSetMtu).Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            _ = await LabProcess.RunAsync("ip", ["netns", "del", ns]);
        }
    }

    private static async Task Ip(params string[] arguments)
    {
        LabProcessResult r = await LabProcess.RunAsync("ip", arguments);
        Assert.True(r.ExitCode == 0, $"ip {string.Join(' ', arguments)}: {r.StdErr}");
    }
}
