using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Vifmap.Diagnostics;
using Vifmap.Naming;
using Vifmap.XenStore;

namespace Vifmap.Host;

/// <summary>Builds the <see cref="HostMap"/> of one backend domain from a xenstore reader and the
/// kernel's interfaces (reference §8). Reads only the nodes the map needs, with every read of a
/// phase in flight at once: against the real daemon the per-request cost dominates.</summary>
public sealed class HostMapBuilder
{
    private static readonly string[] s_backendKeys = ["mac", "bridge", "type", "vifname", "script", "state", "hotplug-status"];

    private readonly IXenStoreReader _xenStore;
    private readonly HostMapOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly DiagnosticBag _diagnostics = new();
    private readonly Lock _diagnosticsLock = new();

    // Enough requests in flight to keep the daemon busy (its per-request cost dominates), few
    // enough that a 1,000-guest host does not hold tens of thousands of pending requests in memory.
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);
    private readonly SemaphoreSlim _guestsInFlight = new(MaxGuestsInFlight, MaxGuestsInFlight);

    internal const int MaxInFlight = 1024;
    internal const int MaxGuestsInFlight = 64;

    private HostMapBuilder(IXenStoreReader xenStore, HostMapOptions options, CancellationToken cancellationToken)
    {
        _xenStore = xenStore;
        _options = options;
        _cancellationToken = cancellationToken;
    }

    public static Task<HostMap> BuildAsync(
        IXenStoreReader xenStore,
        IReadOnlyList<NetLink> links,
        HostMapOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        return BuildAsync(xenStore, Task.FromResult(links), options, cancellationToken);
    }

    /// <summary>As above, with the interfaces still being read: sysfs is read while xenstore answers.</summary>
    public static Task<HostMap> BuildAsync(
        IXenStoreReader xenStore,
        Task<IReadOnlyList<NetLink>> links,
        HostMapOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(xenStore);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(options);
        return new HostMapBuilder(xenStore, options, cancellationToken).BuildAsync(links);
    }

    private async Task<HostMap> BuildAsync(Task<IReadOnlyList<NetLink>> linksTask)
    {
        int be = _options.BackendDomid;

        // Phase 1: the domain list, each domain's identity, and which guests have backends here.
        Task<IReadOnlyList<int>> domidsTask = ListIdsAsync(XenStorePaths.Domains);
        Task<Dictionary<int, IReadOnlyList<int>>> backendTask = ListBackendsAsync(be);
        IReadOnlyList<int> domids = await domidsTask.ConfigureAwait(false);
        DomainFacts[] facts = await Task.WhenAll(domids.Select(ReadDomainFactsAsync)).ConfigureAwait(false);
        Dictionary<int, IReadOnlyList<int>> backends = await backendTask.ConfigureAwait(false);

        var byDomid = facts.ToDictionary(f => f.Domid);
        Dictionary<int, int> stubOf = FindStubDomains(facts, byDomid);
        var stubsOfGuest = stubOf.ToDictionary(kv => kv.Value, kv => kv.Key);

        List<DomainFacts> guests = SelectGuests(facts, stubOf, backends);
        var selected = guests.Select(g => g.Domid).ToHashSet();

        // Phase 2: every NIC of every selected guest (and of its stub domain), all reads in flight.
        Task<GuestDraft>[] drafts = guests
            .Select(g => ReadGuestAsync(g, stubsOfGuest.TryGetValue(g.Domid, out int s) ? s : null, backends))
            .ToArray();
        GuestDraft[] guestDrafts = await Task.WhenAll(drafts).ConfigureAwait(false);

        // Phase 3: no more I/O — match interfaces, decide the active path, collect orphans.
        IReadOnlyList<NetLink> links = await linksTask.ConfigureAwait(false);
        var index = new LinkIndex(links);
        var orphans = new List<OrphanEntry>();
        var domains = new List<GuestDomain>(guestDrafts.Length);
        foreach (GuestDraft draft in guestDrafts)
        {
            domains.Add(Resolve(draft, index, orphans));
        }

        foreach ((int domid, IReadOnlyList<int> devids) in backends.OrderBy(kv => kv.Key))
        {
            if (!byDomid.ContainsKey(domid) && IsWanted(domid, name: null))
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

        List<Diagnostic> diagnostics;
        lock (_diagnosticsLock)
        {
            diagnostics = [.. _diagnostics.Items
                .OrderBy(d => d.Code, StringComparer.Ordinal)
                .ThenBy(d => d.Message, StringComparer.Ordinal)];
        }

        return new HostMap(_options.Source, be, domains, orphans, diagnostics);
    }

    private sealed record DomainFacts(int Domid, string? Name, string? Vm, string? Target, string? DeviceModelDomid, IReadOnlyList<int> FrontendDevids);

    private sealed record BackendFacts(IReadOnlyDictionary<string, string?> Keys);

    private sealed record NicDraft(int Devid, BackendFacts? Backend, XenbusStateValue FrontendState, string? FrontendBackendId, string? FrontendMac, BackendFacts? Stub);

    private sealed record GuestDraft(DomainFacts Facts, int? Stub, IReadOnlyList<NicDraft> Nics);

    private async Task<DomainFacts> ReadDomainFactsAsync(int domid)
    {
        Task<string?> name = ReadTextAsync(XenStorePaths.DomainKey(domid, "name"));
        Task<string?> vm = ReadTextAsync(XenStorePaths.DomainKey(domid, "vm"));
        Task<string?> target = ReadTextAsync(XenStorePaths.DomainKey(domid, "target"));
        Task<string?> dm = ReadTextAsync(XenStorePaths.DomainKey(domid, "image/device-model-domid"));
        Task<IReadOnlyList<int>> front = ListIdsAsync(XenStorePaths.FrontendVifs(domid));
        await Task.WhenAll(name, vm, target, dm, front).ConfigureAwait(false);
        return new DomainFacts(domid, name.Result, vm.Result, target.Result, dm.Result, front.Result);
    }

    private async Task<Dictionary<int, IReadOnlyList<int>>> ListBackendsAsync(int be)
    {
        IReadOnlyList<int> domids = await ListIdsAsync(XenStorePaths.BackendVifs(be)).ConfigureAwait(false);
        IReadOnlyList<int>[] devids = await Task.WhenAll(
            domids.Select(d => ListIdsAsync(XenStorePaths.BackendVifsOf(be, d)))).ConfigureAwait(false);
        var result = new Dictionary<int, IReadOnlyList<int>>();
        for (int i = 0; i < domids.Count; i++)
        {
            result[domids[i]] = devids[i];
        }

        return result;
    }

    /// <summary>Stub domain S of guest D: <c>/local/domain/S/target = D</c> or
    /// <c>/local/domain/D/image/device-model-domid = S</c> (libxl_dm.c, reference §3.5).</summary>
    private Dictionary<int, int> FindStubDomains(DomainFacts[] facts, Dictionary<int, DomainFacts> byDomid)
    {
        var stubOf = new Dictionary<int, int>();
        foreach (DomainFacts f in facts)
        {
            if (f.Target is not null)
            {
                if (XenStorePaths.TryParseId(f.Target, out int guest) && byDomid.ContainsKey(guest) && guest != f.Domid)
                {
                    stubOf[f.Domid] = guest;
                }
                else
                {
                    Warn(HostMapCodes.BadDomainReference, $"domain {Id(f.Domid)}: target '{f.Target}' is not an existing domain");
                }
            }

            if (f.DeviceModelDomid is not null)
            {
                if (XenStorePaths.TryParseId(f.DeviceModelDomid, out int stub) && byDomid.ContainsKey(stub) && stub != f.Domid)
                {
                    stubOf.TryAdd(stub, f.Domid);
                }
                else
                {
                    Warn(HostMapCodes.BadDomainReference, $"domain {Id(f.Domid)}: image/device-model-domid '{f.DeviceModelDomid}' is not an existing domain");
                }
            }
        }

        return stubOf;
    }

    private List<DomainFacts> SelectGuests(DomainFacts[] facts, Dictionary<int, int> stubOf, Dictionary<int, IReadOnlyList<int>> backends)
    {
        var guests = new List<DomainFacts>();
        foreach (DomainFacts f in facts.OrderBy(f => f.Domid))
        {
            if (stubOf.ContainsKey(f.Domid))
            {
                continue;
            }

            // Domain-0 and the backend domain itself are guests only when they have NICs of their own.
            bool hasNics = f.FrontendDevids.Count > 0 || backends.ContainsKey(f.Domid);
            if ((f.Domid == 0 || f.Domid == _options.BackendDomid) && !hasNics)
            {
                continue;
            }

            if (IsWanted(f.Domid, f.Name))
            {
                guests.Add(f);
            }
        }

        return guests;
    }

    private bool IsWanted(int domid, string? name)
    {
        if (_options.Domains.Count == 0)
        {
            return true;
        }

        foreach (string wanted in _options.Domains)
        {
            if (string.Equals(wanted, name, StringComparison.Ordinal)
                || (XenStorePaths.TryParseId(wanted, out int id) && id == domid))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<GuestDraft> ReadGuestAsync(DomainFacts guest, int? stub, Dictionary<int, IReadOnlyList<int>> backends)
    {
        await _guestsInFlight.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadGuestNicsAsync(guest, stub, backends).ConfigureAwait(false);
        }
        finally
        {
            _guestsInFlight.Release();
        }
    }

    private async Task<GuestDraft> ReadGuestNicsAsync(DomainFacts guest, int? stub, Dictionary<int, IReadOnlyList<int>> backends)
    {
        int be = _options.BackendDomid;
        IReadOnlyList<int> here = backends.TryGetValue(guest.Domid, out IReadOnlyList<int>? b) ? b : [];
        IReadOnlyList<int> stubHere = stub is int s && backends.TryGetValue(s, out IReadOnlyList<int>? sb) ? sb : [];
        int[] devids = [.. here.Concat(guest.FrontendDevids).Distinct().Order()];

        Task<NicDraft>[] nics = devids.Select(async devid =>
        {
            Task<BackendFacts?> backend = here.Contains(devid)
                ? ReadBackendAsync(be, guest.Domid, devid)
                : Task.FromResult<BackendFacts?>(null);
            Task<BackendFacts?> stubBackend = stub is int sd && stubHere.Contains(devid)
                ? ReadBackendAsync(be, sd, devid)
                : Task.FromResult<BackendFacts?>(null);
            // Served by another domain: the frontend says which, and carries the MAC (libxl writes it there too).
            bool elsewhere = !here.Contains(devid);
            Task<string?> frontendBackendId = elsewhere
                ? ReadTextAsync(XenStorePaths.Frontend(guest.Domid, devid, "backend-id"))
                : Task.FromResult<string?>(null);
            Task<string?> frontendMac = elsewhere
                ? ReadTextAsync(XenStorePaths.Frontend(guest.Domid, devid, "mac"))
                : Task.FromResult<string?>(null);
            Task<string?> frontendState = ReadTextAsync(XenStorePaths.Frontend(guest.Domid, devid, "state"));
            await Task.WhenAll(backend, stubBackend, frontendBackendId, frontendMac, frontendState).ConfigureAwait(false);
            return new NicDraft(devid, backend.Result, XenbusStateValue.Parse(frontendState.Result), frontendBackendId.Result, frontendMac.Result, stubBackend.Result);
        }).ToArray();

        return new GuestDraft(guest, stub, await Task.WhenAll(nics).ConfigureAwait(false));
    }

    private async Task<BackendFacts?> ReadBackendAsync(int be, int domid, int devid)
    {
        Task<string?>[] reads = [.. s_backendKeys.Select(k => ReadTextAsync(XenStorePaths.Backend(be, domid, devid, k)))];
        await Task.WhenAll(reads).ConfigureAwait(false);
        var keys = new Dictionary<string, string?>(s_backendKeys.Length, StringComparer.Ordinal);
        for (int i = 0; i < s_backendKeys.Length; i++)
        {
            keys[s_backendKeys[i]] = reads[i].Result;
        }

        return new BackendFacts(keys);
    }

    private GuestDomain Resolve(GuestDraft draft, LinkIndex index, List<OrphanEntry> orphans)
    {
        DomainFacts f = draft.Facts;
        var nics = new List<GuestNic>(draft.Nics.Count);
        foreach (NicDraft nic in draft.Nics)
        {
            nics.Add(ResolveNic(f.Domid, draft.Stub, nic, index, orphans));
        }

        return new GuestDomain(f.Domid)
        {
            Name = f.Name,
            Uuid = UuidFromVmPath(f.Vm),
            StubdomDomid = draft.Stub,
            Nics = nics,
        };
    }

    private GuestNic ResolveNic(int domid, int? stub, NicDraft nic, LinkIndex index, List<OrphanEntry> orphans)
    {
        int devid = nic.Devid;
        XenbusStateValue frontend = nic.FrontendState;
        if (frontend.IsGarbage)
        {
            Warn(HostMapCodes.BadState, $"{XenStorePaths.Frontend(domid, devid, "state")} = '{frontend.Raw}' is not a XenbusState (0-8)");
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

        string? vifName = backend.Keys["vifname"];
        string? nicType = backend.Keys["type"];
        XenbusStateValue backendState = XenbusStateValue.Parse(backend.Keys["state"]);
        if (backendState.IsGarbage)
        {
            Warn(HostMapCodes.BadState, $"{XenStorePaths.Backend(_options.BackendDomid, domid, devid, "state")} = '{backendState.Raw}' is not a XenbusState (0-8)");
        }

        var interfaces = new List<NicInterface>(3);
        NicInterface pv = index.ResolveNetback(domid, devid, vifName, InterfaceRole.Pv, this);
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
            if (nic.Stub is BackendFacts stubBackend)
            {
                interfaces.Add(index.ResolveNetback(s, devid, stubBackend.Keys["vifname"], InterfaceRole.Stubdom, this));
            }
        }
        else if (string.Equals(nicType, "vif_ioemu", StringComparison.Ordinal))
        {
            interfaces.Add(index.ResolveTap(domid, devid, vifName, this));
        }
        else if (nicType is null)
        {
            // Pre-4.2 toolstacks wrote no type: report a tap only if one with the expected name exists.
            NicInterface tap = index.ResolveTap(domid, devid, vifName, this);
            if (tap.Present)
            {
                interfaces.Add(tap);
            }
        }

        (ActivePath active, string reason) = DecideActive(frontend, backendState, interfaces);
        return new GuestNic(devid)
        {
            BackendDomid = _options.BackendDomid,
            Mac = backend.Keys["mac"],
            Bridge = backend.Keys["bridge"],
            NicType = nicType,
            VifName = vifName,
            Script = backend.Keys["script"],
            HotplugStatus = backend.Keys["hotplug-status"],
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

    private static string? UuidFromVmPath(string? vm)
    {
        const string Prefix = "/vm/";
        return vm is not null && vm.StartsWith(Prefix, StringComparison.Ordinal) && vm.Length > Prefix.Length
            ? vm[Prefix.Length..]
            : null;
    }

    private async Task<IReadOnlyList<int>> ListIdsAsync(string path)
    {
        IReadOnlyList<string>? children;
        await _inFlight.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            children = await _xenStore.DirectoryAsync(path, _cancellationToken).ConfigureAwait(false);
        }
        catch (XenStoreErrorException e)
        {
            // The daemon said no for this node only (EACCES in a driver domain, ...); the connection is fine.
            Warn(HostMapCodes.Unreadable, $"{path}: cannot list ({e.ErrorName}); treated as empty");
            return [];
        }
        finally
        {
            _inFlight.Release();
        }

        if (children is null || children.Count == 0)
        {
            return [];
        }

        var ids = new List<int>(children.Count);
        foreach (string child in children)
        {
            if (XenStorePaths.TryParseId(child, out int id))
            {
                ids.Add(id);
            }
            else
            {
                Warn(HostMapCodes.NotAnId, $"{path}/{child}: '{child}' is not a domain or device id; ignored");
            }
        }

        ids.Sort();
        return ids;
    }

    private async Task<string?> ReadTextAsync(string path)
    {
        byte[]? value;
        await _inFlight.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            value = await _xenStore.ReadAsync(path, _cancellationToken).ConfigureAwait(false);
        }
        catch (XenStoreErrorException e)
        {
            Warn(HostMapCodes.Unreadable, $"{path}: cannot read ({e.ErrorName}); treated as absent");
            return null;
        }
        finally
        {
            _inFlight.Release();
        }

        if (value is null)
        {
            return null;
        }

        if (!Utf8.IsValid(value))
        {
            Warn(HostMapCodes.NotUtf8, $"{path}: value is not UTF-8; invalid bytes shown as U+FFFD");
        }

        return Encoding.UTF8.GetString(value);
    }

    internal void Warn(string code, string message)
    {
        lock (_diagnosticsLock)
        {
            _diagnostics.Warning(code, message, new SourceLocation(_options.Source, 0, 0));
        }
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
