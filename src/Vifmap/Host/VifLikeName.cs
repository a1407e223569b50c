using Vifmap.Naming;

namespace Vifmap.Host;

/// <summary>Recognises interface names that look like a Xen guest's (reference §7.10 and §8 step 3):
/// <c>vifD.N</c>, <c>vifD.N-emu</c> and the xl 4.1 / xend <c>tapD.N</c>. Used only for interfaces no
/// backend entry claims (orphans): a custom vifname can look like a default name, so a match is a
/// guess, never a mapping.</summary>
internal static class VifLikeName
{
    public static bool TryParse(string name, out int domid, out int devid, out InterfaceRole role)
    {
        domid = devid = 0;
        role = InterfaceRole.Pv;
        ReadOnlySpan<char> s = name.AsSpan();
        if (s.StartsWith("vif", StringComparison.Ordinal))
        {
            s = s[3..];
            if (s.EndsWith(XlInterfaceNames.TapSuffix, StringComparison.Ordinal))
            {
                s = s[..^XlInterfaceNames.TapSuffix.Length];
                role = InterfaceRole.Emulated;
            }
        }
        else if (s.StartsWith("tap", StringComparison.Ordinal))
        {
            s = s[3..];
            role = InterfaceRole.Emulated;
        }
        else
        {
            return false;
        }

        int dot = s.IndexOf('.');
        return dot > 0
            && XenStorePaths.TryParseId(s[..dot], out domid)
            && XenStorePaths.TryParseId(s[(dot + 1)..], out devid);
    }
}
