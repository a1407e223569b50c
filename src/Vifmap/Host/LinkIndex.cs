using Vifmap.Diagnostics;
using Vifmap.Naming;

namespace Vifmap.Host;

/// <summary>The kernel's interfaces indexed by name and by xenbus node, remembering which ones a NIC
/// has claimed (the rest are candidate orphans). Problems (a pending rename, two NICs wanting one name)
/// go to the map's diagnostics like every other finding.</summary>
internal sealed class LinkIndex
{
    private readonly DiagnosticCollector _diagnostics;
    private readonly string _source;
    private readonly Dictionary<string, NetLink> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Domid, int Devid), NetLink> _byNode = [];
    private readonly Dictionary<NetLink, string> _claimedBy = new(ReferenceEqualityComparer.Instance);

    public LinkIndex(IReadOnlyList<NetLink> links, DiagnosticCollector diagnostics, string source)
    {
        _diagnostics = diagnostics;
        _source = source;
        foreach (NetLink link in links)
        {
            _byName.TryAdd(link.Name, link);
            if (link.XenbusNodename is string node && XenStorePaths.TryParseNetbackNodename(node, out int domid, out int devid))
            {
                _byNode.TryAdd((domid, devid), link);
            }
        }
    }

    public bool IsClaimed(NetLink link) => _claimedBy.ContainsKey(link);

    /// <summary>A netback interface: by its xenbus node where the source has one (names can lie: §7.10),
    /// else by the vifname, else by the default name (the rename happens in hotplug, later: §3.2).</summary>
    public NicInterface ResolveNetback(int domid, int devid, string? vifName, InterfaceRole role)
    {
        string owner = XenStorePaths.NetbackNodename(domid, devid);
        if (_byNode.TryGetValue((domid, devid), out NetLink? byNode) && Claim(byNode, owner))
        {
            return new NicInterface(byNode.Name, role, byNode, "nodename");
        }

        string expected = XlInterfaceNames.Pv(domid, devid, vifName);
        if (TryTake(expected, owner, domid, devid) is NetLink named)
        {
            return new NicInterface(expected, role, named, vifName is null ? "default-name" : "vifname");
        }

        if (vifName is not null)
        {
            string fallback = XlInterfaceNames.Pv(domid, devid);
            if (TryTake(fallback, owner, domid, devid) is NetLink unrenamed)
            {
                Warn(DiagnosticCodes.RenamePending, $"{owner}: vifname is '{vifName}' but the interface is still {fallback} (rename pending or hotplug failed)");
                return new NicInterface(fallback, role, unrenamed, "default-name");
            }
        }

        return new NicInterface(expected, role, null, "expected");
    }

    /// <summary>The QEMU tap: vifname + "-emu", or the default <c>vifD.N-emu</c> before the rename (§3.2).</summary>
    public NicInterface ResolveTap(int domid, int devid, string? vifName)
    {
        string owner = XenStorePaths.NetbackNodename(domid, devid) + " (tap)";
        string expected = XlInterfaceNames.Emulated(domid, devid, vifName);
        if (TryTake(expected, owner, domid: null, devid: null) is NetLink named)
        {
            return new NicInterface(expected, InterfaceRole.Emulated, named, vifName is null ? "default-name" : "vifname");
        }

        if (vifName is not null)
        {
            string fallback = XlInterfaceNames.Emulated(domid, devid);
            if (TryTake(fallback, owner, domid: null, devid: null) is NetLink unrenamed)
            {
                Warn(DiagnosticCodes.RenamePending, $"{owner}: vifname is '{vifName}' but the tap is still {fallback} (rename pending or hotplug failed)");
                return new NicInterface(fallback, InterfaceRole.Emulated, unrenamed, "default-name");
            }
        }

        return new NicInterface(expected, InterfaceRole.Emulated, null, "expected");
    }

    /// <summary>A link with that name, unless its xenbus node says it belongs to another NIC (netback
    /// case) or it has a node at all (a tap never has one).</summary>
    private NetLink? TryTake(string name, string owner, int? domid, int? devid)
    {
        if (!_byName.TryGetValue(name, out NetLink? link))
        {
            return null;
        }

        if (link.XenbusNodename is string node)
        {
            bool isTap = domid is null;
            if (isTap || !XenStorePaths.TryParseNetbackNodename(node, out int d, out int n) || d != domid || n != devid)
            {
                return null;
            }
        }

        return Claim(link, owner) ? link : null;
    }

    private bool Claim(NetLink link, string owner)
    {
        if (_claimedBy.TryGetValue(link, out string? previous))
        {
            if (!string.Equals(previous, owner, StringComparison.Ordinal))
            {
                Warn(DiagnosticCodes.NameClash, $"{link.Name} is expected by both {previous} and {owner}; left with {previous}");
            }

            return false;
        }

        _claimedBy.Add(link, owner);
        return true;
    }

    private void Warn(string code, string message) => _diagnostics.Warning(code, message, new SourceLocation(_source, 0, 0));
}
