namespace Vifmap.Host;

/// <summary>One network interface as the kernel reports it (sysfs, <c>ip -j -s -d link</c>, or a
/// snapshot of either). Every field but the name may be unknown: interfaces vanish mid-read and
/// sysfs refuses some attributes (<c>carrier</c> is EINVAL while the link is admin-down).</summary>
public sealed record NetLink(string Name)
{
    public string? OperState { get; init; }

    public bool? Carrier { get; init; }

    /// <summary>The bridge (or other master) the interface is enslaved to.</summary>
    public string? Master { get; init; }

    public int? Mtu { get; init; }

    public string? Address { get; init; }

    /// <summary><c>tun</c>, <c>veth</c>, <c>bridge</c>, … when the source says; null when unknown.</summary>
    public string? Kind { get; init; }

    /// <summary>For a netback interface, its xenbus node (<c>device/nodename</c>, e.g.
    /// <c>backend/vif/5/0</c>): names the NIC even after a rename (libxenstat's method, Xen b2a332bfde).</summary>
    public string? XenbusNodename { get; init; }

    public long? RxBytes { get; init; }

    public long? TxBytes { get; init; }

    public long? RxPackets { get; init; }

    public long? TxPackets { get; init; }

    /// <summary>The kernel's <c>rx_errors</c> (statistics/rx_errors, IFLA_STATS64 rx_errors).</summary>
    public long? RxErrors { get; init; }

    public long? TxErrors { get; init; }

    /// <summary>The kernel's <c>rx_dropped</c> (statistics/rx_dropped, IFLA_STATS64 rx_dropped).</summary>
    public long? RxDropped { get; init; }

    public long? TxDropped { get; init; }

    /// <summary>The kernel's ifindex: the same interface across a rename (netlink and sysfs know it).</summary>
    public int? Ifindex { get; init; }
}
