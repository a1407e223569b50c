using Vifmap.Config;
using Vifmap.Vif;

namespace Vifmap.Naming;

/// <summary>The nictype table of reference §3.4 (<c>libxl__device_nic_setdefault</c> by version, xl ≤4.1's
/// parser, xend's <c>image.py</c>/<c>netif.py</c>), for NICs created with the domain (not hot-attached).</summary>
public static class NicTypeRules
{
    /// <summary>The guest type the toolstack sees: <c>type="pvh"</c> exists from 4.10 (older xl builds a PV
    /// guest from it, going by <c>builder=</c>), and xend never had PVH.</summary>
    public static GuestType EffectiveGuestType(GuestType type, NamingEra era, XenVersion version)
        => type == GuestType.Pvh && (era.Toolstack == Toolstack.Xend || version < XenReleases.GuestTypeKeyFrom)
            ? GuestType.Pv
            : type;

    /// <param name="era">The toolstack era (xend and xl ≤4.1 have their own rules).</param>
    /// <param name="version">The Xen release: libxl's defaults changed in 4.6, 4.7 and 4.10.</param>
    /// <param name="guestType">The guest type from the config.</param>
    /// <param name="rawType">The <c>type=</c> value as written (valid or not), null when absent.</param>
    /// <param name="deviceModelVersion">The domain's <c>device_model_version</c>, if set.</param>
    public static NicTypeOutcome Resolve(
        NamingEra era, XenVersion version, GuestType guestType, string? rawType, string? deviceModelVersion)
    {
        GuestType type = EffectiveGuestType(guestType, era, version);
        if (era.Toolstack == Toolstack.Xend)
        {
            return ResolveXend(type, rawType);
        }

        if (version < XenReleases.LibxlNamingFrom)
        {
            // xl 4.0/4.1: every NIC carries the IOEMU flag, but only an HVM guest has a QEMU to give it
            // to; `type=` other than "ioemu" clears it (xl.c / xl_cmdimpl.c strcmp).
            bool emulated = type == GuestType.Hvm && (rawType is null or "ioemu");
            return new(emulated ? NicType.VifIoemu : NicType.Vif, emulated, NicTypeNote.None);
        }

        NicType? requested = rawType switch
        {
            "ioemu" => NicType.VifIoemu,
            "vif" => NicType.Vif,
            null => null,
            // 4.2–4.5 parsed `type=` as "ioemu or else vif"; 4.6+ rejects other values and keeps the default.
            _ => version < XenReleases.InvalidVifTypeIgnoredFrom ? NicType.Vif : null,
        };

        // 4.7–4.9 default HVM NICs to `vif` when there is no device model (32e9d0f065).
        bool noDeviceModel = type == GuestType.Hvm && AcceptsNoDeviceModel(version)
            && string.Equals(deviceModelVersion, "none", StringComparison.Ordinal);
        if (noDeviceModel && requested is null)
        {
            return new(NicType.Vif, false, NicTypeNote.NoDeviceModel);
        }

        // From here on libxl's own rule, the same from 4.2 to today: one copy, in NicDefaults.
        if (NicDefaults.EffectiveType(type, requested) is not NicType nicType)
        {
            return new(NicType.VifIoemu, false, NicTypeNote.EmulatedOnPvFails);
        }

        if (type != GuestType.Hvm)
        {
            return new(nicType, false, NicTypeNote.None);
        }

        NicTypeNote note = requested switch
        {
            null => NicTypeNote.None,
            NicType.Vif => rawType == "vif" ? NicTypeNote.HvmWithoutEmulatedNic : NicTypeNote.NonIoemuTypeMeansVif,
            _ => noDeviceModel ? NicTypeNote.NoDeviceModel : NicTypeNote.None,
        };
        return new(nicType, nicType == NicType.VifIoemu && !noDeviceModel, note);
    }

    /// <summary>Whether xl of <paramref name="version"/> accepts <c>device_model_version=value</c>; any other
    /// value makes it exit with "Unknown device_model_version" (xl_parse.c). <c>qemu-xen-traditional</c> went
    /// with qemu-trad's removal in 4.21 (19ab8356ab); <c>none</c> was read in 4.7–4.9 only.</summary>
    public static bool AcceptsDeviceModelVersion(XenVersion version, string value) => value switch
    {
        "qemu-xen" => true,
        "qemu-xen-traditional" => version < XenReleases.QemuTraditionalRemovedIn,
        "none" => AcceptsNoDeviceModel(version),
        _ => false,
    };

    /// <summary>The values of <c>device_model_version</c> that xl of <paramref name="version"/> reads, for messages.</summary>
    public static string DeviceModelVersionsKnown(XenVersion version)
        => version < XenReleases.QemuTraditionalRemovedIn
            ? AcceptsNoDeviceModel(version) ? "qemu-xen, qemu-xen-traditional and none" : "qemu-xen and qemu-xen-traditional"
            : "only qemu-xen";

    /// <summary>xl reads <c>device_model_version="none"</c> only in 4.7–4.9 (xl_cmdimpl.c / xl_parse.c);
    /// other releases exit with "Unknown device_model_version".</summary>
    public static bool AcceptsNoDeviceModel(XenVersion version)
        => XenReleases.Within(version, XenReleases.NoDeviceModelFrom, XenReleases.NoDeviceModelLast);

    private static NicTypeOutcome ResolveXend(GuestType type, string? rawType)
    {
        if (type != GuestType.Hvm)
        {
            return new(NicType.Vif, false, NicTypeNote.None);
        }

        // image.py: devinfo.get('type', 'ioemu') != 'ioemu' → no QEMU NIC. netif.py writes the frontend
        // only when the type is not 'ioemu', so the explicit value means emulated only.
        return rawType switch
        {
            null => new(NicType.VifIoemu, true, NicTypeNote.None),
            "ioemu" => new(NicType.VifIoemu, true, NicTypeNote.XendIoemuIsEmulatedOnly),
            _ => new(NicType.Vif, false, NicTypeNote.HvmWithoutEmulatedNic),
        };
    }

    /// <summary>The <c>type=</c> value of a spec as written, valid or not: <see cref="NicSpec.RequestedType"/>
    /// drops invalid values, but xl 4.2–4.5 and xend give them a meaning. The last <c>type=</c> wins,
    /// as in every xl parser (reference §7.4).</summary>
    public static string? RawType(NicSpec nic)
    {
        if (nic.RequestedType is NicType requested)
        {
            return requested == NicType.Vif ? "vif" : "ioemu";
        }

        string? value = null;
        foreach (string token in nic.Text.Split(','))
        {
            string key = token.TrimStart(' ');
            if (key.StartsWith("type=", StringComparison.Ordinal))
            {
                value = key["type=".Length..];
            }
        }

        return value;
    }
}
