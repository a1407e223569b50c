namespace Vifmap.Diagnostics;

/// <summary>One code of the catalogue: its default severity (the one it has under xl 4.22; a few VM3xx
/// codes are errors in one release and warnings in another), the one-line title of the README's table,
/// and where it is documented.</summary>
/// <param name="Code">The stable code, e.g. <c>VM206</c>.</param>
/// <param name="DefaultSeverity">The severity under xl 4.22.</param>
/// <param name="Title">The README's one-line description.</param>
/// <param name="DocPage">The page under <c>docs/diagnostics/</c> whose table has the code's row.</param>
public sealed record DiagnosticDescriptor(string Code, Severity DefaultSeverity, string Title, string DocPage)
{
    /// <summary>The config codes (lint's) this one says again for a release (plan's): where both are about the
    /// same NIC, the plan keeps the config's finding only.</summary>
    public IReadOnlyList<string> Restates { get; init; } = [];

    /// <summary>The row's anchor, relative to the repository: <c>docs/diagnostics/VM2xx.md#vm206</c>.</summary>
    public string DocAnchor => $"docs/diagnostics/{DocPage}#{Code.ToLowerInvariant()}";
}

/// <summary>Every diagnostic Vifmap reports, one row per code (<see cref="DiagnosticCodes"/> names them).
/// Tests hold it to docs/diagnostics and the README's code table, so a new code is documented or the build's
/// tests fail.</summary>
public static class DiagnosticCatalogue
{
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        new(DiagnosticCodes.SyntaxError, Severity.Error, "syntax error (bison's message, as xl prints it)", "VM1xx.md"),
        new(DiagnosticCodes.LexicalError, Severity.Error, "lexical error: a character no token starts with", "VM1xx.md"),
        new(DiagnosticCodes.CarriageReturn, Severity.Error, "CRLF line ending", "VM1xx.md"),
        new(DiagnosticCodes.UppercaseIdentifier, Severity.Error, "upper-case name or bare word", "VM1xx.md"),
        new(DiagnosticCodes.UnterminatedString, Severity.Error, "unterminated string", "VM1xx.md"),
        new(DiagnosticCodes.CommentWithoutNewline, Severity.Error, "comment on the last line without a newline", "VM1xx.md"),
        new(DiagnosticCodes.HexEscape, Severity.Error, "`\\xHH` escape (libxlutil always rejects it)", "VM1xx.md"),
        new(DiagnosticCodes.OctalEscapeDropped, Severity.Warning, "octal escape: xl silently drops the character", "VM1xx.md"),
        new(DiagnosticCodes.InvalidOctalEscape, Severity.Error, "`\\N` not followed by two more digits", "VM1xx.md"),
        new(DiagnosticCodes.UnknownEscape, Severity.Error, "unknown escape (an error since Xen 4.7)", "VM1xx.md"),
        new(DiagnosticCodes.LooksLikePython, Severity.Warning, "config looks like Python (xm syntax)", "VM1xx.md"),
        new(DiagnosticCodes.AppendTypeMismatch, Severity.Error, "`+=` mixing a list and a single value", "VM1xx.md"),
        new(DiagnosticCodes.IgnoredTrailingCharacter, Severity.Warning, "stray last byte without a newline, dropped by xl", "VM1xx.md"),
        new(DiagnosticCodes.NulInString, Severity.Error, "NUL byte in a string (libxlutil asserts)", "VM1xx.md"),
        new(DiagnosticCodes.AppendToNumber, Severity.Warning, "`+=` on a number joins the texts", "VM1xx.md"),
        new(DiagnosticCodes.NestingTooDeep, Severity.Error, "lists nested too deep for libxlutil's parser stack", "VM1xx.md"),
        new(DiagnosticCodes.ListWhereSingleValueExpected, Severity.Warning, "a list where xl reads a single value (ignored)", "VM1xx.md"),
        new(DiagnosticCodes.SingleValueWhereListExpected, Severity.Warning, "a single value where xl reads a list (ignored)", "VM1xx.md"),
        new(DiagnosticCodes.AppendedNumber, Severity.Warning, "a number written with `+=` (ignored)", "VM1xx.md"),
        new(DiagnosticCodes.NotANumber, Severity.Warning, "not a number as xl's `strtol(…, 0)` reads it", "VM1xx.md"),
        new(DiagnosticCodes.NumberOutOfRange, Severity.Warning, "number out of range", "VM1xx.md"),
        new(DiagnosticCodes.OctalNumber, Severity.Warning, "leading zero: xl reads the number as octal", "VM1xx.md"),
        new(DiagnosticCodes.NestedListItem, Severity.Warning, "nested list in a list of strings: xl stops there", "VM1xx.md"),
        new(DiagnosticCodes.InvalidGuestType, Severity.Error, "invalid `type=` / `builder=`", "VM1xx.md"),
        new(DiagnosticCodes.ContradictingGuestType, Severity.Error, "`type=` and `builder=` contradict each other", "VM1xx.md"),
        new(DiagnosticCodes.AbbreviatedGuestType, Severity.Warning, "guest type matched by prefix (`type=\"h\"` is HVM)", "VM1xx.md"),
        new(DiagnosticCodes.DeprecatedBuilder, Severity.Warning, "`builder=` is deprecated", "VM1xx.md"),
        new(DiagnosticCodes.GuestTypeKeyNotRead, Severity.Warning, "`type=` not read (xl before 4.10, xm): `builder=` decides", "VM1xx.md"),
        new(DiagnosticCodes.InvalidUuid, Severity.Error, "`uuid=` libxl cannot parse: xl exits", "VM1xx.md"),
        new(DiagnosticCodes.MissingDomainName, Severity.Error, "no `name=`: xl 4.2+ exits", "VM1xx.md"),
        new(DiagnosticCodes.NoKernelOrBootloader, Severity.Error, "PV/PVH guest with neither `kernel=` nor `bootloader=`: xl exits", "VM1xx.md"),
        new(DiagnosticCodes.PvFirmwareRefused, Severity.Error, "PV/PVH `firmware=` with `kernel=`, or not pvgrub32/64: xl exits", "VM1xx.md"),
        new(DiagnosticCodes.XmStatementSkipped, Severity.Warning, "xm config: Python outside the evaluated subset skipped", "VM1xx.md"),
        new(DiagnosticCodes.XmCreateStops, Severity.Error, "xm config: Python syntax error or exception, `xm create` stops", "VM1xx.md"),
        new(DiagnosticCodes.XmCommandLineVariable, Severity.Warning, "xm config: name not set in the file (xm command-line variable)", "VM1xx.md"),
        new(DiagnosticCodes.XmSettingUnknown, Severity.Warning, "xm config: `vif`/`builder`/`name`/`device_model` not knowable without the host", "VM1xx.md"),
        new(DiagnosticCodes.XmValueIgnored, Severity.Warning, "xm config: value of a type xm drops (tuple, bool, None…)", "VM1xx.md"),
        new(DiagnosticCodes.UnknownToken, Severity.Warning, "unrecognized vif token (xl ignores it)", "VM2xx.md"),
        new(DiagnosticCodes.SpaceAroundEquals, Severity.Warning, "space around `=`", "VM2xx.md"),
        new(DiagnosticCodes.WhitespaceKept, Severity.Warning, "whitespace xl keeps in a value", "VM2xx.md"),
        new(DiagnosticCodes.DuplicateKey, Severity.Warning, "key given twice in a spec (last wins)", "VM2xx.md"),
        new(DiagnosticCodes.InvalidType, Severity.Warning, "invalid `type=` (ignored, default applies)", "VM2xx.md"),
        new(DiagnosticCodes.EmulatedNicOnPv, Severity.Error, "`type=ioemu` on a PV/PVH guest: creation fails", "VM2xx.md"),
        new(DiagnosticCodes.InvalidMac, Severity.Warning, "MAC xl cannot read fully (partial octets kept)", "VM2xx.md"),
        new(DiagnosticCodes.MacReadsNextToken, Severity.Warning, "short MAC reads the next token's bytes", "VM2xx.md"),
        new(DiagnosticCodes.MacReadsPastEnd, Severity.Error, "short MAC at the end of the spec: undefined", "VM2xx.md"),
        new(DiagnosticCodes.MacTrailingText, Severity.Warning, "text after the sixth MAC octet ignored", "VM2xx.md"),
        new(DiagnosticCodes.MacUnusualForm, Severity.Warning, "MAC in a form only xl accepts", "VM2xx.md"),
        new(DiagnosticCodes.MacAllZero, Severity.Warning, "all-zero MAC means random", "VM2xx.md"),
        new(DiagnosticCodes.MacMulticast, Severity.Warning, "multicast MAC", "VM2xx.md"),
        new(DiagnosticCodes.DuplicateMac, Severity.Warning, "two NICs with one MAC", "VM2xx.md"),
        new(DiagnosticCodes.InvalidRate, Severity.Error, "`rate=` refused: xl exits", "VM2xx.md"),
        new(DiagnosticCodes.RateTrap, Severity.Warning, "`rate=` trap (octal, seconds, rounds to 0)", "VM2xx.md"),
        new(DiagnosticCodes.InvalidNumber, Severity.Error, "`devid=`/`mtu=` not a number: xl exits", "VM2xx.md"),
        new(DiagnosticCodes.NumberTrailingText, Severity.Warning, "text around a devid/mtu number ignored", "VM2xx.md"),
        new(DiagnosticCodes.VifNameTooLong, Severity.Error, "vifname too long (15 bytes; 11 with an `-emu` twin)", "VM2xx.md"),
        new(DiagnosticCodes.VifNameInvalid, Severity.Error, "vifname Linux refuses (or with `%`)", "VM2xx.md"),
        new(DiagnosticCodes.VifNameLooksDefault, Severity.Warning, "vifname shaped like a default name", "VM2xx.md"),
        new(DiagnosticCodes.DuplicateVifName, Severity.Error, "two NICs renamed to one name", "VM2xx.md"),
        new(DiagnosticCodes.DuplicateDevid, Severity.Error, "duplicate devid: creation fails", "VM2xx.md"),
        new(DiagnosticCodes.VifNotAList, Severity.Warning, "`vif` is a string: no NICs at all", "VM2xx.md"),
        new(DiagnosticCodes.NestedList, Severity.Warning, "nested list in `vif`: the rest is dropped", "VM2xx.md"),
        new(DiagnosticCodes.IgnoredKey, Severity.Warning, "`accel`/`netdev` ignored or replaced", "VM2xx.md"),
        new(DiagnosticCodes.ModelWithoutEmulation, Severity.Warning, "`model=` without an emulated NIC", "VM2xx.md"),
        new(DiagnosticCodes.MtuOutOfRange, Severity.Warning, "MTU 0 or outside 68–65535", "VM2xx.md"),
        new(DiagnosticCodes.DevidOutOfRange, Severity.Error, "devid outside a C int", "VM2xx.md"),
        new(DiagnosticCodes.EmptyVifName, Severity.Warning, "empty vifname", "VM2xx.md"),
        new(DiagnosticCodes.NulInSpec, Severity.Warning, "NUL byte in a spec", "VM2xx.md"),
        new(DiagnosticCodes.VifNameBreaksSetMtu, Severity.Error, "vifname makes 4.15+ `set_mtu` write a path xenstored refuses: hotplug fails", "VM2xx.md"),
        new(DiagnosticCodes.NetbackNameTruncated, Severity.Error, "netback name over 14 characters: the kernel cuts it", "VM3xx.md"),
        new(DiagnosticCodes.TapNameTruncated, Severity.Error, "tap name over 15 characters: QEMU cuts it", "VM3xx.md"),
        new(DiagnosticCodes.RenameTooLong, Severity.Error, "hotplug rename to a name over 15 characters", "VM3xx.md") { Restates = [DiagnosticCodes.VifNameTooLong] },
        new(DiagnosticCodes.CustomTapNameTruncated, Severity.Warning, "custom tap name cut by QEMU (4.0/4.1)", "VM3xx.md"),
        new(DiagnosticCodes.NameCollision, Severity.Error, "two interfaces of the domain get one name", "VM3xx.md") { Restates = [DiagnosticCodes.DuplicateVifName, DiagnosticCodes.DuplicateDevid] },
        new(DiagnosticCodes.EmulatedNicOnPvForRelease, Severity.Error, "`type=ioemu` on PV (4.2+) or PVH (4.10+)", "VM3xx.md") { Restates = [DiagnosticCodes.EmulatedNicOnPv] },
        new(DiagnosticCodes.XendTapIndexIsNotDevid, Severity.Warning, "xend tap index differs from the devid", "VM3xx.md"),
        new(DiagnosticCodes.VifNameMisreadAsDefault, Severity.Warning, "vifname looks like a default name", "VM3xx.md") { Restates = [DiagnosticCodes.VifNameLooksDefault] },
        new(DiagnosticCodes.HvmWithoutEmulatedNic, Severity.Warning, "HVM NIC without an emulated NIC", "VM3xx.md"),
        new(DiagnosticCodes.XendIoemuIsEmulatedOnly, Severity.Warning, "xend `type=ioemu`: emulated only, no PV frontend", "VM3xx.md"),
        new(DiagnosticCodes.OldXlVifNameTapOnly, Severity.Warning, "xl 4.0/4.1 ignore vifname for the PV interface", "VM3xx.md"),
        new(DiagnosticCodes.DevidKeyIgnored, Severity.Warning, "`devid=` ignored before 4.9 or with xend", "VM3xx.md"),
        new(DiagnosticCodes.PvhNotAvailable, Severity.Warning, "`type=\"pvh\"` before 4.10 or with xend is PV", "VM3xx.md"),
        new(DiagnosticCodes.NoDeviceModel, Severity.Warning, "`device_model_version=\"none\"`: no emulated NIC", "VM3xx.md"),
        new(DiagnosticCodes.StubDomainIgnored, Severity.Warning, "stub domain that does not apply", "VM3xx.md"),
        new(DiagnosticCodes.StubdomDomidUnused, Severity.Warning, "`--stubdom-domid` without a stub domain", "VM3xx.md"),
        new(DiagnosticCodes.CustomVifNameMtuNode, Severity.Warning, "4.15+ `set_mtu` with a vifname writes a bogus node", "VM3xx.md"),
        new(DiagnosticCodes.XendDuplicateMac, Severity.Error, "xend refuses a MAC used twice", "VM3xx.md") { Restates = [DiagnosticCodes.DuplicateMac] },
        new(DiagnosticCodes.NameFitsOnlySmallDomids, Severity.Warning, "default names fit only up to some domid", "VM3xx.md"),
        new(DiagnosticCodes.DriverDomainBackend, Severity.Warning, "`backend=` puts the netback vif in a driver domain", "VM3xx.md"),
        new(DiagnosticCodes.NoDeviceModelRefused, Severity.Error, "`device_model_version` the chosen xl does not read: xl exits", "VM3xx.md"),
        new(DiagnosticCodes.OldXlStopsAtBareToken, Severity.Warning, "xl 4.0–4.5 stop reading a vif spec at a token without `=`", "VM3xx.md"),
        new(DiagnosticCodes.XmRefusesVifSpec, Severity.Error, "xm refuses a vif spec piece: `xm create` fails", "VM3xx.md"),
        new(DiagnosticCodes.IgnoredTypeLeavesPvWithoutKernel, Severity.Error, "xl 4.1–4.9: `type=` ignored, PV without kernel: xl exits", "VM3xx.md"),
        new(DiagnosticCodes.NotUtf8, Severity.Warning, "xenstore value is not UTF-8", "VM4xx.md"),
        new(DiagnosticCodes.BadState, Severity.Warning, "`state` is not a XenbusState", "VM4xx.md"),
        new(DiagnosticCodes.NotAnId, Severity.Warning, "non-numeric id under a domain or vif directory", "VM4xx.md"),
        new(DiagnosticCodes.BadDomainReference, Severity.Warning, "stub-domain link names no existing domain", "VM4xx.md"),
        new(DiagnosticCodes.RenamePending, Severity.Warning, "vifname set but interface still has its default name", "VM4xx.md"),
        new(DiagnosticCodes.NameClash, Severity.Warning, "two NICs expect one interface name", "VM4xx.md"),
        new(DiagnosticCodes.BadLinkJson, Severity.Error, "`--links` file is not `ip -j -s -d link show` output", "VM4xx.md"),
        new(DiagnosticCodes.BadSnapshot, Severity.Error, "`--snapshot` file unusable or malformed entry", "VM4xx.md"),
        new(DiagnosticCodes.Unreadable, Severity.Warning, "the daemon refused a read (treated as absent)", "VM4xx.md"),
        new(DiagnosticCodes.Inconsistent, Severity.Warning, "xenstore kept changing: map read outside a transaction", "VM4xx.md"),
        new(DiagnosticCodes.UnrecognisedLine, Severity.Warning, "dump line that is not `xenstore-ls -f` output", "vm49x-xenstore-dump.md"),
        new(DiagnosticCodes.TruncatedValue, Severity.Warning, "value cut by `xenstore-ls` on a terminal", "vm49x-xenstore-dump.md"),
        new(DiagnosticCodes.UnexpectedEscape, Severity.Warning, "escape `xenstore-ls` never prints", "vm49x-xenstore-dump.md"),
        new(DiagnosticCodes.DuplicatePath, Severity.Warning, "same path twice in a dump", "vm49x-xenstore-dump.md"),
        new(DiagnosticCodes.InvalidPath, Severity.Warning, "not an absolute xenstore path", "vm49x-xenstore-dump.md"),
        new(DiagnosticCodes.TooManyProblems, Severity.Warning, "too many unusable lines; the rest are skipped", "vm49x-xenstore-dump.md"),
        new(DiagnosticCodes.BackendNotConnected, Severity.Error, "backend not connected while the frontend is, or hotplug failed (`check`)", "VM5xx.md"),
        new(DiagnosticCodes.InterfaceMissing, Severity.Error, "an expected interface is missing from the kernel (`check`)", "VM5xx.md"),
        new(DiagnosticCodes.WrongBridge, Severity.Warning, "interface in another bridge than xenstore's `bridge`, or none (`check`)", "VM5xx.md"),
        new(DiagnosticCodes.ActivePathDown, Severity.Warning, "the active path's interface is down (`check`)", "VM5xx.md"),
        new(DiagnosticCodes.MtuMismatch, Severity.Warning, "interface MTU differs from the backend's `mtu` (`check`)", "VM5xx.md"),
        new(DiagnosticCodes.OrphanInterface, Severity.Warning, "guest-like interface that no NIC claims (`check`)", "VM5xx.md"),
    ];

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byCode = All.ToDictionary(d => d.Code, StringComparer.Ordinal);

    /// <summary>The catalogue row of <paramref name="code"/>.</summary>
    /// <exception cref="KeyNotFoundException">The code is not in the catalogue (a bug: every code is).</exception>
    public static DiagnosticDescriptor Describe(string code) => s_byCode[code];

    public static Severity DefaultSeverity(string code) => Describe(code).DefaultSeverity;

    /// <summary>A finding with the code's default severity (for codes whose severity never changes).</summary>
    public static Diagnostic Create(string code, string message, SourceLocation location)
        => new(code, DefaultSeverity(code), message, location);
}
