using Vifmap.Diagnostics;

namespace Vifmap.Vif;

/// <summary>The VM2xx catalogue: findings about vif specs and the NIC list. Each code has one fixed
/// severity; the table in docs/diagnostics/VM2xx.md describes each. A retired code is never reused.
/// Error = xl, libxl or the hotplug script will fail; warning = xl accepts it, perhaps not as meant.</summary>
public static class VifCodes
{
    /// <summary>A token xl does not recognise: "unrecognized argument", then ignored by xl create.</summary>
    public const string UnknownToken = "VM201";

    /// <summary>Spaces around <c>=</c>: before it the token is ignored, after it the space is in the value.</summary>
    public const string SpaceAroundEquals = "VM202";

    /// <summary>Whitespace xl keeps: trailing in a value, or a tab before a key (only spaces are skipped).</summary>
    public const string WhitespaceKept = "VM203";

    /// <summary>A key given twice in one spec; the last one wins.</summary>
    public const string DuplicateKey = "VM204";

    /// <summary><c>type=</c> other than <c>vif</c>/<c>ioemu</c>: "Invalid parameter `type'", ignored.</summary>
    public const string InvalidType = "VM205";

    /// <summary><c>type=ioemu</c> on a PV or PVH guest: libxl refuses to create the domain.</summary>
    public const string EmulatedNicOnPv = "VM206";

    /// <summary>A MAC xl cannot read fully: "Invalid parameter `mac'", the octets read so far are kept.</summary>
    public const string InvalidMac = "VM207";

    /// <summary>A short MAC whose missing octets xl reads from the next token.</summary>
    public const string MacReadsNextToken = "VM208";

    /// <summary>A short MAC at the end of the spec: xl reads past the end of its buffer (undefined).</summary>
    public const string MacReadsPastEnd = "VM209";

    /// <summary>Text after the sixth MAC octet, silently ignored.</summary>
    public const string MacTrailingText = "VM210";

    /// <summary>A MAC xl accepts in a form other tools refuse (1-digit octets, 0x, signs, odd separators).</summary>
    public const string MacUnusualForm = "VM211";

    /// <summary>An all-zero MAC: libxl treats it as unset and picks a random one.</summary>
    public const string MacAllZero = "VM212";

    /// <summary>A multicast (group) MAC as a NIC address.</summary>
    public const string MacMulticast = "VM213";

    /// <summary>Two NICs of the domain with the same MAC (xl and libxl do not check).</summary>
    public const string DuplicateMac = "VM214";

    /// <summary>A <c>rate=</c> xl refuses: xl exits, the domain is not created.</summary>
    public const string InvalidRate = "VM215";

    /// <summary>A <c>rate=</c> xl accepts with a surprising meaning (octal, seconds, 0 bytes per interval).</summary>
    public const string RateTrap = "VM216";

    /// <summary><c>devid=</c>/<c>mtu=</c> that is not a number: xl exits.</summary>
    public const string InvalidNumber = "VM217";

    /// <summary><c>devid=</c>/<c>mtu=</c> with text xl ignores around the number.</summary>
    public const string NumberTrailingText = "VM218";

    /// <summary>A vifname longer than the kernel allows (15 bytes; 11 when an <c>-emu</c> twin exists).</summary>
    public const string VifNameTooLong = "VM219";

    /// <summary>A vifname the kernel refuses (<c>/</c>, <c>:</c>, whitespace, <c>.</c>, <c>..</c>).</summary>
    public const string VifNameInvalid = "VM220";

    /// <summary>A vifname shaped like a default name (<c>vifD.N</c>) or ending in <c>-emu</c>.</summary>
    public const string VifNameLooksDefault = "VM221";

    /// <summary>Two NICs renamed to the same vifname: the second rename fails.</summary>
    public const string DuplicateVifName = "VM222";

    /// <summary>Two NICs with the same devid: the second fails, domain creation fails.</summary>
    public const string DuplicateDevid = "VM223";

    /// <summary><c>vif</c> is a string, not a list: xl warns and creates no NIC at all.</summary>
    public const string VifNotAList = "VM224";

    /// <summary>A nested list inside <c>vif</c>: xl stops there and drops it and every later element.</summary>
    public const string NestedList = "VM225";

    /// <summary>A key xl accepts but ignores or replaces (<c>accel</c>, <c>netdev</c>).</summary>
    public const string IgnoredKey = "VM226";

    /// <summary><c>model=</c> on a NIC that has no emulated device (PV/PVH guest or <c>type=vif</c>).</summary>
    public const string ModelWithoutEmulation = "VM227";

    /// <summary>An MTU the hotplug script cannot apply (its failure is ignored) or 0 (= default).</summary>
    public const string MtuOutOfRange = "VM228";

    /// <summary>A devid outside 0..2^31-1 once xl stores it in a C int.</summary>
    public const string DevidOutOfRange = "VM229";

    /// <summary>An empty vifname: ignored by the hotplug script, the default names stay.</summary>
    public const string EmptyVifName = "VM230";

    /// <summary>A NUL byte in a spec: C string handling ends the spec there.</summary>
    public const string NulInSpec = "VM231";

    public static Severity SeverityOf(string code) => code switch
    {
        EmulatedNicOnPv or MacReadsPastEnd or InvalidRate or InvalidNumber or VifNameTooLong or VifNameInvalid
            or DuplicateVifName or DuplicateDevid or DevidOutOfRange => Severity.Error,
        _ => Severity.Warning,
    };

    internal static Diagnostic Create(string code, string message, SourceLocation location)
        => new(code, SeverityOf(code), message, location);
}
