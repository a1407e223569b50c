using Vifmap.Diagnostics;

namespace Vifmap.Host;

/// <summary>What xenstore says about a backend domain's guests, as read: values as the nodes hold them,
/// nothing matched or decided. <see cref="HostFactsReader"/> makes it; <see cref="HostMapResolver"/>
/// turns it and the kernel's interfaces into a <see cref="HostMap"/>. Kept apart so that a watcher can
/// re-read one domain and resolve again without touching the rest.</summary>
/// <param name="Source">Where the facts came from: <c>live</c>, <c>dump</c> or <c>snapshot</c>.</param>
/// <param name="BackendDomid">The domain whose backends were read (0 = dom0).</param>
/// <param name="Domains">Every domain under <c>/local/domain</c>, by domid, each once.</param>
/// <param name="OrphanBackends">Backend entries here (<c>backend/vif/D/N</c>) for domids that have no
/// <c>/local/domain/D</c>: devids by domid.</param>
/// <param name="Diagnostics">Findings made while reading (unreadable nodes, ids that are not numbers).</param>
public sealed record HostFacts(
    string Source,
    int BackendDomid,
    IReadOnlyList<DomainFacts> Domains,
    IReadOnlyDictionary<int, IReadOnlyList<int>> OrphanBackends,
    IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>One domain's identity nodes and, when it was read, its NICs.</summary>
public sealed record DomainFacts(int Domid)
{
    /// <summary><c>/local/domain/D/name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>/local/domain/D/vm</c>: <c>/vm/&lt;uuid&gt;</c> under libxl.</summary>
    public string? VmPath { get; init; }

    /// <summary><c>/local/domain/D/target</c>: set on a stub domain, naming its guest.</summary>
    public string? Target { get; init; }

    /// <summary><c>/local/domain/D/image/device-model-domid</c>: set on a guest, naming its stub domain.</summary>
    public string? DeviceModelDomid { get; init; }

    /// <summary><c>/libxl/D/type</c>: <c>pv</c>, <c>pvh</c> or <c>hvm</c>, written by libxl since 4.10
    /// (27f826844d, libxl_create.c) where guests cannot write; null before, or under xend.</summary>
    public string? Type { get; init; }

    /// <summary>Devids under <c>/local/domain/D/device/vif</c>.</summary>
    public IReadOnlyList<int> FrontendDevids { get; init; } = [];

    /// <summary>Devids under this backend domain's <c>backend/vif/D</c>.</summary>
    public IReadOnlyList<int> BackendDevids { get; init; } = [];

    /// <summary>Every devid of the frontend and backend lists with its nodes; null when the domain's
    /// NICs were not read (not a selected guest, nor a selected guest's stub domain).</summary>
    public IReadOnlyList<NicFacts>? Nics { get; init; }

    /// <summary>The uuid of <see cref="VmPath"/> (<c>/vm/&lt;uuid&gt;</c>), or null.</summary>
    public string? Uuid
    {
        get
        {
            const string Prefix = "/vm/";
            return VmPath is string vm && vm.StartsWith(Prefix, StringComparison.Ordinal) && vm.Length > Prefix.Length
                ? vm[Prefix.Length..]
                : null;
        }
    }

    public bool HasNics => FrontendDevids.Count > 0 || BackendDevids.Count > 0;
}

/// <summary>One devid of a domain: its backend here (if any) and its frontend's nodes.</summary>
public sealed record NicFacts(int Devid)
{
    /// <summary>The backend entry in this backend domain, or null when the NIC is served elsewhere.</summary>
    public BackendFacts? Backend { get; init; }

    /// <summary><c>device/vif/N/state</c> as written (a guest writes it: anything at all).</summary>
    public string? FrontendState { get; init; }

    /// <summary><c>device/vif/N/backend-id</c>; read only when the backend is not here.</summary>
    public string? FrontendBackendId { get; init; }

    /// <summary><c>device/vif/N/mac</c>; read only when the backend is not here.</summary>
    public string? FrontendMac { get; init; }
}

/// <summary>The nodes of <c>backend/vif/D/N</c> that the map uses (libxl's names).</summary>
public sealed record BackendFacts
{
    public string? Mac { get; init; }

    public string? Bridge { get; init; }

    /// <summary><c>type</c>: <c>vif</c> or <c>vif_ioemu</c> (libxl ≥ 4.2); absent before.</summary>
    public string? Type { get; init; }

    public string? VifName { get; init; }

    public string? Script { get; init; }

    public string? State { get; init; }

    public string? HotplugStatus { get; init; }

    /// <summary><c>mtu</c>: written by libxl from 4.15 (the vif spec's <c>mtu=</c>).</summary>
    public string? Mtu { get; init; }
}
