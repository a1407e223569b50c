namespace Vifmap.Naming;

/// <summary>What <see cref="NamePlanner"/> needs besides the config: where and by what the guest is created.</summary>
public sealed record PlanRequest
{
    /// <summary>The guest's domid; null to get names as templates (<c>vif&lt;D&gt;.0</c>).</summary>
    public uint? Domid { get; init; }

    /// <summary>The stub domain's domid (§3.5); null to name its vifs as templates (<c>vif&lt;S&gt;.0</c>).</summary>
    public uint? StubdomDomid { get; init; }

    public XenVersion Xen { get; init; } = XenVersion.Newest;

    public Toolstack Toolstack { get; init; } = Toolstack.Xl;
}
