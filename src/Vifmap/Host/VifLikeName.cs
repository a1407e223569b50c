using Vifmap.Naming;

namespace Vifmap.Host;

/// <summary>Reads an interface name no backend entry claims (an orphan candidate) with the naming
/// rules' decoder (Naming/InterfaceNameDecoder: <c>vifD.N</c>, <c>vifD.N-emu</c>, the xl 4.1 / xend
/// <c>tapD.N</c>, …). A custom vifname can look like a default name (reference §7.10), so a match is a
/// guess used only to explain a leftover, never to map a NIC.</summary>
internal static class VifLikeName
{
    public static bool TryParse(string name, out int domid, out int devid, out InterfaceRole role)
    {
        domid = devid = 0;
        role = InterfaceRole.Pv;
        foreach (NameReading reading in InterfaceNameDecoder.Explain(name).Readings)
        {
            if (reading.Kind == InterfaceKind.Guest && reading.Domid is uint d && reading.Devid is long n
                && d <= int.MaxValue && n is >= 0 and <= int.MaxValue)
            {
                domid = (int)d;
                devid = (int)n;
                role = reading.Role ?? InterfaceRole.Pv;
                return true;
            }
        }

        return false;
    }
}
