using System.Globalization;
using System.Text;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;

namespace Vifmap.Vif;

/// <summary>Checks that need the whole NIC list of a domain, or the guest type, or the kernel's rules for
/// interface names: duplicate devids, MACs and names, and custom vifnames the kernel or the hotplug
/// script will refuse (reference §2.6, §3.2, §3.5, §3.6, §7.6, §7.9, §7.16).</summary>
public static class NicListChecks
{
    /// <summary>IFNAMSIZ - 1: the longest interface name Linux accepts.</summary>
    public const int MaxInterfaceNameBytes = InterfaceNameLimits.MaxLength;

    /// <summary>The longest vifname when the NIC also gets <c>&lt;vifname&gt;-emu</c>.</summary>
    public static int MaxVifNameBytesWithTwin => MaxInterfaceNameBytes - XlInterfaceNames.TapSuffix.Length;

    /// <summary>True when the NIC also gets a dom0 interface named <c>&lt;vifname&gt;-emu</c>: the QEMU tap of an
    /// HVM NIC of type vif_ioemu, or, with a device-model stub domain, the stub domain's copy of every NIC
    /// (<c>libxl__dm_vifs_from_hvm_guest_config</c>).</summary>
    public static bool HasEmuTwin(NicSpec nic, GuestType guestType, bool stubDomain)
    {
        ArgumentNullException.ThrowIfNull(nic);
        return guestType == GuestType.Hvm
            && (stubDomain || NicDefaults.EffectiveType(guestType, nic.RequestedType) == NicType.VifIoemu);
    }

    /// <summary>The checks as xl 4.22 judges.</summary>
    public static IReadOnlyList<Diagnostic> Check(IReadOnlyList<NicSpec> nics, GuestType guestType, bool stubDomain)
        => Check(nics, guestType, stubDomain, ToolstackRelease.Default);

    /// <summary>The checks that hold for <paramref name="release"/>: a duplicate devid matters only where xl
    /// reads <c>devid=</c> (4.9+); xm refuses a duplicate MAC itself (the planner's VM318), xl accepts it; the
    /// 15-byte rename limit and the fatal rename onto a taken name are libxl 4.2+ hotplug behaviour.</summary>
    public static IReadOnlyList<Diagnostic> Check(
        IReadOnlyList<NicSpec> nics, GuestType guestType, bool stubDomain, ToolstackRelease release)
    {
        ArgumentNullException.ThrowIfNull(nics);
        var found = new List<Diagnostic>();
        var devids = new Dictionary<int, NicSpec>();
        var macs = new Dictionary<MacAddress, NicSpec>();
        var names = new Dictionary<string, NicSpec>(StringComparer.Ordinal);
        foreach (NicSpec nic in nics)
        {
            if (release.ReadsDevidKey && nic.Devid >= 0 && !devids.TryAdd(nic.Devid, nic))
            {
                found.Add(DiagnosticCatalogue.Create(DiagnosticCodes.DuplicateDevid, string.Create(CultureInfo.InvariantCulture,
                    $"NIC {nic.Index} has devid {nic.Devid}, like NIC {devids[nic.Devid].Index}: xl does not check, libxl fails with \"device already exists\" and the domain is not created"),
                    nic.LocationOf("devid")));
            }

            if (release.IsXl && nic.Mac is MacAddress mac && !macs.TryAdd(mac, nic))
            {
                found.Add(DiagnosticCatalogue.Create(DiagnosticCodes.DuplicateMac, string.Create(CultureInfo.InvariantCulture,
                    $"NIC {nic.Index} has MAC {mac}, like NIC {macs[mac].Index}: xl and libxl accept it, but two NICs with one MAC on a network break each other"),
                    nic.LocationOf("mac")));
            }

            if (nic.VifName is string name)
            {
                CheckVifName(found, nic, name, HasEmuTwin(nic, guestType, stubDomain), names, release.IsLibxl);
            }
        }

        return found;
    }

