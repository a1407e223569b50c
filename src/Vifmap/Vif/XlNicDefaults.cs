namespace Vifmap.Vif;

/// <summary>The NIC defaults from xl.conf (<c>vif.default.script</c>, <c>.bridge</c>, <c>.gatewaydev</c>,
/// <c>.backend</c>): xl's <c>set_default_nic_values</c> puts them in every NIC before the spec is read, so a
/// spec key overrides them (reference §2.6). Debian's xl.conf sets none of them.</summary>
public sealed record XlNicDefaults
{
    public static XlNicDefaults None { get; } = new();

    public string? Script { get; init; }
    public string? Bridge { get; init; }
    public string? GatewayDev { get; init; }
    public string? Backend { get; init; }
}
