using System.Globalization;
using Vifmap.Diagnostics;
using Vifmap.Naming;

namespace Vifmap.Config;

/// <summary>Reads settings out of a parsed xl.cfg the way xl does (libxlu_cfg.c getters, 4.13–4.22),
/// with xl's warnings as diagnostics: a list read as a single value or the reverse, <c>+=</c> on
/// numbers, numbers read with base 0 (<c>010</c> is 8, <c>0x10</c> is 16). Also decides the guest
/// type from <c>type=</c> and the older <c>builder=</c> as xl 4.22's parse_config_data does.</summary>
/// <remarks>Warnings point at the value, whose line is the one xl prints. Not thread-safe.</remarks>
public sealed class XlConfigReader
{
    private readonly DiagnosticBag _diagnostics = new();

    public XlConfigReader(XlConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Document = document;
    }

    public XlConfigDocument Document { get; }

    /// <summary>The warnings and errors found by the reads made so far, in order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics.Items;

    /// <summary><c>xlu_cfg_get_string</c>: a STRING or NUMBER setting as text.</summary>
    public XlReadStatus GetString(string name, out string? value, bool dontWarn = false)
    {
        value = null;
        XlReadStatus status = FindAtom(name, dontWarn, out ConfigSetting? setting);
        if (status == XlReadStatus.Ok)
        {
            value = AtomText(setting!.Value);
        }

        return status;
    }

    /// <summary><c>xlu_cfg_get_long</c>: <see cref="GetBoundedLong"/> over the whole range of long.</summary>
    public XlReadStatus GetLong(string name, out long value, bool dontWarn = false)
        => GetBoundedLong(name, long.MinValue, long.MaxValue, out value, dontWarn);

    /// <summary><c>xlu_cfg_get_bounded_long</c>: the text read by <c>strtol(.., 0)</c>, which must be
    /// used up entirely; refused when the setting was written with <c>+=</c>.</summary>
    public XlReadStatus GetBoundedLong(string name, long min, long max, out long value, bool dontWarn = false)
    {
        value = 0;
        XlReadStatus status = FindAtom(name, dontWarn, out ConfigSetting? setting);
        if (status != XlReadStatus.Ok)
        {
            return status;
        }

        SourceLocation at = setting!.Value.Location;
        if (setting.IsAppend)
        {
            Warn(dontWarn, DiagnosticCodes.AppendedNumber,
                $"can't use += with numbers for parameter `{name}' (xl ignores the setting)", at);
            return XlReadStatus.WrongType;
        }

        string text = AtomText(setting.Value);
        if (!XlNumber.TryParseBase0(text, out long parsed, out int consumed))
        {
            Warn(dontWarn, DiagnosticCodes.NumberOutOfRange,
                $"parameter `{name}' could not be parsed as a number: Numerical result out of range", at);
            return XlReadStatus.OutOfRange;
        }

        if (consumed == 0 || consumed != text.Length)
        {
            Warn(dontWarn, DiagnosticCodes.NotANumber,
                $"parameter `{name}' is not a valid number (\"{text}\"; xl reads numbers with strtol base 0)", at);
            return XlReadStatus.WrongType;
        }

        if (parsed < min)
        {
            Warn(dontWarn, DiagnosticCodes.NumberOutOfRange,
                $"value `{parsed.ToString(CultureInfo.InvariantCulture)}' is smaller than minimum bound '{min.ToString(CultureInfo.InvariantCulture)}'", at);
            return XlReadStatus.WrongType;
        }

        if (parsed > max)
        {
            Warn(dontWarn, DiagnosticCodes.NumberOutOfRange,
                $"value `{parsed.ToString(CultureInfo.InvariantCulture)}' is greater than maximum bound '{max.ToString(CultureInfo.InvariantCulture)}'", at);
            return XlReadStatus.WrongType;
        }

        if (IsOctal(text) && !dontWarn)
        {
            _diagnostics.Warning(DiagnosticCodes.OctalNumber,
                $"`{name} = {text}' has a leading zero, so xl reads it as octal: {parsed.ToString(CultureInfo.InvariantCulture)}", at);
        }

        value = parsed;
        return XlReadStatus.Ok;
    }

    /// <summary><c>xlu_cfg_get_list</c>: a list setting. A single value is refused (xl then
    /// ignores the key: <c>vif='...'</c> gives a guest no NICs, reference §1.3).</summary>
    public XlReadStatus GetList(string name, out ConfigList? list, bool dontWarn = false)
    {
        list = null;
        ConfigSetting? setting = Document.Get(name);
        if (setting is null)
        {
            return XlReadStatus.NotFound;
        }

        if (setting.Value is not ConfigList found)
        {
            Warn(dontWarn, DiagnosticCodes.SingleValueWhereListExpected,
                $"parameter `{name}' is a single value but should be a list (xl ignores it)", setting.Value.Location);
            return XlReadStatus.WrongType;
        }

        list = found;
        return XlReadStatus.Ok;
    }

