using System.Globalization;
using Vifmap.Naming;

namespace Vifmap.Host.Live;

/// <summary>Turns two resolved maps into typed events: pure, so the whole life of a guest can be
/// checked without a daemon. Domains are matched by domid, NICs by devid, a NIC's interfaces by role;
/// an interface that keeps its ifindex under a new name is a rename (the hotplug script's vifname).</summary>
public static class HostMapDiff
{
    /// <summary>The current state: one <see cref="HostEventType.Present"/> per NIC.</summary>
    public static IEnumerable<HostEvent> Present(HostMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        foreach (GuestDomain domain in map.Domains)
        {
            foreach (GuestNic nic in domain.Nics)
            {
                yield return NicEvent(HostEventType.Present, domain, nic);
            }
        }
    }

    /// <summary>Everything that differs from <paramref name="before"/> to <paramref name="after"/>, in a
    /// stable order: per domain (by domid), arrivals before changes before departures.</summary>
    public static List<HostEvent> Diff(HostMap before, HostMap after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var events = new List<HostEvent>();
        var old = new Dictionary<int, GuestDomain>(before.Domains.Count);
        foreach (GuestDomain d in before.Domains)
        {
            old.TryAdd(d.Domid, d);
        }

        var seen = new HashSet<int>();
        foreach (GuestDomain now in after.Domains)
        {
            if (!seen.Add(now.Domid))
            {
                continue;
            }

            if (!old.TryGetValue(now.Domid, out GuestDomain? was))
            {
                events.Add(DomainEvent(HostEventType.DomainIntroduced, now));
                foreach (GuestNic nic in now.Nics)
                {
                    AddNic(events, now, nic);
                }

                continue;
            }

            if (!string.Equals(was.Name, now.Name, StringComparison.Ordinal))
            {
                events.Add(DomainEvent(HostEventType.DomainRenamed, now) with { From = was.Name, To = now.Name });
            }

            DiffNics(events, was, now);
        }

        foreach (GuestDomain gone in before.Domains)
        {
            if (!seen.Contains(gone.Domid) && seen.Add(gone.Domid))
            {
                foreach (GuestNic nic in gone.Nics)
                {
                    RemoveNic(events, gone, nic);
                }

                events.Add(DomainEvent(HostEventType.DomainReleased, gone));
            }
        }

        return events;
    }

    private static void DiffNics(List<HostEvent> events, GuestDomain was, GuestDomain now)
    {
        var old = new Dictionary<int, GuestNic>();
        foreach (GuestNic n in was.Nics)
        {
            old.TryAdd(n.Devid, n);
        }

        var current = new HashSet<int>();
        foreach (GuestNic nic in now.Nics)
        {
            if (!current.Add(nic.Devid))
            {
                continue;
            }

            if (!old.TryGetValue(nic.Devid, out GuestNic? before))
            {
                AddNic(events, now, nic);
                continue;
            }

            if (!Equals(before.BackendState, nic.BackendState))
            {
                events.Add(NicEvent(HostEventType.BackendState, now, nic) with { From = State(before.BackendState), To = State(nic.BackendState) });
            }

            if (!Equals(before.FrontendState, nic.FrontendState))
            {
                events.Add(NicEvent(HostEventType.FrontendState, now, nic) with { From = State(before.FrontendState), To = State(nic.FrontendState) });
            }

            DiffInterfaces(events, now, before, nic);
            string from = PathName(before);
            string to = PathName(nic);
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                events.Add(NicEvent(HostEventType.ActivePathChanged, now, nic) with { From = from, To = to });
            }
        }

