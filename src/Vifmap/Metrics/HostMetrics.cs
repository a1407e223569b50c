using System.Globalization;
using Vifmap.Host;
using Vifmap.Naming;

namespace Vifmap.Metrics;

/// <summary>The metrics of one host map (issue 11's contract). Per-NIC series are keyed by what survives a
/// reboot — <c>domain</c>, <c>domain_uuid</c>, <c>devid</c>, <c>path</c> — never by domid or interface
/// name, which change. Two NICs with one identity (a guest being re-created while its old domain still
/// dies, or hostile xenstore) cannot both have series: the first by domid keeps them, the others are
/// counted in <c>vifmap_identity_conflicts</c>.</summary>
public static class HostMetrics
{
    private const string Dom0View = " as dom0 sees the interface: receive is what the guest sent, transmit what it was sent";
    private const string XenbusStates = "XenbusState: 0 Unknown, 1 Initialising, 2 InitWait, 3 Initialised, 4 Connected, 5 Closing, 6 Closed, 7 Reconfiguring, 8 Reconfigured";

    private static readonly (string Name, string What, Func<NetLink, long?> Read)[] s_counters =
    [
        ("vifmap_interface_receive_bytes", "Bytes received", l => l.RxBytes),
        ("vifmap_interface_transmit_bytes", "Bytes transmitted", l => l.TxBytes),
        ("vifmap_interface_receive_packets", "Packets received", l => l.RxPackets),
        ("vifmap_interface_transmit_packets", "Packets transmitted", l => l.TxPackets),
        ("vifmap_interface_receive_errors", "Receive errors", l => l.RxErrors),
        ("vifmap_interface_transmit_errors", "Transmit errors", l => l.TxErrors),
        ("vifmap_interface_receive_drops", "Received packets dropped", l => l.RxDropped),
        ("vifmap_interface_transmit_drops", "Packets dropped on transmit", l => l.TxDropped),
    ];

    /// <summary>Writes the whole exposition (and finishes it). <paramref name="map"/> is null when the host
    /// could not be read: then only <c>vifmap_up 0</c> and the scrape's own series.</summary>
    public static void Write(ExpositionWriter writer, HostMap? map, ScrapeOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outcome);
        writer.BeginFamily("vifmap_up", MetricType.Gauge, "1 when the host (xenstore and its interfaces) could be read, else 0 (the reason is on vifmap's stderr).");
        writer.Sample([], map is not null ? 1L : 0L);
        writer.BeginFamily("vifmap_build", MetricType.Info, "The vifmap version that answered.");
        writer.Sample([new("version", outcome.Version)], 1L);

        if (map is not null)
        {
            WriteMap(writer, map);
        }

