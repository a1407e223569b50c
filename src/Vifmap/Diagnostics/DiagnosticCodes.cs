namespace Vifmap.Diagnostics;

/// <summary>Every finding's stable code, in one place (VM1xx xl.cfg syntax and reading, VM2xx vif specs and
/// the NIC list, VM3xx naming per release, VM4xx host map, VM49x <c>xenstore-ls -f</c> dumps). Severity, title
/// and documentation of each are in <see cref="DiagnosticCatalogue"/>. A retired code is never reused.</summary>
public static class DiagnosticCodes
{
    /// <summary>Syntax error: a token the grammar does not allow here (bison's message).</summary>
    public const string SyntaxError = "VM100";

    /// <summary>Lexical error: a character no token can start with.</summary>
    public const string LexicalError = "VM101";

    /// <summary>A carriage return before a newline (CRLF file): a lexical error on every such line.</summary>
    public const string CarriageReturn = "VM102";

    /// <summary>An upper-case letter starts a word: names are <c>[a-z][._0-9a-z]*</c>.</summary>
    public const string UppercaseIdentifier = "VM103";

    /// <summary>A quote with no closing quote on the same line.</summary>
    public const string UnterminatedString = "VM104";

    /// <summary>A comment on the last line without a newline after it.</summary>
    public const string CommentWithoutNewline = "VM105";

    /// <summary><c>\xHH</c> in a quoted string: libxlutil always rejects it (off-by-one bug).</summary>
    public const string HexEscape = "VM106";

    /// <summary><c>\NNN</c> in a quoted string: accepted, and the character silently dropped.</summary>
    public const string OctalEscapeDropped = "VM107";

    /// <summary><c>\N</c> not followed by two more decimal digits: rejected.</summary>
    public const string InvalidOctalEscape = "VM108";

    /// <summary>A backslash followed by a character xl does not know (an error since 4.7).</summary>
    public const string UnknownEscape = "VM109";

    /// <summary>The file looks like Python (xm syntax): xl's own three-line warning.</summary>
    public const string LooksLikePython = "VM110";

    /// <summary><c>+=</c> of a list to a string or of a string to a list.</summary>
    public const string AppendTypeMismatch = "VM111";

    /// <summary>A stray last character with no newline after it, which xl silently ignores.</summary>
    public const string IgnoredTrailingCharacter = "VM112";

    /// <summary>A NUL byte inside a quoted string: libxlutil hits an assertion (or misreads the string).</summary>
    public const string NulInString = "VM113";

    /// <summary><c>+=</c> with a number: the texts are concatenated (1024 += 5 is "10245").</summary>
    public const string AppendToNumber = "VM114";

    /// <summary>Lists nested so deep that libxlutil's parser stack (10000 entries) runs out.</summary>
    public const string NestingTooDeep = "VM115";

    /// <summary>Reader: a list was found where xl reads a single value.</summary>
    public const string ListWhereSingleValueExpected = "VM120";

    /// <summary>Reader: a single value was found where xl reads a list (xl then ignores the key).</summary>
    public const string SingleValueWhereListExpected = "VM121";

    /// <summary>Reader: xl refuses to read a number from a setting written with <c>+=</c>.</summary>
    public const string AppendedNumber = "VM122";

    /// <summary>Reader: the value is not a number as C's <c>strtol(s, &amp;end, 0)</c> reads it.</summary>
    public const string NotANumber = "VM123";

    /// <summary>Reader: the number does not fit in a 64-bit long, or lies outside the key's bounds.</summary>
    public const string NumberOutOfRange = "VM124";

    /// <summary>Reader: a leading zero makes xl read the number as octal (<c>010</c> is 8).</summary>
    public const string OctalNumber = "VM125";

    /// <summary>Reader: a nested list inside a list of strings; xl stops reading the list there.</summary>
    public const string NestedListItem = "VM126";

    /// <summary>Guest type: <c>type=</c> or <c>builder=</c> has a value xl refuses ("Invalid domain type").</summary>
    public const string InvalidGuestType = "VM130";

    /// <summary>Guest type: <c>type=</c> and <c>builder=</c> disagree ("Contradicting ... options").</summary>
    public const string ContradictingGuestType = "VM131";

    /// <summary>Guest type: an abbreviated or empty value xl accepts by prefix (<c>type=""</c> is HVM).</summary>
    public const string AbbreviatedGuestType = "VM132";

    /// <summary>Guest type: <c>builder=</c> is deprecated since Xen 4.10 in favour of <c>type=</c>.</summary>
    public const string DeprecatedBuilder = "VM133";

    /// <summary>Guest type: <c>type=</c> is not read by the release (xl before 4.10, xm): <c>builder=</c> decides.</summary>
    public const string GuestTypeKeyNotRead = "VM134";

    /// <summary><c>uuid=</c> that libxl_uuid_from_string (libuuid's uuid_parse) cannot parse: xl exits "Failed to parse UUID".</summary>
    public const string InvalidUuid = "VM135";

    /// <summary>xl 4.2+: no <c>name=</c>, or one that is a list: xl exits "Domain name must be specified.".</summary>
    public const string MissingDomainName = "VM136";

    /// <summary>xl 4.1+: a PV guest (PVH too from 4.10) with neither <c>kernel=</c> nor <c>bootloader=</c> (nor a
    /// <c>firmware=</c> pvgrub, 4.10+): xl exits "Neither kernel nor bootloader specified".</summary>
    public const string NoKernelOrBootloader = "VM137";

    /// <summary>xl 4.10+: a PV or PVH guest's <c>firmware=</c> next to <c>kernel=</c>, or not pvgrub32/pvgrub64: xl exits.</summary>
    public const string PvFirmwareRefused = "VM138";

