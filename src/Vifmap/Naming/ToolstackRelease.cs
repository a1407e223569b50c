namespace Vifmap.Naming;

/// <summary>The toolstack and Xen release a config is judged for: every rule whose answer depends on the
/// release takes one (lint and plan alike), so the two commands cannot disagree.</summary>
public readonly record struct ToolstackRelease(Toolstack Toolstack, XenVersion Xen)
{
    /// <summary>xl of the newest release: what <c>lint</c> and <c>plan</c> judge by default.</summary>
    public static ToolstackRelease Default { get; } = new(Toolstack.Xl, XenReleases.Newest);

    /// <summary>Whether the pair existed (xend ended with 4.4; 4.0–4.22 are modelled).</summary>
    public bool Exists => NamingEras.For(Toolstack, Xen) is not null;

    /// <exception cref="InvalidOperationException">The pair never existed (<see cref="Exists"/> is false).</exception>
    public NamingEra Era => NamingEras.For(Toolstack, Xen)
        ?? throw new InvalidOperationException($"{Toolstack} does not exist in Xen {Xen}");

    public bool IsXl => Toolstack == Toolstack.Xl;

    /// <summary>libxl 4.2+: hotplug renames with <c>ip link set name</c> (15-character limit, fatal on a taken name).</summary>
    public bool IsLibxl => IsXl && Xen >= XenReleases.LibxlNamingFrom;

    /// <summary>xl reads <c>devid=</c> in a vif spec.</summary>
    public bool ReadsDevidKey => IsXl && Xen >= XenReleases.DevidKeyFrom;

    /// <summary>xl reads the top-level <c>type=</c> (and <c>builder=</c> is deprecated).</summary>
    public bool ReadsGuestTypeKey => IsXl && Xen >= XenReleases.GuestTypeKeyFrom;

    public override string ToString() => $"{(IsXl ? "xl" : "xend")} {Xen}";
}
