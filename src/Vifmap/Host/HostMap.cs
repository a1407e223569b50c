using Vifmap.Diagnostics;
using Vifmap.Naming;

namespace Vifmap.Host;

/// <summary>Which guest and NIC owns each of a backend domain's network interfaces (reference §8).</summary>
/// <param name="Source">Where the facts came from: <c>live</c>, <c>dump</c> or <c>snapshot</c>.</param>
/// <param name="BackendDomid">The domain whose backends were mapped (0 = dom0, else a driver domain).</param>
/// <param name="Domains">Guests by domid; stub domains are folded into their guest.</param>
/// <param name="Orphans">Interfaces without a NIC and NIC entries without their interface.</param>
/// <param name="Diagnostics">VM4xx findings about the source data (hostile or inconsistent values).</param>
public sealed record HostMap(
    string Source,
    int BackendDomid,
    IReadOnlyList<GuestDomain> Domains,
    IReadOnlyList<OrphanEntry> Orphans,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>When the host was read (UTC); for a dump or snapshot, when it was mapped.</summary>
    public DateTimeOffset ReadAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The host's Xen release and where it was read, when known (a live host).</summary>
    public (XenVersion Version, string From)? Xen { get; init; }
}