    /// <summary><c>xlu_cfg_get_listitem</c>: the text of element <paramref name="index"/>, or null
    /// when out of range or a nested list. xl's loops stop at the first null, so a nested list
    /// silently ends a vif or disk list.</summary>
    public static string? GetListItem(ConfigList list, int index)
    {
        ArgumentNullException.ThrowIfNull(list);
        return index < 0 || index >= list.Items.Count ? null : list.Items[index] switch
        {
            ConfigString s => s.Value,
            ConfigNumber n => n.Text,
            _ => null,
        };
    }

    /// <summary>The items xl's <c>while ((buf = xlu_cfg_get_listitem(list, n)) != NULL)</c> loop
    /// sees, with a warning (<see cref="DiagnosticCodes.NestedListItem"/>) when a nested
    /// list cuts the list short.</summary>
    public IReadOnlyList<string> GetStringItems(string name, ConfigList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var items = new List<string>(list.Items.Count);
        for (int i = 0; i < list.Items.Count; i++)
        {
            string? item = GetListItem(list, i);
            if (item is null)
            {
                int dropped = list.Items.Count - i;
                _diagnostics.Warning(DiagnosticCodes.NestedListItem,
                    $"element {i + 1} of `{name}' is a list: xl stops reading `{name}' there and ignores {dropped} element{(dropped == 1 ? string.Empty : "s")}",
                    list.Items[i].Location);
                break;
            }

            items.Add(item);
        }

        return items;
    }

    /// <summary>The guest type as xl 4.22 decides it (tools/xl/xl_parse.c): <c>type=</c> is compared
    /// by prefix (<c>strncmp(value, "hvm", strlen(value))</c>, so "" and "h" mean hvm and "p" means
    /// pv) against hvm, pv, pvh in that order; the deprecated <c>builder=</c> likewise against hvm
    /// and generic (pv); both given and different, or a value matching nothing, make xl exit.
    /// Without either the type is PV (x86; ARM would default to PVH).</summary>
    /// <returns>The type; <see cref="GuestType.Pv"/> when xl would refuse the config
    /// (an error diagnostic says why).</returns>
    public GuestType GetGuestType() => GetGuestType(ToolstackRelease.Default);

    /// <summary>As <see cref="GetGuestType()"/>; <c>builder=</c> is called deprecated only for releases that
    /// read <c>type=</c> (xl 4.10+: before, <c>builder=</c> is the way).</summary>
    public GuestType GetGuestType(ToolstackRelease release)
    {
        if (!release.ReadsGuestTypeKey)
        {
            return GetGuestTypeFromBuilderOnly(release);
        }

        GuestType? fromType = null;
        if (GetString("type", out string? type) == XlReadStatus.Ok)
        {
            fromType = MatchPrefix(type!, ("hvm", GuestType.Hvm), ("pv", GuestType.Pv), ("pvh", GuestType.Pvh));
            SourceLocation at = Document.Get("type")!.Value.Location;
            if (fromType is null)
            {
                _diagnostics.Error(DiagnosticCodes.InvalidGuestType,
                    $"Invalid domain type {type}. (type= takes \"pv\", \"pvh\" or \"hvm\"; xl exits)", at);
                return GuestType.Pv;
            }

            WarnAbbreviation("type", type!, fromType.Value, at);
        }

        if (GetString("builder", out string? builder) == XlReadStatus.Ok)
        {
            SourceLocation at = Document.Get("builder")!.Value.Location;
            GuestType? fromBuilder = MatchPrefix(builder!, ("hvm", GuestType.Hvm), ("generic", GuestType.Pv));
            if (fromBuilder is null)
            {
                _diagnostics.Error(DiagnosticCodes.InvalidGuestType,
                    $"Invalid domain type {builder}. (builder= takes \"generic\" or \"hvm\"; xl exits)", at);
                return GuestType.Pv;
            }

            if (fromType is not null && fromType != fromBuilder)
            {
                _diagnostics.Error(DiagnosticCodes.ContradictingGuestType,
                    $"Contradicting \"builder\" and \"type\" options specified. (builder=\"{builder}\" means {Describe(fromBuilder.Value)}, type=\"{type}\" means {Describe(fromType.Value)}; xl exits)", at);
                return GuestType.Pv;
            }

            WarnAbbreviation("builder", builder!, fromBuilder.Value, at);
            if (release.Xen >= XenReleases.GuestTypeKeyFrom)
            {
                _diagnostics.Warning(DiagnosticCodes.DeprecatedBuilder,
                    $"builder=\"{builder}\" is deprecated since Xen 4.10; write type=\"{Describe(fromBuilder.Value)}\"", at);
            }
            return fromBuilder.Value;
        }

        return fromType ?? GuestType.Pv;
    }

