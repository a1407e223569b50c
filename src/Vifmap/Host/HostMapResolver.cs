using System.Globalization;
using System.Text;
using Vifmap.Diagnostics;
using Vifmap.Naming;

namespace Vifmap.Host;

/// <summary>Turns <see cref="HostFacts"/> and the kernel's interfaces into a <see cref="HostMap"/>
/// (reference §8): matches interfaces to NICs, folds stub domains into their guests, decides the
/// active path and collects orphans. Pure: no I/O, the same facts and links give the same map.</summary>
public sealed class HostMapResolver
{
    private readonly HostFacts _facts;
    private readonly HostMapOptions _options;
    private readonly DiagnosticCollector _diagnostics = new();

    private HostMapResolver(HostFacts facts, HostMapOptions options)
    {
        _facts = facts;
        _options = options;
    }

    public static HostMap Resolve(HostFacts facts, IReadOnlyList<NetLink> links, HostMapOptions options)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(options);
        return new HostMapResolver(facts, options).Resolve(links);
    }

    private HostMap Resolve(IReadOnlyList<NetLink> links)
    {
        _diagnostics.AddCapped(_facts.Diagnostics);
        var byDomid = new Dictionary<int, DomainFacts>(_facts.Domains.Count);
        foreach (DomainFacts d in _facts.Domains)
        {
            byDomid.TryAdd(d.Domid, d);
        }

        Dictionary<int, int> stubOf = StubDomains.Find(_facts.Domains, Warn);
        var stubOfGuest = stubOf.ToDictionary(kv => kv.Value, kv => kv.Key);

        var index = new LinkIndex(links, _diagnostics, _facts.Source);
        var orphans = new List<OrphanEntry>();
        var domains = new List<GuestDomain>();
        var selected = new HashSet<int>();
        foreach (DomainFacts f in byDomid.Values.OrderBy(f => f.Domid))
        {
            if (stubOf.ContainsKey(f.Domid) || !IsGuest(f) || !DomainSelection.IsWanted(_options.Domains, f.Domid, f.Name))
            {
                continue;
            }

            DomainFacts? stub = stubOfGuest.TryGetValue(f.Domid, out int s) ? byDomid[s] : null;
            domains.Add(ResolveDomain(f, stub, index, orphans));
            selected.Add(f.Domid);
        }

        foreach ((int domid, IReadOnlyList<int> devids) in _facts.OrphanBackends.OrderBy(kv => kv.Key))
        {
            if (DomainSelection.IsWanted(_options.Domains, domid, name: null))
            {
                foreach (int devid in devids)
                {
                    orphans.Add(new OrphanEntry(
                        XenStorePaths.NetbackNodename(domid, devid),
                        OrphanKind.Backend,
                        string.Create(CultureInfo.InvariantCulture, $"backend entry for domain {domid}, which does not exist")));
                }
            }
        }

        AddInterfaceOrphans(links, index, byDomid, stubOf, selected, orphans);
        return new HostMap(_facts.Source, _facts.BackendDomid, domains, orphans, _diagnostics.ToSortedList());
    }

    /// <summary>Domain-0 and the backend domain itself are guests only when they have NICs of their own.</summary>
    private bool IsGuest(DomainFacts f) => f.HasNics || (f.Domid != 0 && f.Domid != _facts.BackendDomid);

    private GuestDomain ResolveDomain(DomainFacts f, DomainFacts? stub, LinkIndex index, List<OrphanEntry> orphans)
    {
        IReadOnlyList<NicFacts> facts = f.Nics ?? [];
        var nics = new List<GuestNic>(facts.Count);

        // By devid, not a search per NIC: a guest with thousands of NICs and a stub domain would
        // otherwise cost NICs² (issue 15).
        var stubBackends = new Dictionary<int, BackendFacts?>(stub?.Nics?.Count ?? 0);
        foreach (NicFacts n in stub?.Nics ?? [])
        {
            stubBackends.TryAdd(n.Devid, n.Backend);
        }

        foreach (NicFacts nic in facts)
        {
            BackendFacts? stubBackend = stubBackends.GetValueOrDefault(nic.Devid);
            nics.Add(ResolveNic(f.Domid, stub?.Domid, stubBackend, nic, index, orphans));
        }

        return new GuestDomain(f.Domid)
        {
            Name = f.Name,
            Uuid = f.Uuid,
            StubdomDomid = stub?.Domid,
            Type = f.Type is "pv" or "pvh" or "hvm" ? f.Type : null,
            Nics = nics,
        };
    }

    private GuestNic ResolveNic(int domid, int? stub, BackendFacts? stubBackend, NicFacts nic, LinkIndex index, List<OrphanEntry> orphans)
    {
        int devid = nic.Devid;
        XenbusStateValue frontend = XenbusStateValue.Parse(nic.FrontendState);
        if (frontend.IsGarbage)
        {
            Warn(DiagnosticCodes.BadState, $"{XenStorePaths.Frontend(domid, devid, "state")} = '{frontend.Raw}' is not a XenbusState (0-8)");
        }

        if (nic.Backend is not BackendFacts backend)
        {
            // Listed by the guest's frontend only: its backend lives in another (driver) domain.
            int? other = nic.FrontendBackendId is string id && XenStorePaths.TryParseId(id, out int o) ? o : null;
            string where = other is int d
                ? string.Create(CultureInfo.InvariantCulture, $"served by backend domain {d}: its interfaces are there (vifmap ls --backend-domid {d} in that domain)")
                : "frontend entry without a backend entry here";
            return new GuestNic(devid)
            {
                BackendDomid = other ?? -1,
                ServedHere = false,
                Mac = nic.FrontendMac,
                FrontendState = frontend,
                Active = ActivePath.Unknown,
                ActiveReason = where,
            };
        }

        XenbusStateValue backendState = XenbusStateValue.Parse(backend.State);
        if (backendState.IsGarbage)
        {
            Warn(DiagnosticCodes.BadState, $"{XenStorePaths.Backend(_facts.BackendDomid, domid, devid, "state")} = '{backendState.Raw}' is not a XenbusState (0-8)");
        }

        var interfaces = new List<NicInterface>(3);
        NicInterface pv = index.ResolveNetback(domid, devid, backend.VifName, InterfaceRole.Pv);
        interfaces.Add(pv);
        if (!pv.Present)
        {
            orphans.Add(new OrphanEntry(pv.Name, OrphanKind.Backend, string.Create(
                CultureInfo.InvariantCulture,
                $"{XenStorePaths.NetbackNodename(domid, devid)} exists but its netback interface is missing")));
        }

        if (stub is int s)
        {
            // libxl gives the stub domain a copy of every NIC, renamed vifname + "-emu" (§3.5); no tap in dom0.
            if (stubBackend is not null)
            {
                interfaces.Add(index.ResolveNetback(s, devid, stubBackend.VifName, InterfaceRole.Stubdom));
            }
        }
        else if (string.Equals(backend.Type, "vif_ioemu", StringComparison.Ordinal))
        {
            interfaces.Add(index.ResolveTap(domid, devid, backend.VifName));
        }
        else if (backend.Type is null)
        {
            // Pre-4.2 toolstacks wrote no type: report a tap only if one with the expected name exists.
            NicInterface tap = index.ResolveTap(domid, devid, backend.VifName);
            if (tap.Present)
            {
                interfaces.Add(tap);
            }
        }

        (ActivePath active, string reason) = DecideActive(frontend, backendState, interfaces);
        return new GuestNic(devid)
        {
            BackendDomid = _facts.BackendDomid,
            Mac = backend.Mac,
            Bridge = backend.Bridge,
            NicType = backend.Type,
            VifName = backend.VifName,
            Script = backend.Script,
            HotplugStatus = backend.HotplugStatus,
            Mtu = backend.Mtu,
            BackendState = backendState,
            FrontendState = frontend,
            Active = active,
            ActiveReason = reason,
            Interfaces = interfaces,
        };
    }

    /// <summary>Reference §4.5: the PV path is in use when the frontend is Connected (4); otherwise the
    /// emulated path is, if its interface exists. Interface existence alone proves nothing: netback
    /// creates <c>vifD.N</c> at probe, before any frontend (§7.15).</summary>
    private static (ActivePath Active, string Reason) DecideActive(XenbusStateValue frontend, XenbusStateValue backend, List<NicInterface> interfaces)
    {
        NicInterface pv = interfaces[0];
        NicInterface? emulated = interfaces.Count > 1 ? interfaces[1] : null;

        if (frontend.IsGarbage)
        {
            return (ActivePath.Unknown, $"frontend state '{frontend.Raw}' is not a XenbusState");
        }

        if (frontend.IsConnected)
        {
            var reason = new StringBuilder("frontend state 4 (Connected)");
            if (backend.State is int bs && bs != XenbusStateValue.Connected)
            {
                reason.Append(CultureInfo.InvariantCulture, $", backend state {bs} ({XenbusStateValue.NameOf(bs)})");
            }

            if (!pv.Present)
            {
                reason.Append(CultureInfo.InvariantCulture, $", but {pv.Name} is missing");
            }

            if (emulated is { Role: InterfaceRole.Emulated, Present: false })
            {
                reason.Append(CultureInfo.InvariantCulture, $", tap {emulated.Name} gone (emulated NIC unplugged)");
            }

            return (ActivePath.Pv, reason.ToString());
        }

        string state = frontend.State is int fs
            ? string.Create(CultureInfo.InvariantCulture, $"frontend state {fs} ({XenbusStateValue.NameOf(fs)})")
            : "no frontend state";
        if (emulated is { Present: true, Link: NetLink link })
        {
            string what = emulated.Role == InterfaceRole.Stubdom ? "stub domain vif" : "tap";
            long traffic = (link.RxBytes ?? 0) + (link.TxBytes ?? 0);
            string seen = link.RxBytes is null && link.TxBytes is null ? string.Empty
                : traffic > 0 ? ", traffic seen" : ", no traffic yet";
            return (ActivePath.Emulated, $"{state}, {what} {emulated.Name} present{seen}");
        }

        if (frontend.IsAbsent)
        {
            return (ActivePath.Unknown, "no frontend state node");
        }

        string missing = emulated is null ? ", no emulated NIC" : $", {emulated.Name} missing";
        return (ActivePath.None, state + missing);
    }

    private void AddInterfaceOrphans(
        IReadOnlyList<NetLink> links,
        LinkIndex index,
        Dictionary<int, DomainFacts> byDomid,
        Dictionary<int, int> stubOf,
        HashSet<int> selected,
        List<OrphanEntry> orphans)
    {
        foreach (NetLink link in links)
        {
            if (index.IsClaimed(link))
            {
                continue;
            }

            int domid, devid;
            string how;
            if (link.XenbusNodename is string node && XenStorePaths.TryParseNetbackNodename(node, out domid, out devid))
            {
                how = $"netback interface of {node}";
            }
            else if (VifLikeName.TryParse(link.Name, out domid, out devid, out InterfaceRole role))
            {
                how = role == InterfaceRole.Emulated ? "tap-like name" : "vif-like name";
            }
            else
            {
                continue;
            }

            // With --domain, only leftovers that name a selected guest (or its stub domain) are shown.
            int owner = stubOf.TryGetValue(domid, out int g) ? g : domid;
            if (_options.Domains.Count > 0 && !selected.Contains(owner))
            {
                continue;
            }

            string reason = byDomid.ContainsKey(domid)
                ? string.Create(CultureInfo.InvariantCulture, $"{how}, but domain {domid} has no backend entry for devid {devid} here")
                : string.Create(CultureInfo.InvariantCulture, $"{how}, but domain {domid} does not exist");
            orphans.Add(new OrphanEntry(link.Name, OrphanKind.Interface, reason));
        }
    }

    private void Warn(string code, string message) => _diagnostics.Warning(code, message, new SourceLocation(_facts.Source, 0, 0));
}
