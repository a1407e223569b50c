using System.Globalization;

namespace Vifmap.LabTests.Lab;

/// <summary>One NIC of a lab guest, as libxl 4.17 would have written it (xen-reference.md §4.1-4.3).</summary>
/// <param name="DevId">devid: the N of vifD.N, the backend `handle`.</param>
/// <param name="Mac">lowercase xx:xx:xx:xx:xx:xx.</param>
/// <param name="Bridge">backend `bridge` (libxl always writes it).</param>
/// <param name="Type">backend `type`: "vif" (PV only) or "vif_ioemu" (HVM with an emulated NIC).</param>
/// <param name="VifName">custom vifname, written to the backend only when set.</param>
/// <param name="BackendState">XenbusState of the backend (4 Connected, 2 InitWait, ...).</param>
/// <param name="FrontendState">XenbusState of the frontend (4 when PV drivers run, 1 before).</param>
public sealed record LabNic(
    int DevId,
    string Mac,
    string Bridge = "xenbr0",
    string Type = "vif",
    string? VifName = null,
    int BackendState = 4,
    int FrontendState = 4);

/// <summary>
/// Builds the xenstore nodes of guests with NICs, for filling a lab daemon
/// (<see cref="XenstoredLab.BulkWriteAsync"/>): the guest's name, the backend
/// /local/domain/0/backend/vif/D/N, the frontend /local/domain/D/device/vif/N and the
/// libxl mirror /libxl/D/device/vif/N. A scenario, not a claim about every Xen version.
/// </summary>
public static class LabGuestTree
{
    public const string VifBridgeScript = "/etc/xen/scripts/vif-bridge";

    /// <summary>The (path, value) pairs for one guest in backend domain 0.</summary>
    public static IEnumerable<(string Path, string Value)> Guest(int domId, string name, IEnumerable<LabNic> nics)
    {
        string dom = domId.ToString(CultureInfo.InvariantCulture);
        yield return ($"/local/domain/{dom}/name", name);
        yield return ($"/local/domain/{dom}/domid", dom);
        foreach (LabNic nic in nics)
        {
            string devId = nic.DevId.ToString(CultureInfo.InvariantCulture);
            string backend = $"/local/domain/0/backend/vif/{dom}/{devId}";
            string frontend = $"/local/domain/{dom}/device/vif/{devId}";
            string mirror = $"/libxl/{dom}/device/vif/{devId}";

            var backendKeys = new List<(string Key, string Value)>
            {
                ("frontend", frontend),
                ("frontend-id", dom),
                ("online", "1"),
                ("state", nic.BackendState.ToString(CultureInfo.InvariantCulture)),
                ("script", VifBridgeScript),
                ("mac", nic.Mac),
                ("bridge", nic.Bridge),
                ("handle", devId),
                ("type", nic.Type),
                ("hotplug-status", "connected"),
            };
            if (nic.VifName is not null)
            {
                backendKeys.Add(("vifname", nic.VifName));
            }

            foreach ((string key, string value) in backendKeys)
            {
                yield return ($"{backend}/{key}", value);
            }

            yield return ($"{frontend}/backend", backend);
            yield return ($"{frontend}/backend-id", "0");
            yield return ($"{frontend}/state", nic.FrontendState.ToString(CultureInfo.InvariantCulture));
            yield return ($"{frontend}/handle", devId);
            yield return ($"{frontend}/mac", nic.Mac);
            yield return ($"{frontend}/mtu", "1500");
            yield return ($"{frontend}/trusted", "1");

            // The mirror: the backend path plus a creation-time copy of every backend key
            // (frontend included); its state stays 1 (§4.3).
            yield return ($"{mirror}/backend", backend);
            foreach ((string key, string value) in backendKeys)
            {
                yield return ($"{mirror}/{key}", key == "state" ? "1" : value);
            }
        }
    }

    /// <summary>
    /// <paramref name="guests"/> guests (domids 1..n, named guest-D) with <paramref name="nicsPerGuest"/>
    /// PV NICs each, MACs 00:16:3e:HH:LL:NN from the domid and devid: the benchmark-sized host.
    /// </summary>
    public static IEnumerable<(string Path, string Value)> Host(int guests, int nicsPerGuest)
    {
        for (int domId = 1; domId <= guests; domId++)
        {
            var nics = new List<LabNic>(nicsPerGuest);
            for (int devId = 0; devId < nicsPerGuest; devId++)
            {
                nics.Add(new LabNic(devId, string.Create(CultureInfo.InvariantCulture,
                    $"00:16:3e:{domId >> 8 & 0xff:x2}:{domId & 0xff:x2}:{devId:x2}")));
            }

            foreach ((string Path, string Value) pair in Guest(domId, "guest-" + domId.ToString(CultureInfo.InvariantCulture), nics))
            {
                yield return pair;
            }
        }
    }
}
