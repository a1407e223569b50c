namespace Vifmap.Naming;

/// <summary>One dom0 interface a NIC will produce.</summary>
public sealed record PlannedInterface
{
    /// <summary>The name the interface has once set up; when setup fails (see the diagnostics), the name
    /// it is left with. A template (<c>vif&lt;D&gt;.0</c>) when the domid is not known.</summary>
    public required string Name { get; init; }

    public required InterfaceRole Role { get; init; }

    /// <summary>The name the kernel (netback) or QEMU gives it at creation, before any hotplug rename.</summary>
    public required string CreatedAs { get; init; }

    /// <summary>The name the toolstack meant it to have, when that name cannot be had (cut or refused).</summary>
    public string? Intended { get; init; }

    /// <summary>The domain the interface belongs to: the guest, or for <see cref="InterfaceRole.Stubdom"/>
    /// the stub domain; null when that domid is not known.</summary>
    public uint? Domid { get; init; }

    /// <summary>Whether the name comes from the NIC's <c>vifname</c> rather than the default rule.</summary>
    public bool IsCustom { get; init; }

    /// <summary>Whether <see cref="Name"/> still holds a domid placeholder.</summary>
    public bool IsTemplate { get; init; }
}
