using Vifmap.Config;
using Vifmap.Diagnostics;

namespace Vifmap.Naming;

/// <summary>The dom0 interfaces a domain config will produce (the model behind <c>vifmap plan</c>).</summary>
public sealed record NamePlan
{
    public string? DomainName { get; init; }

    /// <summary>The guest type as the toolstack builds it (PVH before 4.10 is PV).</summary>
    public required GuestType GuestType { get; init; }

    public uint? Domid { get; init; }

    /// <summary>The stub domain's domid when the guest has a stub domain and it was given.</summary>
    public uint? StubdomDomid { get; init; }

    /// <summary>Whether the device model runs in a stub domain (so no tap is in dom0).</summary>
    public required bool HasStubDomain { get; init; }

    public required XenVersion Xen { get; init; }

    public required NamingEra Era { get; init; }

    /// <summary>The toolstack of <see cref="Era"/> (each era belongs to one toolstack).</summary>
    public Toolstack Toolstack => Era.Toolstack;

    public required IReadOnlyList<PlannedNic> Nics { get; init; }

    /// <summary>The config's own findings followed by the naming ones.</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>The largest guest domid for which every default guest name fits the kernel's and QEMU's
    /// limits; 0 when none does.</summary>
    public required uint MaxDomidThatFits { get; init; }

    /// <summary>The same for the stub domain's domid; null without a stub domain.</summary>
    public uint? MaxStubdomDomidThatFits { get; init; }

    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
