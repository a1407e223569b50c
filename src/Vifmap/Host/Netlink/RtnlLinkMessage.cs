namespace Vifmap.Host.Netlink;

/// <summary>What an rtnetlink link message says happened: the interface exists as described
/// (RTM_NEWLINK: in a dump, on creation, rename or any state change) or it was deleted (RTM_DELLINK).</summary>
public enum RtnlLinkChange
{
    New,
    Deleted,
}

/// <summary>One RTM_NEWLINK / RTM_DELLINK message, decoded. Every attribute may be absent (old
/// kernels, odd drivers, a truncated message): null means "not said", never a made-up default.</summary>
public sealed record RtnlLinkMessage(RtnlLinkChange Change, int Ifindex)
{
    /// <summary><c>ifi_flags</c>: IFF_UP (0x1), IFF_LOWER_UP (0x10000), …</summary>
    public uint Flags { get; init; }

    public string? Name { get; init; }

    public int? Mtu { get; init; }

    /// <summary>IFLA_MASTER: the ifindex of the bridge (or bond) the interface is enslaved to.</summary>
    public int? MasterIfindex { get; init; }

    /// <summary>IFLA_OPERSTATE (RFC 2863) as sysfs spells it: <c>up</c>, <c>down</c>, <c>lowerlayerdown</c>, ….</summary>
    public string? OperState { get; init; }

    /// <summary>IFLA_CARRIER; null when the kernel did not say.</summary>
    public bool? Carrier { get; init; }

    /// <summary>IFLA_ADDRESS as <c>aa:bb:…</c> (lower-case hex, as sysfs and <c>ip</c> print it).</summary>
    public string? Address { get; init; }

    /// <summary>IFLA_LINKINFO / IFLA_INFO_KIND: <c>veth</c>, <c>tun</c>, <c>bridge</c>, …</summary>
    public string? Kind { get; init; }

    /// <summary>IFLA_PARENT_DEV_BUS_NAME (Linux 5.16+): <c>xen-backend</c> for a netback vif.</summary>
    public string? ParentBus { get; init; }

    /// <summary>IFLA_PARENT_DEV_NAME (Linux 5.16+): the device on that bus, e.g. <c>vif-5-0</c>.</summary>
    public string? ParentDevice { get; init; }

    /// <summary>IFLA_STATS64; null when absent or shorter than its first eight counters.</summary>
    public RtnlLinkStats? Stats { get; init; }

    public bool IsUp => (Flags & 0x1) != 0;
}

/// <summary>The first eight counters of <c>struct rtnl_link_stats64</c>, dom0's view.</summary>
public readonly record struct RtnlLinkStats(
    ulong RxPackets,
    ulong TxPackets,
    ulong RxBytes,
    ulong TxBytes,
    ulong RxErrors,
    ulong TxErrors,
    ulong RxDropped,
    ulong TxDropped);