        foreach (GuestNic gone in was.Nics)
        {
            if (!current.Contains(gone.Devid) && current.Add(gone.Devid))
            {
                RemoveNic(events, now, gone);
            }
        }
    }

    private static void DiffInterfaces(List<HostEvent> events, GuestDomain domain, GuestNic before, GuestNic after)
    {
        foreach (InterfaceRole role in (ReadOnlySpan<InterfaceRole>)[InterfaceRole.Pv, InterfaceRole.Emulated, InterfaceRole.Stubdom])
        {
            NicInterface? was = Present(before, role);
            NicInterface? now = Present(after, role);
            if (was is null && now is not null)
            {
                events.Add(InterfaceEvent(HostEventType.InterfaceAdded, domain, after, now));
            }
            else if (was is not null && now is null)
            {
                events.Add(InterfaceEvent(HostEventType.InterfaceRemoved, domain, after, was));
            }
            else if (was is not null && now is not null && !string.Equals(was.Name, now.Name, StringComparison.Ordinal))
            {
                // The same kernel interface under a new name is a rename; otherwise one went and another came.
                if (was.Link?.Ifindex is int a && a == now.Link?.Ifindex)
                {
                    events.Add(InterfaceEvent(HostEventType.InterfaceRenamed, domain, after, now) with { From = was.Name, To = now.Name });
                }
                else
                {
                    events.Add(InterfaceEvent(HostEventType.InterfaceRemoved, domain, after, was));
                    events.Add(InterfaceEvent(HostEventType.InterfaceAdded, domain, after, now));
                }
            }
        }
    }

    private static void AddNic(List<HostEvent> events, GuestDomain domain, GuestNic nic)
    {
        events.Add(NicEvent(HostEventType.NicAdded, domain, nic));
        foreach (NicInterface i in nic.Interfaces)
        {
            if (i.Present)
            {
                events.Add(InterfaceEvent(HostEventType.InterfaceAdded, domain, nic, i));
            }
        }
    }

    private static void RemoveNic(List<HostEvent> events, GuestDomain domain, GuestNic nic)
    {
        foreach (NicInterface i in nic.Interfaces)
        {
            if (i.Present)
            {
                events.Add(InterfaceEvent(HostEventType.InterfaceRemoved, domain, nic, i));
            }
        }

        events.Add(NicEvent(HostEventType.NicRemoved, domain, nic));
    }

    private static NicInterface? Present(GuestNic nic, InterfaceRole role)
    {
        foreach (NicInterface i in nic.Interfaces)
        {
            if (i.Role == role && i.Present)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The interface that carries the NIC's traffic now, if any.</summary>
    public static NicInterface? Carrying(GuestNic nic)
    {
        ArgumentNullException.ThrowIfNull(nic);
        foreach (NicInterface i in nic.Interfaces)
        {
            if (nic.Active == ActivePath.Pv ? i.Role == InterfaceRole.Pv : nic.Active == ActivePath.Emulated && i.Role != InterfaceRole.Pv)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary><c>pv</c>, <c>emulated</c> or <c>stubdom</c> for the active path; <c>none</c>/<c>unknown</c> otherwise.</summary>
    public static string PathName(GuestNic nic)
    {
        ArgumentNullException.ThrowIfNull(nic);
        return nic.Active == ActivePath.Emulated && Carrying(nic) is { } carrying ? carrying.Role.ToWireName() : nic.Active.ToWireName();
    }

    private static string? State(XenbusStateValue value)
        => value.State is int n ? n.ToString(CultureInfo.InvariantCulture) : value.Raw;

    private static HostEvent DomainEvent(HostEventType type, GuestDomain domain) => new(type)
    {
        Domid = domain.Domid,
        Domain = domain.Name,
        DomainUuid = domain.Uuid,
    };

    private static HostEvent NicEvent(HostEventType type, GuestDomain domain, GuestNic nic) => DomainEvent(type, domain) with
    {
        Devid = nic.Devid,
        Path = PathName(nic),
        Interface = Carrying(nic)?.Name ?? nic.Interfaces.FirstOrDefault()?.Name,
    };

    private static HostEvent InterfaceEvent(HostEventType type, GuestDomain domain, GuestNic nic, NicInterface i) => DomainEvent(type, domain) with
    {
        Devid = nic.Devid,
        Path = i.Role.ToWireName(),
        Interface = i.Name,
    };
}
