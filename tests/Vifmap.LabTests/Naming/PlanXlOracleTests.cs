using System.Globalization;
using System.Text;
using System.Text.Json;
using Vifmap.Config;
using Vifmap.LabTests.Lab;
using Vifmap.Naming;
using Vifmap.Vif;
using Xunit.Abstractions;
using Vifmap.Diagnostics;

namespace Vifmap.LabTests.Naming;

/// <summary>Proof against the real xl 4.17 (`xl -N create`): for generated configs, wherever libxl's
/// domain JSON states a NIC's devid or nictype, `plan` for Xen 4.17 states the same. (-N prints the
/// config before libxl's defaults, so nictype appears only when the spec sets it.) And plan says xl
/// exits (VM321) exactly when it does.</summary>
public sealed class PlanXlOracleTests(ITestOutputHelper output)
{
    private const int ConfigCount = 60;

    private static readonly string[] s_guestLines =
    [
        "type = \"hvm\"\n",
        "type = \"pv\"\nkernel = \"/boot/vmlinuz\"\n",
        "type = \"pvh\"\nkernel = \"/boot/vmlinuz\"\n",
        "builder = \"hvm\"\n",
        "type = \"hvm\"\ndevice_model_stubdomain_override = 1\n",
        "type = \"hvm\"\ndevice_model_version = \"none\"\n",
    ];

    private static readonly string[] s_tokens =
        ["type=vif", "type=ioemu", "type=netfront", "model=e1000", "bridge=br1", "vifname=web{0}", "mac=00:16:3e:00:{0:x2}:01", "devid={1}", "rate=10MB/s"];

    [SkippableFact]
    public async Task Plan_states_the_devids_and_nictypes_xl_states()
    {
        LabRequirement.SkipUnlessLabAvailable();
        var random = new Random(20261126);
        await using XlOracle xl = await XlOracle.StartAsync();
        int compared = 0;
        int nicsCompared = 0;
        int nictypesCompared = 0;
        int refused = 0;
        for (int c = 0; c < ConfigCount; c++)
        {
            string text = Generate(random, c);
            using XlResult result = await xl.CreateDryRunAsync(text);
            DomainConfig domain = DomainConfigReader.Read($"oracle-{c}.cfg", Encoding.UTF8.GetBytes(text), new ToolstackRelease(Toolstack.Xl, new XenVersion(4, 17)));
            NamePlan plan = NamePlanner.Plan(domain, new PlanRequest { Domid = 7, StubdomDomid = 8, Xen = new XenVersion(4, 17) });
            bool planSaysXlExits = plan.Diagnostics.Any(d => d.Code == DiagnosticCodes.NoDeviceModelRefused);
            Assert.True(planSaysXlExits == (result.ExitCode != 0),
                $"config {c}: xl exit {result.ExitCode} ({result.StdErr.Trim()}), plan {(planSaysXlExits ? "says" : "does not say")} xl exits\n{text}");
            if (result.ExitCode != 0)
            {
                refused++;
                continue;
            }

            IReadOnlyList<JsonElement> nics = result.Nics;
            Assert.True(nics.Count == plan.Nics.Count, $"config {c}: xl has {nics.Count} NICs, plan {plan.Nics.Count}\n{text}");
            for (int i = 0; i < nics.Count; i++)
            {
                if (nics[i].TryGetProperty("devid", out JsonElement devid))
                {
                    Assert.True(devid.GetInt32() == plan.Nics[i].Devid, $"config {c} NIC {i}: xl devid {devid}, plan {plan.Nics[i].Devid}\n{text}");
                    nicsCompared++;
                }

                if (nics[i].TryGetProperty("nictype", out JsonElement nictype))
                {
                    string planned = plan.Nics[i].NicType == NicType.Vif ? "vif" : "vif_ioemu";
                    Assert.True(nictype.GetString() == planned, $"config {c} NIC {i}: xl nictype {nictype}, plan {planned}\n{text}");
                    nictypesCompared++;
                }
            }

            compared++;
        }

        output.WriteLine($"{compared} configs, {nicsCompared} devids and {nictypesCompared} nictypes compared with xl 4.17; {refused} refused by xl, as plan said");
        Assert.True(compared > ConfigCount / 2, $"only {compared} of {ConfigCount} configs were accepted by xl");
        Assert.True(nictypesCompared > 20, $"only {nictypesCompared} nictypes compared");
    }

    private static string Generate(Random random, int index)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"name = \"g{index}\"\nmemory = 256\n");
        text.Append(s_guestLines[random.Next(s_guestLines.Length)]);
        int count = random.Next(1, 5);
        var specs = new List<string>();
        for (int n = 0; n < count; n++)
        {
            var tokens = new List<string>();
            int tokenCount = random.Next(0, 3);
            for (int t = 0; t < tokenCount; t++)
            {
                string token = string.Format(CultureInfo.InvariantCulture, s_tokens[random.Next(s_tokens.Length)], n, random.Next(0, 12));
                if (!tokens.Exists(k => k.Split('=')[0] == token.Split('=')[0]))
                {
                    tokens.Add(token);
                }
            }

            specs.Add("'" + string.Join(',', tokens) + "'");
        }

        text.Append("vif = [ ").Append(string.Join(", ", specs)).Append(" ]\n");
        return text.ToString();
    }
}
