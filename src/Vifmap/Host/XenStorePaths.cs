using System.Globalization;

namespace Vifmap.Host;

/// <summary>The xenstore paths the map reads (reference §3.5, §4.1–4.2), in one place.</summary>
internal static class XenStorePaths
{
    public const string Domains = "/local/domain";

    public static string Domain(int domid)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{domid}");

    public static string DomainKey(int domid, string key) => Child(Domain(domid), key);

    /// <summary>The node <paramref name="key"/> (a name, or a relative path) below <paramref name="directory"/>.</summary>
    public static string Child(string directory, string key) => string.Concat(directory, "/", key);

    /// <summary>libxl's record of the guest type (4.10+), in the toolstack's own tree.</summary>
    public static string LibxlDomainType(int domid)
        => string.Create(CultureInfo.InvariantCulture, $"/libxl/{domid}/type");

    public static string FrontendVifs(int domid)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{domid}/device/vif");

    public static string Frontend(int domid, int devid, string key) => Child(FrontendNic(domid, devid), key);

    /// <summary>One NIC's frontend directory.</summary>
    public static string FrontendNic(int domid, int devid)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{domid}/device/vif/{devid}");

    public static string BackendVifs(int backendDomid)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{backendDomid}/backend/vif");

    public static string BackendVifsOf(int backendDomid, int domid)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{backendDomid}/backend/vif/{domid}");

    public static string Backend(int backendDomid, int domid, int devid, string key) => Child(BackendNic(backendDomid, domid, devid), key);

    /// <summary>One NIC's backend directory in the backend domain.</summary>
    public static string BackendNic(int backendDomid, int domid, int devid)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{backendDomid}/backend/vif/{domid}/{devid}");

    /// <summary>The xenbus node name netback's device carries (sysfs <c>device/nodename</c>), relative to the backend domain.</summary>
    public static string NetbackNodename(int domid, int devid)
        => string.Create(CultureInfo.InvariantCulture, $"backend/vif/{domid}/{devid}");

    /// <summary>Parses <c>backend/vif/D/N</c> (optionally under <c>/local/domain/B/</c>), as libxenstat does.</summary>
    public static bool TryParseNetbackNodename(string nodename, out int domid, out int devid)
    {
        domid = devid = 0;
        ReadOnlySpan<char> s = nodename.AsSpan();
        if (s.StartsWith("/local/domain/", StringComparison.Ordinal))
        {
            s = s["/local/domain/".Length..];
            int slash = s.IndexOf('/');
            if (slash < 0)
            {
                return false;
            }

            s = s[(slash + 1)..];
        }

        if (!s.StartsWith("backend/vif/", StringComparison.Ordinal))
        {
            return false;
        }

        s = s["backend/vif/".Length..];
        int sep = s.IndexOf('/');
        return sep > 0
            && TryParseId(s[..sep], out domid)
            && TryParseId(s[(sep + 1)..], out devid);
    }

    /// <summary>A domid or devid as libxl writes it ("%d", non-negative): no signs, spaces or leading zeros.</summary>
    public static bool TryParseId(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 10 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>What a watch event's <paramref name="path"/> says changed, as seen from backend domain
    /// <paramref name="backendDomid"/>; <paramref name="domid"/> is the domain it concerns (the guest,
    /// for its backend entries here). One reading for every watcher of <see cref="Domains"/>.</summary>
    public static WatchedPathKind ClassifyWatched(string path, int backendDomid, out int domid)
    {
        ArgumentNullException.ThrowIfNull(path);
        domid = -1;
        if (!path.StartsWith(Domains + "/", StringComparison.Ordinal))
        {
            return WatchedPathKind.Unrelated; // /local/domain itself (a watch's first firing), or elsewhere
        }

        ReadOnlySpan<char> rest = path.AsSpan(Domains.Length + 1);
        int slash = rest.IndexOf('/');
        if (!TryParseId(slash < 0 ? rest : rest[..slash], out int owner))
        {
            return WatchedPathKind.Unrelated;
        }

        domid = owner;
        if (slash < 0)
        {
            return WatchedPathKind.DomainNode;
        }

        ReadOnlySpan<char> below = rest[(slash + 1)..];
        if (owner != backendDomid || !below.StartsWith("backend/", StringComparison.Ordinal))
        {
            return WatchedPathKind.Domain;
        }

        ReadOnlySpan<char> vif = below["backend/".Length..];
        if (!vif.StartsWith("vif", StringComparison.Ordinal) || (vif.Length > 3 && vif[3] != '/'))
        {
            domid = -1;
            return WatchedPathKind.Unrelated; // vbd, console, vif2…: not this backend's NICs
        }

        ReadOnlySpan<char> guest = vif.Length > 4 ? vif[4..] : [];
        int end = guest.IndexOf('/');
        if (!TryParseId(end < 0 ? guest : guest[..end], out int guestDomid))
        {
            domid = -1;
            return WatchedPathKind.BackendList; // backend/vif itself, or a child that is no domid
        }

        domid = guestDomid;
        return end < 0 ? WatchedPathKind.GuestBackendNode : WatchedPathKind.GuestBackend;
    }
}

/// <summary>See <see cref="XenStorePaths.ClassifyWatched"/>.</summary>
public enum WatchedPathKind
{
    /// <summary>Not a node the host map reads.</summary>
    Unrelated,

    /// <summary><c>/local/domain/D</c> itself: the domain was created or destroyed.</summary>
    DomainNode,

    /// <summary>A node below <c>/local/domain/D</c>.</summary>
    Domain,

    /// <summary><c>backend/vif/G</c> itself, in the backend domain: the guest's backend entries appeared or went.</summary>
    GuestBackendNode,

    /// <summary>A node below <c>backend/vif/G</c>: one of guest G's NICs changed.</summary>
    GuestBackend,

    /// <summary><c>backend/vif</c> itself (or a child that is no domid): the list of guests served here.</summary>
    BackendList,
}
