using System.Globalization;
using System.Text;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.LabTests.Lab;
using Vifmap.Naming;
using Xunit.Abstractions;

namespace Vifmap.LabTests.Config;

/// <summary>Every exit(1) of xl_parse.c that a key Vifmap reads can reach, against the real xl 4.17
/// (`xl -N create`): generated configs mix the keys and values that lead there (type, builder,
/// uuid, device_model_version, name, kernel/bootloader/firmware, and a vif's rate, devid and mtu) with values xl takes, and lint +
/// plan for xl 4.17 must report an "xl exits" error exactly when xl exits.</summary>
public sealed class XlExitOracleTests(ITestOutputHelper output)
{
    private const int ConfigCount = 200;

    /// <summary>The findings that say xl exits while reading the config.</summary>
    private static readonly HashSet<string> s_xlExitCodes = new(StringComparer.Ordinal)
    {
        DiagnosticCodes.InvalidGuestType,
        DiagnosticCodes.ContradictingGuestType,
        DiagnosticCodes.InvalidUuid,
        DiagnosticCodes.InvalidRate,
        DiagnosticCodes.InvalidNumber,
        DiagnosticCodes.NoDeviceModelRefused,
        DiagnosticCodes.MissingDomainName,
        DiagnosticCodes.NoKernelOrBootloader,
        DiagnosticCodes.PvFirmwareRefused,
    };

    private static readonly string[][] s_choices =
    [
        // name= (:1315-1318) and what a PV or PVH guest boots (:1856-1882)
        [.. Enumerable.Repeat("name = \"g\"\n", 14), "", "name = [ \"g\" ]\n"],
        [.. Enumerable.Repeat("kernel = \"/bin/true\"\n", 16),
         "", "bootloader = \"/bin/true\"\n", "firmware = \"pvgrub64\"\n", "firmware = \"pvgrub\"\n", "firmware = \"grub\"\n",
         "kernel = \"/bin/true\"\nfirmware = \"pvgrub32\"\n", "kernel = [ \"/bin/true\" ]\n", "kernel = \"\"\n"],

        // type= and builder= (xl_parse.c:1271-1303 at RELEASE-4.17.0)
        ["", "", "", "", "", "", "type = \"hvm\"\n", "type = \"pv\"\n", "type = \"pvh\"\n", "type = \"xen\"\n", "type = \"\"\n", "builder = \"hvm\"\n", "builder = \"linux\"\n", "type = \"pv\"\nbuilder = \"hvm\"\n"],

        // uuid= (:1320-1326)
        ["", "", "", "", "", "", "", "", "", "", "uuid = \"5d9ac1f2-e0b8-4c1e-8c3b-0d2e1f4a5b6c\"\n", "uuid = \"5D9AC1F2-E0B8-4C1E-8C3B-0D2E1F4A5B6C\"\n", "uuid = \"5d9ac1f2e0b84c1e8c3b0d2e1f4a5b6c\"\n",
         "uuid = \"{5d9ac1f2-e0b8-4c1e-8c3b-0d2e1f4a5b6c}\"\n", "uuid = \"5d9ac1f2-e0b8-4c1e-8c3b-0d2e1f4a5b6\"\n", "uuid = \"5d9ac1f2-e0b8-4c1e-8c3b-0d2e1f4a5b6cd\"\n",
         "uuid = \"5d9ac1f2_e0b8-4c1e-8c3b-0d2e1f4a5b6c\"\n", "uuid = \"zd9ac1f2-e0b8-4c1e-8c3b-0d2e1f4a5b6c\"\n", "uuid = 12345\n", "uuid = \"\"\n", "uuid = [ \"x\" ]\n"],

        // device_model_version= (:2522-2533)
        ["", "", "", "", "", "device_model_version = \"qemu-xen\"\n", "device_model_version = \"qemu-xen-traditional\"\n", "device_model_version = \"none\"\n", "device_model_version = \"qemu\"\n"],

        // vif: parse_vif_rate exits (:125-136), devid=/mtu= that are not numbers (parse_nic_config)
        ["", "", "", "", "", "", "vif = [ 'bridge=br0' ]\n", "vif = [ 'rate=10Mb/s' ]\n", "vif = [ 'rate=10Mb/s@20ms' ]\n", "vif = [ 'rate=fast' ]\n", "vif = [ 'rate=0Mb/s' ]\n",
         "vif = [ 'devid=3' ]\n", "vif = [ 'devid=x' ]\n", "vif = [ 'mtu=9000' ]\n", "vif = [ 'mtu=big' ]\n", "vif = [ 'bridge=br0', 'rate=1Gb/s@0ms' ]\n"],
    ];

    [SkippableFact]
    public async Task Lint_and_plan_say_xl_exits_exactly_when_xl_4_17_exits()
    {
        LabRequirement.SkipUnlessLabAvailable();
        await using XlOracle xl = await XlOracle.StartAsync();
        var random = new Random(20261202);
        var release = new ToolstackRelease(Toolstack.Xl, new XenVersion(4, 17));
        int exits = 0;
        int agree = 0;
        var disagreements = new List<string>();
        for (int c = 0; c < ConfigCount; c++)
        {
            var text = new StringBuilder("memory = 256\n");
            foreach (string[] choice in s_choices)
            {
                text.Append(choice[random.Next(choice.Length)]);
            }

            string config = text.ToString();
            DomainConfig domain = DomainConfigReader.Read("g.cfg", Encoding.UTF8.GetBytes(config), release);
            NamePlan plan = NamePlanner.Plan(domain, new PlanRequest { Domid = 7, Xen = release.Xen });
            Diagnostic[] said = [.. domain.Diagnostics.Concat(plan.Diagnostics).Where(d => d.Severity == Severity.Error && s_xlExitCodes.Contains(d.Code))];

            using XlResult result = await xl.CreateDryRunAsync(config);
            bool xlExits = result.ExitCode != 0;
            exits += xlExits ? 1 : 0;
            if (xlExits == (said.Length > 0))
            {
                agree++;
            }
            else
            {
                disagreements.Add(string.Create(CultureInfo.InvariantCulture,
                    $"xl exit {result.ExitCode} ({result.StdErr.Trim()}); vifmap: {(said.Length == 0 ? "no exit" : string.Join(" | ", said.Select(d => d.ToString())))}\n{config}"));
            }
        }

        output.WriteLine($"{ConfigCount} configs, xl 4.17 exited on {exits}; exit/no exit agreement {agree}/{ConfigCount}");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(10)));

        // The generator reaches both outcomes often.
        Assert.InRange(exits, ConfigCount / 5, ConfigCount * 4 / 5);
    }
}
