namespace Vifmap.Naming;

/// <summary>What an interface name can mean (the model behind <c>vifmap explain</c>). The top-level
/// fields hold what every reading agrees on; where they disagree, <see cref="Kind"/> and
/// <see cref="Role"/> give the first (likeliest) reading's and <see cref="Domid"/>/<see cref="Devid"/> are null.</summary>
public sealed record NameExplanation
{
    public required string Name { get; init; }

    public required InterfaceKind Kind { get; init; }

    public InterfaceRole? Role { get; init; }

    public uint? Domid { get; init; }

    public long? Devid { get; init; }

    public required IReadOnlyList<NameReading> Readings { get; init; }

    /// <summary>What the name alone cannot rule out, and how to ask the host.</summary>
    public string? Caveat { get; init; }
}
