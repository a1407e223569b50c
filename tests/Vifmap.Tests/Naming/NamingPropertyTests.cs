using System.Globalization;
using CsCheck;
using Vifmap.Config;
using Vifmap.Naming;
using Vifmap.Vif;

namespace Vifmap.Tests.Naming;

/// <summary>plan and explain agree: every default name plan makes decodes back to its domid, role and
/// (where the era's naming fixes it) devid; and no name over the kernel's or QEMU's limit goes without
/// a diagnostic.</summary>
public sealed class NamingPropertyTests
{
    private sealed record Case(NamingEra Era, XenVersion Xen, uint Domid, uint Stubdom, GuestType Type, bool Stub, (int Devid, string? Type, string? VifName)[] Nics);

    private static readonly string?[] s_types = [null, null, null, "vif", "ioemu", "netfront"];

    private static readonly Gen<int> s_devid = Gen.Frequency(
        (6, Gen.Int[0, 9]), (2, Gen.Int[10, 999]), (1, Gen.Int[1000, 99_999]), (1, Gen.Int[100_000, 2_000_000]));

    private static readonly Gen<Case> s_case =
        from eraIndex in Gen.Int[0, NamingEras.All.Count - 1]
        from minorOffset in Gen.Int[0, 22]
        from domid in Gen.Frequency((3, Gen.Int[1, 32751]), (1, Gen.Int[10_000, 32751]))
        from stubdom in Gen.Int[1, 32751]
        from type in Gen.Int[0, 2]
        from stub in Gen.Bool
        from nics in (from devid in s_devid
                      from t in Gen.Int[0, s_types.Length - 1]
                      from custom in Gen.Int[0, 9]
                      select (devid, s_types[t], custom == 0 ? "web" + devid.ToString(CultureInfo.InvariantCulture) : null)).Array[1, 4]
        select Make(NamingEras.All[eraIndex], minorOffset, (uint)domid, (uint)stubdom, (GuestType)type, stub, nics);

    private static Case Make(NamingEra era, int minorOffset, uint domid, uint stubdom, GuestType type, bool stub, (int, string?, string?)[] nics)
    {
        int span = era.Last.Minor - era.First.Minor;
        return new Case(era, new XenVersion(4, era.First.Minor + (minorOffset % (span + 1))), domid, stubdom, type, stub, nics);
    }

    private static NamePlan PlanOf(Case c)
    {
        NicSpec[] nics = [.. c.Nics.Select((n, i) => new NicSpec
        {
            Index = i,
            Devid = n.Devid,
            Text = n.Type is null ? string.Empty : "type=" + n.Type,
            RequestedType = n.Type switch { "vif" => NicType.Vif, "ioemu" => NicType.VifIoemu, _ => null },
            VifName = n.VifName,
        })];
        var config = new DomainConfig { Type = c.Type, Nics = nics, StubDomain = c.Stub };
        return NamePlanner.Plan(config, new PlanRequest
        {
            Domid = c.Domid, StubdomDomid = c.Stub ? c.Stubdom : null, Xen = c.Xen, Toolstack = c.Era.Toolstack,
        });
    }

    [Fact]
    public void Explain_gives_back_what_plan_made()
        => s_case.Sample(c =>
        {
            NamePlan plan = PlanOf(c);
            foreach (PlannedNic nic in plan.Nics)
            {
                foreach (PlannedInterface iface in nic.Interfaces)
                {
                    if (iface.IsCustom || iface.Intended is not null || iface.Name.Length > InterfaceNameLimits.MaxLength)
                    {
                        continue;
                    }

                    NameExplanation e = InterfaceNameDecoder.Explain(iface.Name, c.Xen);
                    Assert.Equal(InterfaceKind.Guest, e.Kind);
                    Assert.Equal(iface.Domid, e.Domid);
                    bool devidFixed = iface.Role != InterfaceRole.Emulated || c.Era.TapNumbering != TapNumbering.EmulatedIndex;
                    Assert.Contains(e.Readings, r => r.Era == c.Era && r.Role == iface.Role && r.Domid == iface.Domid
                        && (!devidFixed || r.Devid == nic.Devid));
                    if (iface.Role != InterfaceRole.Stubdom)
                    {
                        Assert.Equal(iface.Role, e.Role);
                    }
                }
            }
        }, iter: 3000, threads: 1, print: c => c.ToString());

    [Fact]
    public void No_long_name_goes_without_a_diagnostic()
        => s_case.Sample(c =>
        {
            NamePlan plan = PlanOf(c);
            string[] lengthCodes = ["VM301", "VM302", "VM303", "VM304"];
            foreach (PlannedNic nic in plan.Nics)
            {
                foreach (PlannedInterface iface in nic.Interfaces)
                {
                    // The names as the reference spells them (§3.3), then the creators' limits (§3.6).
                    uint owner = iface.Domid!.Value;
                    string full = iface.Role == InterfaceRole.Emulated
                        ? iface.CreatedAs
                        : string.Create(CultureInfo.InvariantCulture, $"vif{owner}.{nic.Devid}");
                    bool tooLong = iface.Role == InterfaceRole.Emulated
                        ? (iface.Intended ?? iface.Name).Length > InterfaceNameLimits.MaxLength
                        : full.Length > InterfaceNameLimits.NetbackMaxLength || (iface.Intended ?? iface.Name).Length > InterfaceNameLimits.MaxLength;
                    if (tooLong)
                    {
                        Assert.Contains(plan.Diagnostics, d => lengthCodes.Contains(d.Code) && d.Location == nic.Location);
                    }

                    Assert.True(iface.Name.Length <= InterfaceNameLimits.MaxLength, iface.Name);
                }
            }
        }, iter: 3000, threads: 1, print: c => c.ToString());

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(12345)]
    public void Every_guest_domid_round_trips_for_libxl(int devid)
    {
        DomainConfig config = new() { Type = GuestType.Hvm, Nics = [new NicSpec { Index = 0, Devid = devid }] };
        for (uint domid = 1; domid <= InterfaceNameLimits.LastGuestDomid; domid++)
        {
            NamePlan plan = NamePlanner.Plan(config, new PlanRequest { Domid = domid });
            PlannedInterface pv = plan.Nics[0].Interfaces[0];
            PlannedInterface tap = plan.Nics[0].Interfaces[1];
            string expectedTap = string.Create(CultureInfo.InvariantCulture, $"vif{domid}.{devid}-emu");
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"vif{domid}.{devid}"), pv.Name);
            if (expectedTap.Length <= InterfaceNameLimits.QemuTapMaxLength)
            {
                Assert.Equal(expectedTap, tap.Name);
                NameExplanation e = InterfaceNameDecoder.Explain(tap.Name, XenVersion.Newest);
                Assert.Equal((domid, (long)devid, InterfaceRole.Emulated), (e.Domid!.Value, e.Devid!.Value, e.Role!.Value));
                Assert.Empty(plan.Diagnostics);
            }
            else
            {
                Assert.Equal(expectedTap[..15], tap.Name);
                Assert.Equal("VM302", Assert.Single(plan.Diagnostics).Code);
            }

            NameExplanation p = InterfaceNameDecoder.Explain(pv.Name, XenVersion.Newest);
            Assert.Equal((domid, InterfaceRole.Pv), (p.Domid!.Value, p.Role!.Value));
            Assert.Contains(p.Readings, r => r.Role == InterfaceRole.Pv && r.Devid == devid);
        }
    }
}
