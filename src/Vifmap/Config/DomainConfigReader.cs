using System.Globalization;
using System.Text;
using Vifmap.Diagnostics;
using Vifmap.Naming;
using Vifmap.Vif;

namespace Vifmap.Config;

/// <summary>Turns a parsed xl.cfg into what it says about networking (<see cref="DomainConfig"/>), reading
/// it the way xl 4.22's <c>parse_config_data</c> does: guest type from <c>type=</c>/<c>builder=</c>, the
/// stub-domain switch, and the <c>vif</c> list item by item (<c>xlu_cfg_get_list</c> then
/// <c>xlu_cfg_get_listitem</c> until the first non-string), each spec through <see cref="VifSpecParser"/>,
/// then the checks across NICs (<see cref="NicListChecks"/>). Every finding, syntax included, ends up in
/// <see cref="DomainConfig.Diagnostics"/>.</summary>
public static class DomainConfigReader
{
    /// <param name="document">The parsed file.</param>
    /// <param name="sourceText">The file's text, when available: findings inside a vif spec then point at
    /// the exact column even when the string has escapes; without it they point at the string's start.</param>
    /// <param name="release">The toolstack and release to judge for (default xl 4.22): findings that do not
    /// hold there are not reported.</param>
    public static DomainConfig Read(XlConfigDocument document, string? sourceText = null, ToolstackRelease? release = null)
        => ReadCore(document, sourceText is null ? null : Encoding.UTF8.GetBytes(sourceText), release ?? ToolstackRelease.Default);

    /// <summary>Parses <paramref name="utf8"/> (an xl.cfg's bytes, as xl reads them) and reads it as
    /// <paramref name="release"/> does (default xl 4.22). For xend the file is Python, as xm ran it
    /// (<see cref="Xm.XmConfigParser"/>); xl of any release reads it with libxlutil's grammar.</summary>
    /// <exception cref="ArgumentException">The toolstack did not exist at that release.</exception>
    public static DomainConfig Read(string source, byte[] utf8, ToolstackRelease? release = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(utf8);
        ToolstackRelease judged = release ?? ToolstackRelease.Default;
        XlConfigDocument document = judged.IsXl ? XlConfigParser.Parse(source, utf8) : Xm.XmConfigParser.Parse(source, utf8);
        return ReadCore(document, utf8, judged);
    }

