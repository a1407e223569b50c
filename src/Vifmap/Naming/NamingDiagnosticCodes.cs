namespace Vifmap.Naming;

/// <summary>The VM3xx codes (naming), documented in docs/diagnostics/VM3xx.md. A retired code is never reused.</summary>
public static class NamingDiagnosticCodes
{
    /// <summary>A netback name over 14 characters: the kernel cuts it (§3.6).</summary>
    public const string NetbackNameTruncated = "VM301";

    /// <summary>A tap name over 15 characters: QEMU cuts it (§3.6).</summary>
    public const string TapNameTruncated = "VM302";

    /// <summary>A renamed interface's target name over 15 characters: <c>ip link set name</c> refuses (§3.2, §3.6).</summary>
    public const string RenameTooLong = "VM303";

    /// <summary>A custom tap name over 15 characters that QEMU creates directly, cut silently (xl ≤4.1, xend ≤4.1).</summary>
    public const string CustomTapNameTruncated = "VM304";

    /// <summary>Two interfaces of the domain get the same name (§3.2, §7.9).</summary>
    public const string NameCollision = "VM305";

    /// <summary><c>type=ioemu</c> on a PV/PVH guest: domain creation fails (§3.4, §7.12).</summary>
    public const string EmulatedNicOnPv = "VM306";

    /// <summary>xend numbers taps by emulated-NIC position, not devid (§3.3, §7.11).</summary>
    public const string XendTapIndexIsNotDevid = "VM307";

    /// <summary>A vifname that looks like a default name or another role's name (§7.10).</summary>
    public const string VifNameLooksDefault = "VM308";

    /// <summary>HVM NIC without an emulated NIC (<c>type=vif</c>, or a non-ioemu type on xl 4.2–4.5 or xend) (§3.4, §7.12).</summary>
    public const string HvmWithoutEmulatedNic = "VM309";

    /// <summary>xend's explicit <c>type=ioemu</c>: emulated only, no PV frontend (§3.4, §7.12).</summary>
    public const string XendIoemuIsEmulatedOnly = "VM310";

    /// <summary>xl 4.0/4.1: vifname names the tap only (§3.3).</summary>
    public const string OldXlVifNameTapOnly = "VM311";

    /// <summary><c>devid=</c> before 4.9 (or with xend): ignored, the devid is the list position (§2.6).</summary>
    public const string DevidKeyIgnored = "VM312";

    /// <summary><c>type="pvh"</c> before 4.10 or with xend: built as PV (§0, §3.4).</summary>
    public const string PvhNotAvailable = "VM313";

    /// <summary>HVM with <c>device_model_version="none"</c>: no QEMU, no emulated NIC, no tap (§3.4).</summary>
    public const string NoDeviceModel = "VM314";

    /// <summary>A stub domain requested where Vifmap or Xen has none (PV/PVH guest, xend) (§3.5).</summary>
    public const string StubDomainIgnored = "VM315";

    /// <summary>A stub-domain domid given for a config without a stub domain.</summary>
    public const string StubdomDomidUnused = "VM316";

    /// <summary>4.15+ <c>set_mtu</c> parses domid/devid from a custom vifname and writes a bogus xenstore node (§7.20).</summary>
    public const string CustomVifNameMtuNode = "VM317";

    /// <summary>xend refuses a MAC already used by another NIC of the domain (§7.6).</summary>
    public const string XendDuplicateMac = "VM318";

    /// <summary>Names that fit only for small domids (plan without a domid) (§3.6).</summary>
    public const string NameFitsOnlySmallDomids = "VM319";

    /// <summary><c>device_model_version="none"</c> outside 4.7–4.9: xl exits with "Unknown device_model_version".</summary>
    public const string NoDeviceModelRefused = "VM321";

    /// <summary>A NIC whose backend is a driver domain: its vif is not in dom0, its tap hotplug reads dom0's path (§7.21).</summary>
    public const string DriverDomainBackend = "VM320";

    /// <summary>xl 4.0–4.5 stop reading a vif spec at its first token without <c>=</c>; the keys after it are lost (§2.2, §7.1).</summary>
    public const string OldXlStopsAtBareToken = "VM322";

    /// <summary>xm (xend) refuses a vif spec piece without <c>=</c> or with a key outside its list: <c>xm create</c> fails (§2.3).</summary>
    public const string XmRefusesVifSpec = "VM323";
}