        writer.BeginFamily("vifmap_scrape_duration_seconds", MetricType.Gauge, "How long reading the host and writing these metrics took.");
        writer.Sample([], System.Diagnostics.Stopwatch.GetElapsedTime(outcome.StartTimestamp).TotalSeconds);
        writer.Finish();
    }

    private static void WriteMap(ExpositionWriter writer, HostMap map)
    {
        var nics = new List<NicSeries>();
        var seen = new HashSet<(string, string, int)>();
        int conflicts = 0;
        foreach (GuestDomain domain in map.Domains)
        {
            foreach (GuestNic nic in domain.Nics)
            {
                string name = domain.Name ?? string.Empty;
                string uuid = domain.Uuid ?? string.Empty;
                if (!seen.Add((name, uuid, nic.Devid)))
                {
                    conflicts++;
                    continue;
                }

                nics.Add(new NicSeries(domain, nic, name, uuid, nic.Devid.ToString(CultureInfo.InvariantCulture)));
            }
        }

        writer.BeginFamily("vifmap_identity_conflicts", MetricType.Gauge,
            "NICs left without series because another NIC has the same domain, domain_uuid and devid (a guest re-created while its old domain is still dying, or inconsistent xenstore).");
        writer.Sample([], (long)conflicts);

        writer.BeginFamily("vifmap_domain", MetricType.Info,
            "A guest domain: name, uuid, current domid (changes on every reboot), type (libxl's /libxl/D/type: pv, pvh, hvm; without it hvm when the guest has an emulated NIC or a stub domain, else pv).");
        foreach (GuestDomain domain in map.Domains)
        {
            writer.Sample(
                [
                    new("domain", domain.Name ?? string.Empty),
                    new("domain_uuid", domain.Uuid ?? string.Empty),
                    new("domid", domain.Domid.ToString(CultureInfo.InvariantCulture)),
                    new("type", TypeOf(domain)),
                ],
                1L);
        }

        writer.BeginFamily("vifmap_interface", MetricType.Info,
            "A dom0 interface of a guest NIC, present now: its name and the guest's domid today (both change on reboot: join on domain, domain_uuid, devid, path), MAC, bridge, backend domain.");
        foreach (NicSeries s in nics)
        {
            foreach (NicInterface i in s.Nic.Interfaces)
            {
                if (i.Link is not NetLink link)
                {
                    continue;
                }

                writer.Sample(
                    [
                        .. s.Identity(i.Role),
                        new("interface", i.Name),
                        new("domid", s.Domain.Domid.ToString(CultureInfo.InvariantCulture)),
                        new("mac", s.Nic.Mac ?? string.Empty),
                        new("bridge", link.Master ?? s.Nic.Bridge ?? string.Empty),
                        new("backend_domid", s.Nic.BackendDomid.ToString(CultureInfo.InvariantCulture)),
                    ],
                    1L);
            }
        }

        writer.BeginFamily("vifmap_interface_active", MetricType.Gauge,
            "1 for the path (pv, emulated, stubdom) that carries the NIC's traffic now, 0 for its other path(s); all 0 when no path can carry it or the evidence is missing.");
        foreach (NicSeries s in nics)
        {
            foreach (NicInterface i in s.Nic.Interfaces)
            {
                writer.Sample(s.Identity(i.Role), IsActive(s.Nic.Active, i.Role) ? 1L : 0L);
            }
        }

        writer.BeginFamily("vifmap_nic_backend_state", MetricType.Gauge, "The netback side's state node. " + XenbusStates + ".");
        foreach (NicSeries s in nics)
        {
            if (s.Nic.BackendState.State is int state)
            {
                writer.Sample(s.NicIdentity(), (long)state);
            }
        }

        writer.BeginFamily("vifmap_nic_frontend_state", MetricType.Gauge,
            "The guest's frontend state node (4 = its PV driver is connected). " + XenbusStates + ". Absent when the node is missing or holds no such number (the guest can write it).");
        foreach (NicSeries s in nics)
        {
            if (s.Nic.FrontendState.State is int state)
            {
                writer.Sample(s.NicIdentity(), (long)state);
            }
        }

        foreach ((string name, string what, Func<NetLink, long?> read) in s_counters)
        {
            writer.BeginFamily(name, MetricType.Counter, what + Dom0View + ".");
            foreach (NicSeries s in nics)
            {
                foreach (NicInterface i in s.Nic.Interfaces)
                {
                    if (i.Link is NetLink link && read(link) is long value)
                    {
                        writer.Sample(s.Identity(i.Role), value);
                    }
                }
            }
        }
    }

    /// <summary>The stub domain's vif carries the emulated NIC's traffic, as the QEMU tap does without one (§3.5).</summary>
    private static bool IsActive(ActivePath active, InterfaceRole role) => active switch
    {
        ActivePath.Pv => role == InterfaceRole.Pv,
        ActivePath.Emulated => role != InterfaceRole.Pv,
        _ => false,
    };

    /// <summary>libxl's own word (<c>/libxl/D/type</c>) when it is there; else what the NICs show.</summary>
    private static string TypeOf(GuestDomain domain)
    {
        if (domain.Type is string type && type.Length > 0)
        {
            return type;
        }

        if (domain.StubdomDomid is not null)
        {
            return "hvm";
        }

        foreach (GuestNic nic in domain.Nics)
        {
            if (string.Equals(nic.NicType, "vif_ioemu", StringComparison.Ordinal))
            {
                return "hvm";
            }

            foreach (NicInterface i in nic.Interfaces)
            {
                if (i.Role != InterfaceRole.Pv)
                {
                    return "hvm";
                }
            }
        }

        return "pv";
    }

    private sealed record NicSeries(GuestDomain Domain, GuestNic Nic, string Name, string Uuid, string Devid)
    {
        public MetricLabel[] NicIdentity() => [new("domain", Name), new("domain_uuid", Uuid), new("devid", Devid)];

        public MetricLabel[] Identity(InterfaceRole role)
            => [new("domain", Name), new("domain_uuid", Uuid), new("devid", Devid), new("path", role.ToWireName())];
    }
}
