using System.Globalization;

namespace Vifmap.Host;

/// <summary>The xenstore paths the map reads (reference §3.5, §4.1–4.2), in one place.</summary>
internal static class XenStorePaths
{
    public const string Domains = "/local/domain";

    public static string Domain(int domid)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{domid}");

    public static string DomainKey(int domid, string key)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{domid}/{key}");

    /// <summary>libxl's record of the guest type (4.10+), in the toolstack's own tree.</summary>
    public static string LibxlDomainType(int domid)
        => string.Create(CultureInfo.InvariantCulture, $"/libxl/{domid}/type");

    public static string FrontendVifs(int domid)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{domid}/device/vif");

    public static string Frontend(int domid, int devid, string key)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{domid}/device/vif/{devid}/{key}");

    public static string BackendVifs(int backendDomid)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{backendDomid}/backend/vif");

    public static string BackendVifsOf(int backendDomid, int domid)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{backendDomid}/backend/vif/{domid}");

    public static string Backend(int backendDomid, int domid, int devid, string key)
        => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{backendDomid}/backend/vif/{domid}/{devid}/{key}");

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
}
