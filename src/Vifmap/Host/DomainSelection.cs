namespace Vifmap.Host;

/// <summary>The guests asked for (<c>--domain NAME|DOMID</c>); empty means all. One rule for the fact
/// reader (which reads NICs only of wanted guests) and the resolver (which shows only them).</summary>
internal static class DomainSelection
{
    public static bool IsWanted(IReadOnlyList<string> wanted, int domid, string? name)
    {
        if (wanted.Count == 0)
        {
            return true;
        }

        foreach (string w in wanted)
        {
            if (string.Equals(w, name, StringComparison.Ordinal)
                || (XenStorePaths.TryParseId(w, out int id) && id == domid))
            {
                return true;
            }
        }

        return false;
    }
}