    /// <summary>xl 4.0–4.9 and xm read only <c>builder=</c>: xl 4.9 sets PV, then HVM when the value is a prefix
    /// of "hvm" (<c>strncmp(buf, "hvm", strlen(buf))</c>, RELEASE-4.9.0 tools/xl/xl_parse.c:854-857; the same test
    /// from RELEASE-4.0.0 tools/libxl/xl.c:360-363), and never
    /// exits over it; xm's builder defaults to 'linux' (PV). A <c>type=</c> is not read: "pvh" is returned as
    /// PVH so that the planner says the guest is built PV (VM313); any other value gets VM134 when it would
    /// mean something else than what the builder gives.</summary>
    private GuestType GetGuestTypeFromBuilderOnly(ToolstackRelease release)
    {
        GuestType built = GuestType.Pv;
        if (GetString("builder", out string? builder) == XlReadStatus.Ok)
        {
            bool hvm = release.IsXl ? "hvm".StartsWith(builder!, StringComparison.Ordinal) : builder == "hvm";
            built = hvm ? GuestType.Hvm : GuestType.Pv;
        }

        if (GetString("type", out string? type) == XlReadStatus.Ok)
        {
            GuestType? meant = MatchPrefix(type!, ("hvm", GuestType.Hvm), ("pv", GuestType.Pv), ("pvh", GuestType.Pvh));
            if (meant == GuestType.Pvh && built == GuestType.Pv)
            {
                ReportPvWithoutKernel(release, built, GuestType.Pvh, type!, Document.Get("type")!.Value.Location);
                return GuestType.Pvh;
            }

            if (meant != built)
            {
                SourceLocation at = Document.Get("type")!.Value.Location;
                _diagnostics.Warning(DiagnosticCodes.GuestTypeKeyNotRead,
                    $"{release} does not read type= (xl reads it from 4.10): type=\"{type}\" is ignored and the guest is built {(built == GuestType.Hvm ? "HVM" : "PV")} from builder=",
                    at);
                ReportPvWithoutKernel(release, built, meant, type!, at);
            }
        }

        return built;
    }

    /// <summary>§1: the guest meant as HVM or PVH is built PV by xl 4.1–4.9, whose PV path then exits without a
    /// kernel or bootloader (<see cref="XenReleases.PvKernelRequiredFrom"/>).</summary>
    private void ReportPvWithoutKernel(ToolstackRelease release, GuestType built, GuestType? meant, string type, SourceLocation at)
    {
        if (release.IsXl && built == GuestType.Pv && release.Xen >= XenReleases.PvKernelRequiredFrom
            && GetString("kernel", out _, dontWarn: true) != XlReadStatus.Ok
            && GetString("bootloader", out _, dontWarn: true) != XlReadStatus.Ok)
        {
            _diagnostics.Error(DiagnosticCodes.IgnoredTypeLeavesPvWithoutKernel,
                $"{release} builds this guest PV (type=\"{type}\" is not read) and, with neither kernel= nor bootloader=, stops with \"Neither kernel nor bootloader specified\": the domain is not created; {meant switch { GuestType.Hvm => "write builder=\"hvm\"", GuestType.Pvh => "give it a kernel= (PVH exists from 4.10)", _ => "give it a kernel= or bootloader=" }}",
                at);
        }
    }

    private void WarnAbbreviation(string key, string written, GuestType meaning, SourceLocation at)
    {
        string full = key == "builder" && meaning == GuestType.Pv ? "generic" : Describe(meaning);
        if (!string.Equals(written, full, StringComparison.Ordinal))
        {
            _diagnostics.Warning(DiagnosticCodes.AbbreviatedGuestType,
                $"{key}=\"{written}\" is read by prefix as \"{full}\" (xl compares only the first strlen(value) characters)", at);
        }
    }

    private static string Describe(GuestType type) => type switch
    {
        GuestType.Hvm => "hvm",
        GuestType.Pvh => "pvh",
        _ => "pv",
    };

    private static GuestType? MatchPrefix(string value, params ReadOnlySpan<(string Word, GuestType Type)> choices)
    {
        foreach ((string word, GuestType type) in choices)
        {
            // strncmp(value, word, strlen(value)) == 0: value is a prefix of word.
            if (word.StartsWith(value, StringComparison.Ordinal))
            {
                return type;
            }
        }

        return null;
    }

    private XlReadStatus FindAtom(string name, bool dontWarn, out ConfigSetting? setting)
    {
        setting = Document.Get(name);
        if (setting is null)
        {
            return XlReadStatus.NotFound;
        }

        if (setting.Value is ConfigList)
        {
            Warn(dontWarn, DiagnosticCodes.ListWhereSingleValueExpected,
                $"parameter `{name}' is a list but should be a single value (xl ignores it)", setting.Value.Location);
            return XlReadStatus.WrongType;
        }

        return XlReadStatus.Ok;
    }

    private void Warn(bool dontWarn, string code, string message, SourceLocation at)
    {
        if (!dontWarn)
        {
            _diagnostics.Warning(code, message, at);
        }
    }

    private static bool IsOctal(string text)
    {
        ReadOnlySpan<char> t = text.AsSpan().TrimStart(" \t\n\v\f\r").TrimStart("+-");
        return t.Length > 1 && t[0] == '0' && t[1] is >= '0' and <= '7';
    }

    private static string AtomText(ConfigValue value) => value switch
    {
        ConfigString s => s.Value,
        ConfigNumber n => n.Text,
        _ => string.Empty,
    };
}
