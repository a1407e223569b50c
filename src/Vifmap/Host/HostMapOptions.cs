namespace Vifmap.Host;

/// <summary>What to map, and what to call the source in the output.</summary>
public sealed record HostMapOptions
{
    /// <summary>The domain whose backends are mapped: 0 (dom0) unless Vifmap runs in a driver domain.</summary>
    public int BackendDomid { get; init; }

    /// <summary>Guest names or domids to keep; empty keeps every guest.</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary><c>live</c>, <c>dump</c> or <c>snapshot</c>: copied into the map.</summary>
    public string Source { get; init; } = "live";
}
