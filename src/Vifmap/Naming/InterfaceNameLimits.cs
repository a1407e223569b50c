namespace Vifmap.Naming;

/// <summary>Length limits and id ranges that decide whether a name can exist (reference §3.6).</summary>
public static class InterfaceNameLimits
{
    /// <summary>Linux <c>IFNAMSIZ</c> is 16 with the NUL, so an interface name has at most 15 characters;
    /// <c>ip link set … name</c> (the hotplug rename) rejects longer names.</summary>
    public const int MaxLength = 15;

    /// <summary>Netback formats <c>vif%u.%u</c> into <c>IFNAMSIZ - 1</c> bytes (NUL included), so its
    /// names stop at 14 characters (<c>xen-netback/interface.c: xenvif_alloc</c>).</summary>
    public const int NetbackMaxLength = 14;

    /// <summary>QEMU's <c>tap_open</c> copies <c>ifname</c> with <c>pstrcpy(…, IFNAMSIZ, …)</c>: 15 characters.</summary>
    public const int QemuTapMaxLength = 15;

    /// <summary>Guest domids are <c>0 &lt; d &lt; DOMID_FIRST_RESERVED (0x7FF0)</c> (<c>libxl_domid_valid_guest</c>).</summary>
    public const int FirstGuestDomid = 1;

    public const int LastGuestDomid = 0x7FF0 - 1;

    public static bool IsGuestDomid(long domid) => domid is >= FirstGuestDomid and <= LastGuestDomid;

    /// <summary>What a creator that silently cuts names at <paramref name="maxLength"/> makes of <paramref name="name"/>.</summary>
    public static string Truncate(string name, int maxLength)
        => name.Length <= maxLength ? name : name[..maxLength];
}
