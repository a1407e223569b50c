using Vifmap.Diagnostics;
using Vifmap.Vif;

namespace Vifmap.Naming;

/// <summary>One guest NIC as the toolstack of the plan will create it.</summary>
public sealed record PlannedNic
{
    /// <summary>Position in the <c>vif=</c> list (0-based).</summary>
    public required int Index { get; init; }

    public required int Devid { get; init; }

    /// <summary>Null means random (libxl and xend pick one at creation).</summary>
    public MacAddress? Mac { get; init; }

    /// <summary>The bridge, with libxl's default filled in; null for xend when unset (its vif-bridge
    /// then takes the first bridge it finds).</summary>
    public string? Bridge { get; init; }

    public required NicType NicType { get; init; }

    /// <summary>The QEMU model for an emulated NIC (with the era's default); null when there is none.</summary>
    public string? Model { get; init; }

    public string? VifName { get; init; }

    /// <summary>The backend domain as written (<c>backend=</c>); null for dom0.</summary>
    public string? Backend { get; init; }

    public SourceLocation Location { get; init; } = SourceLocation.None;

    public required IReadOnlyList<PlannedInterface> Interfaces { get; init; }
}