    private static void CheckVifName(List<Diagnostic> found, NicSpec nic, string name, bool twin,
        Dictionary<string, NicSpec> names, bool libxlHotplug)
    {
        SourceLocation at = nic.LocationOf("vifname");
        if (name.Length == 0)
        {
            found.Add(DiagnosticCatalogue.Create(DiagnosticCodes.EmptyVifName,
                "an empty vifname: libxl writes it, the hotplug script skips the rename, and the default names stay", at));
            return;
        }

        int bytes = Encoding.UTF8.GetByteCount(name);
        string? twinName = twin ? XlInterfaceNames.EmulatedVifName(name) : null;
        string? invalid = InvalidReason(name);
        if (invalid is not null)
        {
            found.Add(DiagnosticCatalogue.Create(DiagnosticCodes.VifNameInvalid, string.Create(CultureInfo.InvariantCulture,
                $"vifname `{name}' {invalid}: the hotplug script's rename fails and so does the device, and with it the domain creation"), at));
        }
        else if (libxlHotplug && bytes > MaxInterfaceNameBytes)
        {
            found.Add(DiagnosticCatalogue.Create(DiagnosticCodes.VifNameTooLong, string.Create(CultureInfo.InvariantCulture,
                $"vifname `{name}' is {bytes} bytes; Linux allows {MaxInterfaceNameBytes}: the hotplug script's rename fails and the domain is not created"), at));
        }
        else if (libxlHotplug && twinName is not null && bytes > MaxVifNameBytesWithTwin)
        {
            found.Add(DiagnosticCatalogue.Create(DiagnosticCodes.VifNameTooLong, string.Create(CultureInfo.InvariantCulture,
                $"vifname `{name}' is {bytes} bytes, so its emulated twin `{twinName}' is {Encoding.UTF8.GetByteCount(twinName)}; Linux allows {MaxInterfaceNameBytes}: the rename of the {XlInterfaceNames.TapSuffix} interface fails and the domain is not created (at most {MaxVifNameBytesWithTwin} bytes here)"), at));
        }

        if (LooksLikeDefaultName(name))
        {
            found.Add(DiagnosticCatalogue.Create(DiagnosticCodes.VifNameLooksDefault, string.Create(CultureInfo.InvariantCulture,
                $"vifname `{name}' looks like a name Xen gives interfaces itself (vifD.N, vifD.N-emu, tapD.N, …-emu): it can collide with another guest's interface and misleads tools that decode names"), at));
        }

        string[] created = twinName is null ? [name] : [name, twinName];
        foreach (string ifname in created)
        {
            if (libxlHotplug && !names.TryAdd(ifname, nic) && !ReferenceEquals(names[ifname], nic))
            {
                found.Add(DiagnosticCatalogue.Create(DiagnosticCodes.DuplicateVifName, string.Create(CultureInfo.InvariantCulture,
                    $"NIC {nic.Index} would rename an interface to `{ifname}', which NIC {names[ifname].Index} already uses: the hotplug script stops with \"An interface with name {ifname} already exists\" and the domain is not created"),
                    at));
            }
        }
    }

    /// <summary>Linux's <c>dev_valid_name</c>, plus <c>%</c>, which <c>ip link set name</c> takes as a
    /// numbering template (<c>web%d</c> becomes <c>web0</c>), so later hotplug steps miss the interface.</summary>
    private static string? InvalidReason(string name)
    {
        if (name is "." or "..")
        {
            return "is `.' or `..'";
        }

        foreach (char c in name)
        {
            if (c is '/' or ':' or ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or '\u00a0')
            {
                return "contains a `/', `:' or whitespace, which Linux refuses in interface names";
            }

            if (c == '%')
            {
                return "contains `%', which the kernel takes as a numbering template (`web%d' becomes `web0'), so the hotplug script loses track of the interface";
            }
        }

        return null;
    }

    private static bool LooksLikeDefaultName(string name)
    {
        if (name.EndsWith(XlInterfaceNames.TapSuffix, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (string prefix in new[] { "vif", "tap" })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                ReadOnlySpan<char> rest = name.AsSpan(prefix.Length);
                int dot = rest.IndexOf('.');
                if (dot > 0 && IsDigits(rest[..dot]) && IsDigits(rest[(dot + 1)..]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
