using System.Globalization;

namespace Vifmap.Host;

/// <summary>Narrows a map to what an admin typed: a domain name, domid or UUID, an interface name (the
/// default, <c>-emu</c>, tap, stub-domain or custom name, also as <c>ip link</c> prints it:
/// <c>vif1.0@if5</c>, <c>vif1.0:</c>) or a MAC in any case with <c>:</c> or <c>-</c>. A domain match keeps
/// all its NICs; any other match keeps that NIC. Orphans match by name.</summary>
public static class HostMapQuery
{
    /// <summary>The map with only what matches any query, and the queries that matched nothing.</summary>
    public static (HostMap Map, IReadOnlyList<string> Unmatched) Apply(HostMap map, IReadOnlyList<string> queries)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count == 0)
        {
            return (map, []);
        }

        var matched = new HashSet<string>(StringComparer.Ordinal);
        var domains = new List<GuestDomain>();
        foreach (GuestDomain domain in map.Domains)
        {
            string[] domainHits = [.. queries.Where(q => MatchesDomain(domain, q))];
            matched.UnionWith(domainHits);
            var nics = new List<GuestNic>();
            foreach (GuestNic nic in domain.Nics)
            {
                string[] nicHits = [.. queries.Where(q => MatchesNic(nic, q))];
                matched.UnionWith(nicHits);
                if (domainHits.Length > 0 || nicHits.Length > 0)
                {
                    nics.Add(nic);
                }
            }

            if (domainHits.Length > 0)
            {
                domains.Add(domain);
            }
            else if (nics.Count > 0)
            {
                domains.Add(domain with { Nics = nics });
            }
        }

        var orphans = new List<OrphanEntry>();
        foreach (OrphanEntry orphan in map.Orphans)
        {
            string[] hits = [.. queries.Where(q => orphan.Name == q || orphan.Name == InterfaceName(q))];
            matched.UnionWith(hits);
            if (hits.Length > 0)
            {
                orphans.Add(orphan);
            }
        }

        return (map with { Domains = domains, Orphans = orphans }, [.. queries.Where(q => !matched.Contains(q))]);
    }

    private static bool MatchesDomain(GuestDomain domain, string query)
        => string.Equals(domain.Name, query, StringComparison.Ordinal)
            || string.Equals(domain.Domid.ToString(CultureInfo.InvariantCulture), query, StringComparison.Ordinal)
            || (domain.Uuid is not null && string.Equals(domain.Uuid, query, StringComparison.OrdinalIgnoreCase));

    private static bool MatchesNic(GuestNic nic, string query)
    {
        // '@' is legal in a Linux name: the query as typed first, then as ip link's "name@peer".
        string name = InterfaceName(query);
        foreach (NicInterface i in nic.Interfaces)
        {
            if (i.Name == query || i.Name == name || (i.Link?.Name is string link && (link == query || link == name)))
            {
                return true;
            }
        }

        return nic.Mac is not null && NormalizeMac(query) is string mac && string.Equals(NormalizeMac(nic.Mac), mac, StringComparison.Ordinal);
    }

    /// <summary>An interface name as <c>ip link</c> prints it: <c>vif1.0@if5</c> (a veth and its peer's
    /// index) or <c>vif1.0:</c> (from <c>3: vif1.0: &lt;…&gt;</c>). The kernel refuses ':' in a name, and ip
    /// prints '@' only as that separator.</summary>
    public static string InterfaceName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string name = text.EndsWith(':') ? text[..^1] : text;
        int at = name.IndexOf('@', StringComparison.Ordinal);
        return at > 0 ? name[..at] : name;
    }

    /// <summary>Six hex octets as lowercase <c>aa:bb:cc:dd:ee:ff</c>, from <c>:</c> or <c>-</c> separated
    /// text in any case; null for anything else.</summary>
    public static string? NormalizeMac(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(text.Contains('-', StringComparison.Ordinal) ? '-' : ':');
        if (parts.Length != 6)
        {
            return null;
        }

        var octets = new string[6];
        for (int i = 0; i < 6; i++)
        {
            if (!byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b) || parts[i].Length is 0 or > 2)
            {
                return null;
            }

            octets[i] = b.ToString("x2", CultureInfo.InvariantCulture);
        }

        return string.Join(':', octets);
    }
}
