using Vifmap.Naming;

namespace Vifmap.Vif;

/// <summary>The release from which xl reads each vif key or flag (docs/vif-keys.md has the table with the
/// upstream line of each). Before that release xl treats the key as any unknown token: 4.0–4.5 ignore
/// it silently, 4.6+ print "unrecognized argument" (VM201).</summary>
public static class VifKeyReleases
{
    private static readonly Dictionary<string, XenVersion> s_addedIn = Build();

    /// <summary>The first xl release that reads <paramref name="key"/> (a key of xl 4.22, or the flags
    /// <c>trusted</c>/<c>untrusted</c>).</summary>
    /// <exception cref="ArgumentException">xl 4.22 does not know <paramref name="key"/>.</exception>
    public static XenVersion AddedIn(string key)
        => s_addedIn.TryGetValue(key, out XenVersion version)
            ? version
            : throw new ArgumentException($"`{key}' is not a vif key of xl {XenReleases.Newest}", nameof(key));

    /// <summary>Whether xl of <paramref name="xen"/> reads <paramref name="key"/> (false for a key xl never knew).</summary>
    public static bool IsKnownAt(string key, XenVersion xen)
        => s_addedIn.TryGetValue(key, out XenVersion version) && xen >= version;

    /// <summary>Every key and flag with the release that added it.</summary>
    public static IReadOnlyDictionary<string, XenVersion> All => s_addedIn;

    private static Dictionary<string, XenVersion> Build()
    {
        var table = new Dictionary<string, XenVersion>(StringComparer.Ordinal);
        foreach (string key in new[] { "model", "mac", "bridge", "type", "ip", "script", "vifname", "rate", "accel" })
        {
            table[key] = XenReleases.Oldest; // RELEASE-4.0.0 tools/libxl/xl.c:491-527
        }

        table["backend"] = XenReleases.VifBackendKeyFrom;
        table["netdev"] = XenReleases.VifGatewaydevKeyFrom;
        table["gatewaydev"] = XenReleases.VifGatewaydevKeyFrom;
        table["forwarddev"] = XenReleases.VifForwarddevKeyFrom;
        foreach (string key in VifSpecParser.KnownKeys)
        {
            if (key.StartsWith("colo_", StringComparison.Ordinal))
            {
                table[key] = XenReleases.VifColoKeysFrom;
            }
        }

        table["devid"] = XenReleases.DevidKeyFrom;
        table["mtu"] = XenReleases.VifMtuKeyFrom;
        table["trusted"] = XenReleases.VifTrustedFlagFrom;
        table["untrusted"] = XenReleases.VifTrustedFlagFrom;
        table["vlan"] = XenReleases.VifVlanKeyFrom;
        return table;
    }
}
