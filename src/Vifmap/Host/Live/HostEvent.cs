namespace Vifmap.Host.Live;

/// <summary>What happened on the host (the <c>type</c> of <c>vifmap watch</c>'s events).</summary>
public enum HostEventType
{
    Present,
    DomainIntroduced,
    DomainReleased,
    DomainRenamed,
    NicAdded,
    NicRemoved,
    BackendState,
    FrontendState,
    ActivePathChanged,
    InterfaceAdded,
    InterfaceRemoved,
    InterfaceRenamed,
    Resync,
}

/// <summary>The names the contract gives the event types.</summary>
public static class HostEventTypeNames
{
    public static string ToWireName(this HostEventType type) => type switch
    {
        HostEventType.Present => "present",
        HostEventType.DomainIntroduced => "domain-introduced",
        HostEventType.DomainReleased => "domain-released",
        HostEventType.DomainRenamed => "domain-renamed",
        HostEventType.NicAdded => "nic-added",
        HostEventType.NicRemoved => "nic-removed",
        HostEventType.BackendState => "backend-state",
        HostEventType.FrontendState => "frontend-state",
        HostEventType.ActivePathChanged => "active-path-changed",
        HostEventType.InterfaceAdded => "interface-added",
        HostEventType.InterfaceRemoved => "interface-removed",
        HostEventType.InterfaceRenamed => "interface-renamed",
        _ => "resync",
    };
}

/// <summary>One change (or, for <see cref="HostEventType.Present"/>, one NIC of the current state).
/// Fields that do not apply are null. <see cref="From"/>/<see cref="To"/> are text: a XenbusState as
/// its number, a path as its name (<c>pv</c>, <c>emulated</c>, <c>stubdom</c>, <c>none</c>), a domain
/// or interface as its name. Strings come from xenstore and the kernel: hostile until escaped.</summary>
public sealed record HostEvent(HostEventType Type)
{
    public int? Domid { get; init; }

    public string? Domain { get; init; }

    public string? DomainUuid { get; init; }

    public int? Devid { get; init; }

    /// <summary><c>pv</c>, <c>emulated</c> or <c>stubdom</c>: the path the event is about (the active
    /// one for NIC events, the interface's own for interface events).</summary>
    public string? Path { get; init; }

    public string? Interface { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    /// <summary>For <see cref="HostEventType.Resync"/>: why the state is read again.</summary>
    public string? Reason { get; init; }
}
