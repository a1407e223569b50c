using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;
using Vifmap.Vif;

namespace Vifmap.Tests.Naming;

/// <summary>Hand-built configs: the planner is tested on DomainConfig values, not through the parser.</summary>
internal static class NamingTestData
{
    public static NicSpec Nic(int index, string text = "", string? vifName = null, NicType? type = null, int? devid = null,
        string? backend = null, MacAddress? mac = null, string? script = null)
        => new()
        {
            Index = index,
            Devid = devid ?? index,
            Text = text,
            VifName = vifName,
            RequestedType = type,
            Backend = backend,
            Mac = mac,
            Script = script,
            Location = new SourceLocation("t.cfg", 1, 8 + (index * 10)),
        };

    public static DomainConfig Domain(GuestType type, params NicSpec[] nics)
        => new() { Name = "g", Type = type, Nics = nics };

    public static NamePlan Plan(DomainConfig config, string xen, Toolstack toolstack = Toolstack.Xl, uint? domid = 5, uint? stub = null)
    {
        Assert.True(XenVersion.TryParse(xen, out XenVersion version));
        return NamePlanner.Plan(config, new PlanRequest { Domid = domid, StubdomDomid = stub, Xen = version, Toolstack = toolstack });
    }

    /// <summary>Every interface as "role:name", NIC by NIC: the shape the reference's §3.3 table has.</summary>
    public static string[][] Names(NamePlan plan)
        => [.. plan.Nics.Select(n => n.Interfaces.Select(i => $"{Role(i.Role)}:{i.Name}").ToArray())];

    public static string Role(InterfaceRole role) => role switch
    {
        InterfaceRole.Pv => "pv",
        InterfaceRole.Emulated => "emulated",
        _ => "stubdom",
    };

    public static string[] Codes(NamePlan plan) => [.. plan.Diagnostics.Select(d => $"{d.Code}:{(d.Severity == Severity.Error ? "error" : "warning")}")];
}
