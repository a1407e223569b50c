using System.Text;
using Vifmap.Config;
using Vifmap.LabTests.Lab;
using Vifmap.Vif;

namespace Vifmap.LabTests.Vif;

/// <summary>xl.conf's vif.default.* reach every NIC before its spec is read, and a spec key overrides them
/// (set_default_nic_values, reference §2.6): checked against the real xl with a given xl.conf.</summary>
public sealed class XlConfDefaultsOracleTests
{
    private const string XlConf = "vif.default.bridge=\"br-conf\"\nvif.default.script=\"vif-conf\"\nvif.default.gatewaydev=\"eth-conf\"\nvif.default.backend=\"7\"\n";

    [SkippableFact]
    public async Task Xl_conf_defaults_fill_what_the_spec_leaves_unset()
    {
        LabRequirement.SkipUnlessLabAvailable();
        const string Guest = "name = \"conf\"\nmemory = 128\ntype = \"hvm\"\nvif = [ '', 'bridge=br-spec,script=/x/vif-spec,gatewaydev=eth-spec,backend=0' ]\n";
        var defaults = new XlNicDefaults { Bridge = "br-conf", Script = "vif-conf", GatewayDev = "eth-conf", Backend = "7" };
        DomainConfig config = DomainConfigReader.Read("conf.cfg", Encoding.UTF8.GetBytes(Guest));

        await using XlOracle xl = await XlOracle.StartAsync();
        using XlResult r = await xl.CreateDryRunAsync(Guest, XlConf);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2, r.Nics.Count);
        for (int i = 0; i < 2; i++)
        {
            ResolvedNic ours = NicDefaults.Resolve(config.Nics[i], config.Type, defaults);
            Assert.Equal(ours.Bridge, r.Nics[i].GetProperty("bridge").GetString());
            Assert.Equal(ours.GatewayDev, r.Nics[i].GetProperty("gatewaydev").GetString());
            Assert.Equal(ours.Backend, r.Nics[i].GetProperty("backend_domname").GetString());

            // xl -N shows the script as written; libxl makes it absolute later.
            Assert.Equal(config.Nics[i].Script ?? defaults.Script, r.Nics[i].GetProperty("script").GetString());
        }

        // Hand-written expectations, so that a wrong Resolve cannot agree with itself.
        Assert.Equal(("br-conf", "/etc/xen/scripts/vif-conf"), (NicDefaults.Resolve(config.Nics[0], config.Type, defaults).Bridge, NicDefaults.Resolve(config.Nics[0], config.Type, defaults).Script));
        Assert.Equal(("br-spec", "/x/vif-spec"), (NicDefaults.Resolve(config.Nics[1], config.Type, defaults).Bridge, NicDefaults.Resolve(config.Nics[1], config.Type, defaults).Script));
    }
}