    private static DomainConfig ReadCore(XlConfigDocument document, byte[]? sourceUtf8, ToolstackRelease release)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!release.Exists)
        {
            throw new ArgumentException($"{release.Toolstack} does not exist in Xen {release.Xen}", nameof(release));
        }

        var reader = new XlConfigReader(document);
        GuestType guestType = reader.GetGuestType(release);
        string? name = reader.GetString("name", out string? n) == XlReadStatus.Ok ? n : null;
        string? deviceModelVersion = reader.GetString("device_model_version", out string? dm) == XlReadStatus.Ok ? dm : null;
        string? deviceModel = reader.GetString("device_model", out string? path, dontWarn: true) == XlReadStatus.Ok ? path : null;

        // xlu_cfg_get_defbool reads a long: any non-zero value is true.
        bool stubDomain = reader.GetLong("device_model_stubdomain_override", out long stub) == XlReadStatus.Ok && stub != 0;

        var vifFindings = new List<Diagnostic>();
        if (release.IsXl)
        {
            CheckNameAndBoot(document, reader, name is not null, guestType, release, vifFindings);
        }

        if (release.IsXl && reader.GetString("uuid", out string? uuid) == XlReadStatus.Ok && !IsUuid(uuid!))
        {
            vifFindings.Add(DiagnosticCatalogue.Create(DiagnosticCodes.InvalidUuid,
                $"uuid=\"{uuid}\" is not a UUID libxl can parse (36 characters: 8-4-4-4-12 hex digits with dashes): xl prints \"Failed to parse UUID: {uuid}\" and exits, creating nothing",
                document.Get("uuid")!.Value.Location));
        }

        var context = new NicReading(guestType, deviceModelVersion, release);
        List<NicSpec> nics = ReadNics(document, context, sourceUtf8, vifFindings);
        vifFindings.AddRange(NicListChecks.Check(nics, guestType, stubDomain && guestType == GuestType.Hvm, release));

        return new DomainConfig
        {
            Name = name,
            Type = guestType,
            Nics = nics,
            StubDomain = stubDomain,
            DeviceModelVersion = deviceModelVersion,
            DeviceModel = deviceModel,
            Release = release,
            Diagnostics = [.. document.Diagnostics, .. reader.Diagnostics, .. vifFindings],
        };
    }

    /// <summary>What reading one vif spec needs besides its text.</summary>
    private readonly record struct NicReading(GuestType GuestType, string? DeviceModelVersion, ToolstackRelease Release)
    {
        /// <summary>VM206 (<c>type=ioemu</c> on a PV guest) holds where the release, reading the spec its own way,
        /// still asks for an emulated NIC on a guest without one: libxl 4.2+, not xl ≤4.1 or xend.</summary>
        public bool RefusesEmulatedNic(NicSpec nic)
        {
            NamingEra era = Release.Era;
            NicSpec read = ReleaseVifReading.Read(nic, GuestType, Release, new List<Diagnostic>());
            GuestType type = NicTypeRules.EffectiveGuestType(GuestType, era, Release.Xen);
            return NicTypeRules.Resolve(era, Release.Xen, type, NicTypeRules.RawType(read), DeviceModelVersion).Note
                == NicTypeNote.EmulatedOnPvFails;
        }
    }

    private static List<NicSpec> ReadNics(XlConfigDocument document, NicReading context, byte[]? sourceUtf8, List<Diagnostic> findings)
    {
        GuestType guestType = context.GuestType;
        var nics = new List<NicSpec>();
        var reader = new XlConfigReader(document);

        // dontWarn: the generic "should be a list" warning is replaced by one that says what xl does with vif.
        XlReadStatus status = reader.GetList("vif", out ConfigList? list, dontWarn: true);
        if (status == XlReadStatus.WrongType)
        {
            findings.Add(DiagnosticCatalogue.Create(DiagnosticCodes.VifNotAList,
                "`vif' is a single value, not a list: xl prints \"parameter `vif' is a single value but should be a list\" and the guest gets no network interface at all; write vif = [ '...' ]",
                document.Get("vif")!.Value.Location));
            return nics;
        }

        if (status != XlReadStatus.Ok)
        {
            return nics;
        }

        var lines = new LineFinder(sourceUtf8);
        for (int i = 0; i < list!.Items.Count; i++)
        {
            string? spec = XlConfigReader.GetListItem(list, i);
            ConfigValue item = list.Items[i];
            if (spec is null)
            {
                int dropped = list.Items.Count - i;
                findings.Add(DiagnosticCatalogue.Create(DiagnosticCodes.NestedList, string.Create(CultureInfo.InvariantCulture,
                    $"element {i + 1} of `vif' is a list: xl stops reading `vif' there, so this element and the {dropped - 1} after it create no NIC (the guest gets {i})"),
                    item.Location));
                break;
            }

            SpecSourceMap map = item switch
            {
                ConfigNumber => SpecSourceMap.Contiguous(item.Location),
                _ when lines.TryFind(item.Location.Line, out ReadOnlySpan<byte> line) => SpecSourceMap.FromLiteral(item.Location, line, spec),
                _ => SpecSourceMap.AtStart(item.Location),
            };
            VifSpecParse parsed = VifSpecParser.Parse(spec, i, guestType, map, context.Release);
            nics.Add(parsed.Nic);
            foreach (Diagnostic d in parsed.Diagnostics)
            {
                // Asked only of a NIC that has the finding: re-reading a spec as the release does is not free.
                if (d.Code != DiagnosticCodes.EmulatedNicOnPv || context.RefusesEmulatedNic(parsed.Nic))
                {
                    findings.Add(d);
                }
            }
        }

        return nics;
    }

    /// <summary>Two exits of xl's <c>parse_config_data</c> that every domain can reach: no name (4.2+), and a PV guest (PVH
    /// too from 4.10) with nothing to boot (4.1+), after the 4.10+ <c>firmware=</c> checks (RELEASE-4.17.0
    /// <c>tools/xl/xl_parse.c:1315-1318, 1856-1882</c>). A list where a string belongs counts as absent, as
    /// <c>xlu_cfg_replace_string</c> leaves the field unset. Not after a syntax error: xl stops there.</summary>
    private static void CheckNameAndBoot(
        XlConfigDocument document, XlConfigReader reader, bool named, GuestType guestType, ToolstackRelease release, List<Diagnostic> findings)
    {
        if (document.Diagnostics.Any(d => d.Severity == Severity.Error))
        {
            // xl refuses a file with a syntax error before it reads any setting ("Failed to parse config").
            return;
        }

        SourceLocation top = new(document.Source, 1, 1);
        if (release.Xen >= XenReleases.DomainNameRequiredFrom && !named)
        {
            findings.Add(DiagnosticCatalogue.Create(DiagnosticCodes.MissingDomainName,
                $"{(document.Get("name") is not null ? "name= is a list, not a string" : "no name=")}: {release} prints \"Domain name must be specified.\" and exits, creating nothing",
                document.Get("name")?.Value.Location ?? top));
        }

        bool bootsLikePv = guestType == GuestType.Pv || (guestType == GuestType.Pvh && release.Xen >= XenReleases.PvFirmwareFrom);
        if (!bootsLikePv || release.Xen < XenReleases.PvKernelRequiredFrom
            || reader.Diagnostics.Any(d => d.Code == DiagnosticCodes.IgnoredTypeLeavesPvWithoutKernel))
        {
            return;
        }

        bool kernel = reader.GetString("kernel", out _, dontWarn: true) == XlReadStatus.Ok;
        bool bootloader = reader.GetString("bootloader", out _, dontWarn: true) == XlReadStatus.Ok;
        string type = guestType == GuestType.Pvh ? "PVH" : "PV";
        if (release.Xen >= XenReleases.PvFirmwareFrom && reader.GetString("firmware", out string? firmware, dontWarn: true) == XlReadStatus.Ok)
        {
            // xl compares strlen(firmware) characters: "pvgrub" and "" pass as prefixes of pvgrub32.
            SourceLocation at = document.Get("firmware")!.Value.Location;
            if (kernel)
            {
                findings.Add(DiagnosticCatalogue.Create(DiagnosticCodes.PvFirmwareRefused,
                    $"firmware= and kernel= on a {type} guest: {release} prints \"ERROR: both kernel and firmware specified\" and exits, creating nothing",
                    at));
                return;
            }

            if (!"pvgrub32".StartsWith(firmware!, StringComparison.Ordinal) && !"pvgrub64".StartsWith(firmware!, StringComparison.Ordinal))
            {
                findings.Add(DiagnosticCatalogue.Create(DiagnosticCodes.PvFirmwareRefused,
                    $"firmware=\"{firmware}\" on a {type} guest: {release} prints \"ERROR: only pvgrub{{32|64}} supported as firmware options\" and exits, creating nothing",
                    at));
                return;
            }

            kernel = true;
        }

        if (!kernel && !bootloader)
        {
            findings.Add(DiagnosticCatalogue.Create(DiagnosticCodes.NoKernelOrBootloader,
                $"a {type} guest with neither kernel= nor bootloader={(release.Xen >= XenReleases.PvFirmwareFrom ? " (nor firmware=\"pvgrub64\")" : string.Empty)}: {release} prints \"Neither kernel nor bootloader specified\" and exits, creating nothing",
                document.Get("type")?.Value.Location ?? document.Get("builder")?.Value.Location ?? top));
        }
    }

    /// <summary>libuuid's <c>uuid_parse</c>, which libxl_uuid_from_string calls on Linux
    /// (RELEASE-4.17.0 tools/libs/light/libxl_uuid.c:31-34): exactly 36 characters, dashes at
    /// offsets 8, 13, 18 and 23, hex digits (either case) everywhere else.</summary>
    private static bool IsUuid(string text)
    {
        if (text.Length != 36)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            bool dash = i is 8 or 13 or 18 or 23;
            if (dash ? text[i] != '-' : !char.IsAsciiHexDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The source's lines by number, found by scanning forward from the last one asked for: a
    /// config's vif items come in line order, so the file is scanned once, and only up to its last vif
    /// line (issue 15: splitting every file into lines was garbage for each of 10,000 files).</summary>
    private ref struct LineFinder(byte[]? text)
    {
        private int _line = 1;
        private int _start;

        /// <summary>Line <paramref name="number"/> (1-based), without its newline; false when there is no
        /// such line or no source.</summary>
        public bool TryFind(int number, out ReadOnlySpan<byte> line)
        {
            line = default;
            if (text is null || number < 1)
            {
                return false;
            }

            if (number < _line)
            {
                _line = 1;
                _start = 0;
            }

            while (_line < number)
            {
                int length = text.AsSpan(_start).IndexOf((byte)'\n');
                if (length < 0)
                {
                    return false;
                }

                _start += length + 1;
                _line++;
            }

            int end = text.AsSpan(_start).IndexOf((byte)'\n');
            line = text.AsSpan(_start, end < 0 ? text.Length - _start : end);
            return true;
        }
    }
}
