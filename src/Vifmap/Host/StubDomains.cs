using System.Globalization;
using Vifmap.Diagnostics;

namespace Vifmap.Host;

/// <summary>Which domains are device-model stub domains, and of which guest: <c>/local/domain/S/target = D</c>
/// or <c>/local/domain/D/image/device-model-domid = S</c> (libxl_dm.c, reference §3.5). Both nodes are
/// written by the toolstack, but a guest can write its own <c>image/…</c>: references to missing domains,
/// to itself, or a second stub domain for one guest are reported and ignored, never trusted.</summary>
internal static class StubDomains
{
    /// <summary>Stub domid → guest domid, at most one stub domain per guest (the lowest domid wins).</summary>
    public static Dictionary<int, int> Find(IReadOnlyList<DomainFacts> domains, Action<string, string>? warn)
    {
        var exists = new HashSet<int>(domains.Select(d => d.Domid));
        var stubOf = new SortedDictionary<int, int>();
        foreach (DomainFacts f in domains)
        {
            if (f.Target is not null)
            {
                if (XenStorePaths.TryParseId(f.Target, out int guest) && exists.Contains(guest) && guest != f.Domid)
                {
                    stubOf[f.Domid] = guest;
                }
                else
                {
                    warn?.Invoke(DiagnosticCodes.BadDomainReference, $"domain {Id(f.Domid)}: target '{f.Target}' is not an existing domain");
                }
            }

            if (f.DeviceModelDomid is not null)
            {
                if (XenStorePaths.TryParseId(f.DeviceModelDomid, out int stub) && exists.Contains(stub) && stub != f.Domid)
                {
                    stubOf.TryAdd(stub, f.Domid);
                }
                else
                {
                    warn?.Invoke(DiagnosticCodes.BadDomainReference, $"domain {Id(f.Domid)}: image/device-model-domid '{f.DeviceModelDomid}' is not an existing domain");
                }
            }
        }

        // A stub domain serving a stub domain, or two stub domains naming one guest, is not a shape libxl
        // makes: keep the first claim on each guest and treat the others as ordinary domains.
        var result = new Dictionary<int, int>();
        var claimed = new Dictionary<int, int>();
        foreach ((int stub, int guest) in stubOf)
        {
            if (stubOf.ContainsKey(guest))
            {
                warn?.Invoke(DiagnosticCodes.BadDomainReference, $"domain {Id(stub)}: names domain {Id(guest)} as its guest, which is itself a stub domain; ignored");
            }
            else if (claimed.TryGetValue(guest, out int first))
            {
                warn?.Invoke(DiagnosticCodes.BadDomainReference, $"domains {Id(first)} and {Id(stub)} both claim to be the stub domain of domain {Id(guest)}; kept {Id(first)}");
            }
            else
            {
                claimed[guest] = stub;
                result[stub] = guest;
            }
        }

        return result;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
