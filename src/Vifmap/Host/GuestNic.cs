namespace Vifmap.Host;

/// <summary>One virtual NIC of a guest as the backend domain sees it (reference §4.1, §4.2).
/// Strings come from xenstore: guest-influenced, possibly with control characters.</summary>
public sealed record GuestNic(int Devid)
{
    /// <summary>The domain whose backend serves this NIC (frontend <c>backend-id</c>, or the map's backend).</summary>
    public int BackendDomid { get; init; }

    /// <summary>False when the NIC is served by another backend (driver) domain: no interface here.</summary>
    public bool ServedHere { get; init; } = true;

    public string? Mac { get; init; }

    public string? Bridge { get; init; }

    /// <summary>Backend <c>type</c>: <c>vif</c> or <c>vif_ioemu</c> (libxl 4.2+); absent on older toolstacks.</summary>
    public string? NicType { get; init; }

    public string? VifName { get; init; }

    public string? Script { get; init; }

    public string? HotplugStatus { get; init; }

    /// <summary>The backend's <c>mtu</c> node (libxl 4.15+), as written; null when absent.</summary>
    public string? Mtu { get; init; }

    public XenbusStateValue BackendState { get; init; }

    public XenbusStateValue FrontendState { get; init; }

    public ActivePath Active { get; init; } = ActivePath.Unknown;

    /// <summary>The evidence behind <see cref="Active"/>, for a person ("frontend state 4 (Connected)").</summary>
    public string ActiveReason { get; init; } = string.Empty;

    public IReadOnlyList<NicInterface> Interfaces { get; init; } = [];
}
