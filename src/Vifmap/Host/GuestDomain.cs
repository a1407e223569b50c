namespace Vifmap.Host;

/// <summary>A guest domain and its NICs. Name + UUID + devid is the identity that survives a reboot
/// (the domid changes). A stub domain is not a guest: its vifs are under the guest's NICs.</summary>
public sealed record GuestDomain(int Domid)
{
    public string? Name { get; init; }

    /// <summary>From <c>/local/domain/D/vm</c> = <c>/vm/&lt;uuid&gt;</c> (libxl__domain_make).</summary>
    public string? Uuid { get; init; }

    /// <summary>The device-model stub domain (<c>image/device-model-domid</c>, or a domain whose <c>target</c> is this one).</summary>
    public int? StubdomDomid { get; init; }

    /// <summary><c>pv</c>, <c>pvh</c> or <c>hvm</c> as libxl recorded it (4.10+); null when unknown.</summary>
    public string? Type { get; init; }

    public IReadOnlyList<GuestNic> Nics { get; init; } = [];
}