    /// <summary>xm config (Python): a statement or expression outside the subset vifmap evaluates was skipped; what it
    /// assigns is unknown.</summary>
    public const string XmStatementSkipped = "VM140";

    /// <summary>xm config (Python): a Python syntax error, or an exception on known values; <c>xm create</c> stops.</summary>
    public const string XmCreateStops = "VM141";

    /// <summary>xm config (Python): a name used but never set in the file, a variable of xm's command line.</summary>
    public const string XmCommandLineVariable = "VM142";

    /// <summary>xm config (Python): a setting xm reads (vif, builder, name, device_model) depends on what only the dom0
    /// host or xm's command line knows.</summary>
    public const string XmSettingUnknown = "VM143";

    /// <summary>xm config (Python): a setting whose type xm drops (tuple, bool, None, dict, long, unicode).</summary>
    public const string XmValueIgnored = "VM144";

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

    /// <summary>4.15+ <c>set_mtu</c> derives a xenstore path from the vifname that xenstored refuses: the hotplug script fails.</summary>
    public const string VifNameBreaksSetMtu = "VM232";

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
    public const string EmulatedNicOnPvForRelease = "VM306";

    /// <summary>xend numbers taps by emulated-NIC position, not devid (§3.3, §7.11).</summary>
    public const string XendTapIndexIsNotDevid = "VM307";

    /// <summary>A vifname that looks like a default name or another role's name (§7.10).</summary>
    public const string VifNameMisreadAsDefault = "VM308";

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

    /// <summary>A NIC whose backend is a driver domain: its vif is not in dom0, its tap hotplug reads dom0's path (§7.21).</summary>
    public const string DriverDomainBackend = "VM320";

    /// <summary><c>device_model_version="none"</c> outside 4.7–4.9: xl exits with "Unknown device_model_version".</summary>
    public const string NoDeviceModelRefused = "VM321";

    /// <summary>xl 4.0–4.5 stop reading a vif spec at its first token without <c>=</c>; the keys after it are lost (§2.2, §7.1).</summary>
    public const string OldXlStopsAtBareToken = "VM322";

    /// <summary>xm (xend) refuses a vif spec piece without <c>=</c> or with a key outside its list: <c>xm create</c> fails (§2.3).</summary>
    public const string XmRefusesVifSpec = "VM323";

    /// <summary>xl 4.1–4.9 build a guest whose <c>type=</c> they do not read as PV; with neither <c>kernel=</c>
    /// nor <c>bootloader=</c> they exit with "Neither kernel nor bootloader specified" (issue 10 §1).</summary>
    public const string IgnoredTypeLeavesPvWithoutKernel = "VM324";

    /// <summary>A xenstore value is not UTF-8.</summary>
    public const string NotUtf8 = "VM401";

    /// <summary>A <c>state</c> node is not a XenbusState number.</summary>
    public const string BadState = "VM402";

    /// <summary>A child of <c>/local/domain</c>, <c>backend/vif</c> or <c>device/vif</c> is not an id.</summary>
    public const string NotAnId = "VM403";

    /// <summary><c>target</c> or <c>image/device-model-domid</c> names no existing domain.</summary>
    public const string BadDomainReference = "VM404";

    /// <summary>The configured vifname is absent but the default name exists: rename pending or failed.</summary>
    public const string RenamePending = "VM405";

    /// <summary>Two NICs expect the same interface name.</summary>
    public const string NameClash = "VM406";

    /// <summary>The <c>ip -j link</c> input is malformed or has unexpected values.</summary>
    public const string BadLinkJson = "VM407";

    /// <summary>The snapshot file is malformed or of an unknown version.</summary>
    public const string BadSnapshot = "VM408";

    /// <summary>The daemon refused to read a node (EACCES, ...): the node is treated as absent.
    /// (VM490–VM495 belong to the <c>xenstore-ls -f</c> dump reader in XenStore/Dump.)</summary>
    public const string Unreadable = "VM409";

    /// <summary>Every consistent (transactional) read conflicted with writes; the map was read without one.</summary>
    public const string Inconsistent = "VM410";

    /// <summary>A line that is neither <c>path = "value"</c> nor <c>path:</c>; skipped.</summary>
    public const string UnrecognisedLine = "VM490";

    /// <summary>A value cut by <c>xenstore-ls</c> (<c>\...</c> at the end): only a prefix is known.</summary>
    public const string TruncatedValue = "VM491";

    /// <summary>An escape <c>xenstore-ls</c> never prints; decoded as its <c>unsanitise_value</c> would.</summary>
    public const string UnexpectedEscape = "VM492";

    /// <summary>The same path twice; the first line wins.</summary>
    public const string DuplicatePath = "VM493";

    /// <summary>A path that is not an absolute xenstore path; the line is skipped.</summary>
    public const string InvalidPath = "VM494";

    /// <summary>Too many unrecognised lines; the rest are not reported one by one.</summary>
    public const string TooManyProblems = "VM495";


    /// <summary>Host health (`check`): backend not connected while the frontend is, or hotplug failed.</summary>
    public const string BackendNotConnected = "VM501";

    /// <summary>Host health (`check`): an expected interface is missing from the kernel.</summary>
    public const string InterfaceMissing = "VM502";

    /// <summary>Host health (`check`): interface in another bridge than xenstore's bridge, or none.</summary>
    public const string WrongBridge = "VM503";

    /// <summary>Host health (`check`): the active path's interface is down.</summary>
    public const string ActivePathDown = "VM504";

    /// <summary>Host health (`check`): interface MTU differs from the backend's mtu.</summary>
    public const string MtuMismatch = "VM505";

    /// <summary>Host health (`check`): guest-like interface that no NIC claims.</summary>
    public const string OrphanInterface = "VM506";
}
