using Vifmap.Diagnostics;

namespace Vifmap.Vif;

/// <summary>One guest NIC as xl derives it from a vif spec (reference §2.1, §2.6), before libxl's
/// defaults fill in what is unset. Null means "not given in the spec".</summary>
public sealed record NicSpec
{
    /// <summary>Position in the <c>vif=</c> list (0-based).</summary>
    public required int Index { get; init; }

    /// <summary>devid: the list index unless <c>devid=</c> overrides it.</summary>
    public required int Devid { get; init; }

    /// <summary>Where the spec string starts in the config file.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>The raw spec text as written.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The <c>type=</c> value when valid (vif / ioemu); null when absent or invalid (xl then uses the default).</summary>
    public NicType? RequestedType { get; init; }

    /// <summary>The MAC xl ends up with; null when unset or all-zero (libxl picks a random one).</summary>
    public MacAddress? Mac { get; init; }

    public string? Bridge { get; init; }
    public string? Model { get; init; }
    public string? VifName { get; init; }
    public string? Script { get; init; }
    public string? Ip { get; init; }
    public string? GatewayDev { get; init; }
    public string? Backend { get; init; }
    public VifRate? Rate { get; init; }
    public ulong? Mtu { get; init; }
    public string? Vlan { get; init; }
    public bool? Trusted { get; init; }

    /// <summary><c>forwarddev=</c> and the <c>colo_*</c> keys (COLO, 4.7+/4.9+), by key as written.</summary>
    public IReadOnlyDictionary<string, string> ColoSettings { get; init; } = EmptySettings;

    /// <summary>Where the effective (last) value of each key given in the spec starts, by key
    /// (<c>mac</c>, <c>vifname</c>, <c>devid</c>, …; flags under <c>trusted</c>).</summary>
    public IReadOnlyDictionary<string, SourceLocation> ValueLocations { get; init; } = EmptyLocations;

    /// <summary>Where the value of <paramref name="key"/> starts, or the spec's own location.</summary>
    public SourceLocation LocationOf(string key) => ValueLocations.GetValueOrDefault(key, Location);

    internal static readonly IReadOnlyDictionary<string, string> EmptySettings = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, SourceLocation> EmptyLocations = new Dictionary<string, SourceLocation>();
}
