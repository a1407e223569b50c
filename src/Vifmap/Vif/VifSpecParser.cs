using System.Globalization;
using System.Text;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;

namespace Vifmap.Vif;

/// <summary>Reads one vif spec the way xl ≥ 4.6 does in <c>xl create</c> (<c>parse_config_data</c> vif loop
/// and <c>parse_nic_config</c>, tools/xl/xl_parse.c; reference §2.1–2.5), keys of Xen 4.22 included.
/// The spec is handled as the C code handles it: UTF-8 bytes, split with <c>strtok(",")</c> one token at a
/// time (so a short MAC can read on into the next token), leading spaces (only 0x20) skipped, keys matched
/// as an exact, case-sensitive <c>key=</c> prefix, the last duplicate winning. Everything xl accepts
/// silently or with a message becomes a diagnostic that says what xl will do.</summary>
public static class VifSpecParser
{
    private static readonly string[] s_stringKeys =
    [
        "bridge", "gatewaydev", "ip", "script", "backend", "vifname", "model", "vlan",
    ];

    // The 48 COLO keys of parse_nic_config (4.9+), plus forwarddev (4.7+).
    private static readonly HashSet<string> s_coloKeys = BuildColoKeys();

    // Keys of xm's vif parser (create.py) that xl never knew (reference §2.1, §2.3).
    private static readonly HashSet<string> s_xmOnlyKeys = new(StringComparer.Ordinal) { "uuid", "policy", "label", "security_label" };

    /// <summary>Every key xl 4.22 accepts in a vif spec (flags excluded).</summary>
    public static IReadOnlySet<string> KnownKeys { get; } = BuildKnownKeys();

    /// <summary>Parses <paramref name="spec"/>, the <paramref name="index"/>-th element of <c>vif=</c>, for a
    /// guest of type <paramref name="guestType"/>. <paramref name="map"/> places findings in the file;
    /// <paramref name="release"/> (default xl 4.22) drops the findings that do not hold there
    /// (<see cref="HoldsFor"/>). The NIC is always xl 4.22's reading: <see cref="ReleaseVifReading"/> re-reads
    /// it for older toolstacks.</summary>
    public static VifSpecParse Parse(
        string spec, int index, GuestType guestType, SpecSourceMap? map = null, ToolstackRelease? release = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        map ??= SpecSourceMap.AtStart(SourceLocation.None);
        var state = new State(index, map, release ?? ToolstackRelease.Default);

        byte[] buffer = Encoding.UTF8.GetBytes(spec);
        int nul = Array.IndexOf(buffer, (byte)0);
        if (nul >= 0)
        {
            state.Report(DiagnosticCodes.NulInSpec, nul,
                "the spec contains a NUL byte: xl handles it as a C string and ignores everything from there");
            buffer = buffer[..nul];
        }

        // strtok(buf2, ","): each call skips leading commas, then writes a NUL over the comma that ends the
        // token. The next token's comma is still a comma while this token is parsed.
        int pos = 0;
        while (true)
        {
            while (pos < buffer.Length && buffer[pos] == (byte)',')
            {
                pos++;
            }

            if (pos >= buffer.Length)
            {
                break;
            }

            int end = Array.IndexOf(buffer, (byte)',', pos);
            if (end < 0)
            {
                end = buffer.Length;
            }
            else
            {
                buffer[end] = 0;
            }

            int p = pos;
            while (p < end && buffer[p] == (byte)' ')
            {
                p++;
            }

            ParseToken(state, buffer, pos, p, end);
            pos = end + 1;
        }

        return state.Finish(spec, guestType);
    }

    private static void ParseToken(State state, byte[] buffer, int rawStart, int start, int end)
    {
        ReadOnlySpan<byte> token = buffer.AsSpan(start, end - start);
        int eq = token.IndexOf((byte)'=');
        if (eq < 0)
        {
            string flag = Encoding.UTF8.GetString(token);
            if (flag is "trusted" or "untrusted" && state.KnowsAtRelease(flag))
            {
                state.Trusted = flag == "trusted";
                state.Seen("trusted", start, start);
                return;
            }

            ReportUnknown(state, token, token.IsEmpty ? rawStart : start, buffer, end);
            return;
        }

        string key = Encoding.UTF8.GetString(token[..eq]);
        if (!KnownKeys.Contains(key) || !state.KnowsAtRelease(key))
        {
            ReportUnknown(state, token, start, buffer, end);
            return;
        }

        int valueStart = start + eq + 1;
        string value = Encoding.UTF8.GetString(buffer.AsSpan(valueStart, end - valueStart));
        if (key is not ("mac" or "devid" or "mtu"))
        {
            // Numbers and MACs stop at whitespace and say so themselves (VM210, VM218).
            CheckValueWhitespace(state, key, value, valueStart);
        }

        switch (key)
        {
            case "type":
                if (value == "vif" || value == "ioemu")
                {
                    state.Type = value == "vif" ? NicType.Vif : NicType.VifIoemu;
                    state.Seen(key, start, valueStart);
                }
                else
                {
                    state.Report(DiagnosticCodes.InvalidType, valueStart, string.Create(CultureInfo.InvariantCulture,
                        $"type `{value}' is neither `vif' nor `ioemu': xl prints \"Invalid parameter `type'.\" and ignores it, so the NIC gets {DescribeTypeFallback(state)}"));
                }

                break;
            case "mac":
                ParseMac(state, buffer, valueStart, end);
                state.Seen(key, start, valueStart);
                break;
            case "netdev":
                state.Report(DiagnosticCodes.IgnoredKey, start,
                    "`netdev' is deprecated: xl prints a warning and uses it as `gatewaydev'");
                state.Strings["gatewaydev"] = value;
                state.Seen("gatewaydev", start, valueStart);
                break;
            case "accel":
                state.Report(DiagnosticCodes.IgnoredKey, start,
                    "`accel' is not supported: xl prints a message and ignores it");
                break;
            case "rate" when state.Release.IsXl && state.Release.Xen < XenReleases.VifRateKeyReadFrom:
                state.Report(DiagnosticCodes.IgnoredKey, start, string.Create(CultureInfo.InvariantCulture,
                    $"xl {state.Release.Xen} does not read `rate' (from {XenReleases.VifRateKeyReadFrom}): it prints \"the rate parameter for vifs is currently not supported\" and ignores it"));
                break;
            case "rate":
                ParseRate(state, value, valueStart);
                state.Seen(key, start, valueStart);
                break;
            case "devid":
            case "mtu":
                ParseNumber(state, key, buffer, valueStart, end);
                state.Seen(key, start, valueStart);
                break;
            default:
                if (s_coloKeys.Contains(key))
                {
                    (state.Colo ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = value;
                }
                else
                {
                    state.Strings[key] = value;
                }

                state.Seen(key, start, valueStart);
                break;
        }
    }

    private static string DescribeTypeFallback(State state) => state.Type switch
    {
        NicType.Vif => "the earlier `type=vif'",
        NicType.VifIoemu => "the earlier `type=ioemu'",
        _ => "the default type (vif_ioemu on HVM, vif on PV/PVH)",
    };

    private static void CheckValueWhitespace(State state, string key, string value, int valueStart)
    {
        if (value.Length > 0 && value[0] == ' ')
        {
            state.Report(DiagnosticCodes.SpaceAroundEquals, valueStart, string.Create(CultureInfo.InvariantCulture,
                $"space after `{key}=': xl keeps it, so the value is `{value}'"));
        }

        if (value.Length > 0 && char.IsWhiteSpace(value[^1]))
        {
            int trimmed = Encoding.UTF8.GetByteCount(value.TrimEnd());
            state.Report(DiagnosticCodes.WhitespaceKept, valueStart + trimmed, string.Create(CultureInfo.InvariantCulture,
                $"the value of `{key}' ends with whitespace that xl keeps (`{value}')"));
        }
    }

    /// <summary>VM201 for a token the release does not read. The token ends at <c>tokenEnd</c> in
    /// <c>buffer</c>: xl 4.0–4.5 stop at a token without `=', and ReleaseVifReading's VM322 names what that
    /// loses when keys follow.</summary>
    private static void ReportUnknown(State state, ReadOnlySpan<byte> token, int start, byte[] buffer, int tokenEnd)
    {
        string text = Encoding.UTF8.GetString(token);
        string xlSays = string.Create(CultureInfo.InvariantCulture, $"unrecognized argument `{text}'");
        ToolstackRelease release = state.Release;

        // xl 4.0–4.5 had no "unrecognized argument": an unknown key=value is skipped without a word, and a
        // token without `=' ends the spec (break).
        bool silent = release.IsXl && release.Xen < XenReleases.BareVifTokenSkippedFrom;
        string ignores = silent
            ? string.Create(CultureInfo.InvariantCulture, $"xl {release.Xen} ignores it without a message (from {XenReleases.BareVifTokenSkippedFrom} xl prints \"{xlSays}\")")
            : string.Create(CultureInfo.InvariantCulture, $"xl create prints \"{xlSays}\" and ignores it (xl network-attach refuses it)");
        bool bare = !token.Contains((byte)'=');
        if (silent && bare)
        {
            if (KeysFollow(buffer, tokenEnd))
            {
                return; // VM322 says which keys are lost
            }

            ignores = string.Create(CultureInfo.InvariantCulture,
                $"a token without `=': xl {release.Xen} stops reading the spec here (from {XenReleases.BareVifTokenSkippedFrom} xl prints \"{xlSays}\" and reads on)");
        }

        if (text.Length == 0)
        {
            state.Report(DiagnosticCodes.UnknownToken, start, silent
                ? "an item of only spaces: " + ignores
                : "an item of only spaces: xl prints \"unrecognized argument `'\" and ignores it");
            return;
        }

        int eq = text.IndexOf('=', StringComparison.Ordinal);
        string rawKey = eq < 0 ? text : text[..eq];
        string trimmedKey = rawKey.Trim();

        string itemIgnored = silent
            ? string.Create(CultureInfo.InvariantCulture, $" and xl {release.Xen} ignores the item without a message")
            : string.Create(CultureInfo.InvariantCulture, $", prints \"{xlSays}\" and ignores the item");
        if (trimmedKey.Length != rawKey.Length && IsKnownKeyOrFlag(state, trimmedKey, eq >= 0))
        {
            if (rawKey.Length > 0 && char.IsWhiteSpace(rawKey[0]) && rawKey.TrimStart().Length == rawKey.TrimStart().TrimEnd().Length)
            {
                state.Report(DiagnosticCodes.WhitespaceKept, start, string.Create(CultureInfo.InvariantCulture,
                    $"`{trimmedKey}' is preceded by whitespace other than spaces: xl skips only spaces{itemIgnored}"));
            }
            else
            {
                state.Report(DiagnosticCodes.SpaceAroundEquals, start, string.Create(CultureInfo.InvariantCulture,
                    $"space before `=': xl matches only `{trimmedKey}=' exactly{itemIgnored}"));
            }

            return;
        }

        string hint;
        if (release.IsXl && (KnownKeys.Contains(trimmedKey) || trimmedKey is "trusted" or "untrusted")
            && !VifKeyReleases.IsKnownAt(trimmedKey, release.Xen))
        {
            hint = string.Create(CultureInfo.InvariantCulture,
                $"; `{trimmedKey}' is read from xl {VifKeyReleases.AddedIn(trimmedKey)} on (docs/vif-keys.md)");
        }
        else if (IsKnownKeyOrFlag(state, trimmedKey.ToLowerInvariant(), eq >= 0))
        {
            hint = string.Create(CultureInfo.InvariantCulture, $"; keys are case-sensitive: `{trimmedKey.ToLowerInvariant()}'?");
        }
        else if (s_xmOnlyKeys.Contains(trimmedKey))
        {
            hint = string.Create(CultureInfo.InvariantCulture, $"; `{trimmedKey}' is an xm (xend) key that xl does not know");
        }
        else if (eq < 0 && KnownKeys.Contains(trimmedKey))
        {
            hint = string.Create(CultureInfo.InvariantCulture, $"; `{trimmedKey}' needs a value: `{trimmedKey}=…'");
        }
        else
        {
            hint = string.Empty;
        }

        state.Report(DiagnosticCodes.UnknownToken, start, ignores + hint);
    }

    private static bool IsKnownKeyOrFlag(State state, string key, bool hasEquals)
        => (hasEquals ? KnownKeys.Contains(key) : key is "trusted" or "untrusted") && state.KnowsAtRelease(key);

    /// <summary>Whether a token with `=' follows the token ending at <paramref name="tokenEnd"/>.</summary>
    private static bool KeysFollow(byte[] buffer, int tokenEnd)
        => tokenEnd < buffer.Length && buffer.AsSpan(tokenEnd + 1).Contains((byte)'=');

    private static void ParseMac(State state, byte[] buffer, int valueStart, int tokenEnd)
    {
        XlMacRead read = XlMacReader.Read(buffer, valueStart, tokenEnd);
        string text = Encoding.UTF8.GetString(buffer.AsSpan(valueStart, tokenEnd - valueStart));

        // xl writes each octet into nic->mac as it goes: octets it did not reach keep their earlier value.
        ReadOnlySpan<byte> got = [read.Mac.B0, read.Mac.B1, read.Mac.B2, read.Mac.B3, read.Mac.B4, read.Mac.B5];
        for (int i = 0; i < read.OctetsRead; i++)
        {
            state.Mac[i] = got[i];
        }

        state.MacGiven = true;
        state.MacAccepted = read.Outcome == XlMacOutcome.Accepted;
        string result = state.CurrentMac.ToString();
        switch (read.Outcome)
        {
            case XlMacOutcome.Undefined:
                state.Report(DiagnosticCodes.MacReadsPastEnd, valueStart, string.Create(CultureInfo.InvariantCulture,
                    $"MAC `{text}' has fewer than 6 octets and ends the spec: xl reads past the end of its buffer, so octets {read.OctetsRead + 1}-6 are whatever memory follows"));
                return;
            case XlMacOutcome.Invalid:
                if (read.ReadIntoNextToken)
                {
                    ReportReadIntoNext(state, read, buffer, valueStart, text);
                }

                state.Report(DiagnosticCodes.InvalidMac, read.FailureOffset <= tokenEnd ? read.FailureOffset : valueStart,
                    string.Create(CultureInfo.InvariantCulture,
                        $"xl cannot read octet {read.OctetsRead + 1} of MAC `{text}': it prints \"Invalid parameter `mac'.\", keeps the octets read so far and creates the NIC with MAC {DescribeMac(state)}"));
                return;
        }

        if (read.ReadIntoNextToken)
        {
            ReportReadIntoNext(state, read, buffer, valueStart, text);
        }
        else if (read.HasIgnoredText)
        {
            state.Report(DiagnosticCodes.MacTrailingText, read.IgnoredTextOffset, string.Create(CultureInfo.InvariantCulture,
                $"xl ignores `{Encoding.UTF8.GetString(buffer.AsSpan(read.IgnoredTextOffset, tokenEnd - read.IgnoredTextOffset))}' after the sixth octet: the MAC is {result}"));
        }

        if (!read.IsCanonical && !read.ReadIntoNextToken)
        {
            state.Report(DiagnosticCodes.MacUnusualForm, valueStart, string.Create(CultureInfo.InvariantCulture,
                $"xl reads `{text}' as {result}, but libxl's own parser (network-detach) and other tools want six 2-digit hex octets: write `{result}'"));
        }
    }

    private static void ReportReadIntoNext(State state, XlMacRead read, byte[] buffer, int valueStart, string text)
    {
        int nextAt = read.FirstOffsetInNextToken;
        state.Report(DiagnosticCodes.MacReadsNextToken, valueStart, string.Create(CultureInfo.InvariantCulture,
            $"MAC `{text}' has fewer than 6 octets: xl reads the rest from the text after it (`{Encoding.UTF8.GetString(buffer.AsSpan(nextAt, Math.Min(buffer.Length - nextAt, 12)))}…'), giving {DescribeMac(state)}"));
    }

    private static string DescribeMac(State state)
        => state.CurrentMac.IsZero ? "00:00:00:00:00:00, which libxl replaces with a random MAC" : state.CurrentMac.ToString();

    private static void ParseRate(State state, string value, int valueStart)
    {
        VifRateParse rate = VifRateParser.Parse(value);
        if (rate.Error != VifRateError.None)
        {
            state.XlExits = true;
            state.Report(DiagnosticCodes.InvalidRate, valueStart + Encoding.UTF8.GetByteCount(value.AsSpan(0, rate.ErrorOffset)),
                string.Create(CultureInfo.InvariantCulture,
                    $"xl says \"config parsing error in vif: {rate.XlMessage} in `{rate.ErrorText}'\" and exits: the domain is not created{ExplainRateError(rate, value)}"));
            return;
        }

        state.Rate = rate.Rate;
        VifRate r = rate.Rate!.Value;
        string effect = string.Create(CultureInfo.InvariantCulture,
            $"{r.BytesPerInterval} bytes every {r.IntervalMicroseconds} µs");
        int at = value.IndexOf('@', StringComparison.Ordinal);
        int intervalOffset = valueStart + (at < 0 ? 0 : Encoding.UTF8.GetByteCount(value.AsSpan(0, at + 1)));
        if ((rate.Traps & VifRateTraps.RateDigitsIgnored) != 0)
        {
            state.Report(DiagnosticCodes.RateTrap, valueStart, string.Create(CultureInfo.InvariantCulture,
                $"the rate starts with 0, so xl reads it as octal and stops at the first 8 or 9, ignoring the rest and its unit: {rate.BytesPerSecond} B/s, {effect}"));
        }
        else if ((rate.Traps & VifRateTraps.OctalRate) != 0)
        {
            state.Report(DiagnosticCodes.RateTrap, valueStart, string.Create(CultureInfo.InvariantCulture,
                $"the rate starts with 0, so xl reads it as octal: {rate.BytesPerSecond} B/s, {effect}"));
        }

        if ((rate.Traps & VifRateTraps.IntervalDigitsIgnored) != 0)
        {
            state.Report(DiagnosticCodes.RateTrap, intervalOffset, string.Create(CultureInfo.InvariantCulture,
                $"the interval starts with 0, so xl reads it as octal and stops at the first 8 or 9, ignoring the rest and its unit: {effect}"));
        }
        else if ((rate.Traps & VifRateTraps.OctalInterval) != 0)
        {
            state.Report(DiagnosticCodes.RateTrap, intervalOffset, string.Create(CultureInfo.InvariantCulture,
                $"the interval starts with 0, so xl reads it as octal: {effect}"));
        }

        if ((rate.Traps & VifRateTraps.IntervalInSeconds) != 0)
        {
            state.Report(DiagnosticCodes.RateTrap, intervalOffset, string.Create(CultureInfo.InvariantCulture,
                $"an interval without a unit is in seconds, not microseconds: {effect}"));
        }

        if ((rate.Traps & VifRateTraps.ZeroBytesPerInterval) != 0)
        {
            state.Report(DiagnosticCodes.RateTrap, valueStart, string.Create(CultureInfo.InvariantCulture,
                $"{rate.BytesPerSecond} B/s over the interval rounds down to 0 bytes: libxl writes rate \"0,{r.IntervalMicroseconds}\""));
        }
    }

    private static string ExplainRateError(VifRateParse rate, string value)
    {
        if ((rate.Traps & (VifRateTraps.OctalRate | VifRateTraps.OctalInterval)) != 0
            && rate.Error is VifRateError.RateOverflow or VifRateError.IntervalOverflow)
        {
            return " (a number starting with 0 is octal, so an 8 or 9 ends it early and it may read as 0)";
        }

        return rate.Error switch
        {
            VifRateError.InvalidRate => "; the rate must be digits, an optional G, M or K, then B/s or b/s",
            VifRateError.InvalidInterval => "; the interval must be digits then s, ms, us, m or u (no unit = seconds)",
            VifRateError.RateOverflow when value.StartsWith('@') => string.Empty,
            VifRateError.RateOverflow => "; the number must be 1 to 4294967295 before its unit",
            VifRateError.IntervalOverflow => "; the interval must be 1 µs to 4294967295 µs",
            _ => string.Empty,
        };
    }

    private static void ParseNumber(State state, string key, byte[] buffer, int valueStart, int tokenEnd)
    {
        // parse_ulong: strtoul base 10, fatal when nothing converts or the result is ULONG_MAX.
        CNumber n = CNumberParser.StrToUL(buffer, valueStart, 10);
        string text = Encoding.UTF8.GetString(buffer.AsSpan(valueStart, tokenEnd - valueStart));
        if (!n.Converted || n.Value == ulong.MaxValue)
        {
            state.XlExits = true;
            state.Report(DiagnosticCodes.InvalidNumber, valueStart, string.Create(CultureInfo.InvariantCulture,
                $"xl says \"xl: failed to convert \"{text}\" to number\" and exits: the domain is not created"));
            return;
        }

        int stored = unchecked((int)n.Value); // libxl_devid and mtu are C ints
        if (n.End < tokenEnd)
        {
            state.Report(DiagnosticCodes.NumberTrailingText, n.End, string.Create(CultureInfo.InvariantCulture,
                $"xl ignores `{Encoding.UTF8.GetString(buffer.AsSpan(n.End, tokenEnd - n.End))}' after the number: {key} is {stored}"));
        }
        else if (buffer[valueStart] is not (>= (byte)'0' and <= (byte)'9') && (ulong)stored == n.Value)
        {
            state.Report(DiagnosticCodes.NumberTrailingText, valueStart, string.Create(CultureInfo.InvariantCulture,
                $"xl skips the whitespace or sign before the number: {key} is {stored}"));
        }

        if (key == "devid")
        {
            state.Devid = stored;
            if (stored < 0 || (ulong)stored != n.Value)
            {
                state.Report(DiagnosticCodes.DevidOutOfRange, valueStart, string.Create(CultureInfo.InvariantCulture,
                    $"devid `{text}' does not fit libxl's int: xl stores {stored}{(stored == -1 ? ", which libxl reads as \"pick the next free devid\"" : ", which is not a valid device number")}"));
            }

            return;
        }

        state.Mtu = n.Value;
        if (stored == 0)
        {
            state.Report(DiagnosticCodes.MtuOutOfRange, valueStart, "mtu 0 means \"unset\" to libxl: the NIC gets the default 1500");
        }
        else if ((uint)stored is < 68 or > 65535)
        {
            state.Report(DiagnosticCodes.MtuOutOfRange, valueStart, string.Create(CultureInfo.InvariantCulture,
                $"mtu {(uint)stored} is outside 68-65535: the hotplug script's `ip link set mtu' fails, the failure is ignored and the interface keeps its MTU, while the guest is told {(uint)stored}"));
        }
    }

    private static HashSet<string> BuildColoKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { "forwarddev" };
        foreach (string sock in new[] { "mirror", "compare_pri_in", "compare_sec_in", "compare_notify", "redirector0", "redirector1", "redirector2", "sec_redirector0", "sec_redirector1" })
        {
            foreach (string part in new[] { "id", "ip", "port" })
            {
                keys.Add("colo_sock_" + sock + "_" + part);
            }
        }

        keys.UnionWith(
        [
            "colo_filter_mirror_queue", "colo_filter_mirror_outdev",
            "colo_filter_redirector0_queue", "colo_filter_redirector0_indev", "colo_filter_redirector0_outdev",
            "colo_filter_redirector1_queue", "colo_filter_redirector1_indev", "colo_filter_redirector1_outdev",
            "colo_filter_sec_redirector0_queue", "colo_filter_sec_redirector0_indev", "colo_filter_sec_redirector0_outdev",
            "colo_filter_sec_redirector1_queue", "colo_filter_sec_redirector1_indev", "colo_filter_sec_redirector1_outdev",
            "colo_filter_sec_rewriter0_queue",
            "colo_compare_pri_in", "colo_compare_sec_in", "colo_compare_out", "colo_compare_notify_dev",
            "colo_checkpoint_host", "colo_checkpoint_port",
        ]);
        return keys;
    }

    private static HashSet<string> BuildKnownKeys()
    {
        var keys = new HashSet<string>(s_stringKeys, StringComparer.Ordinal)
        {
            "type", "mac", "netdev", "rate", "accel", "devid", "mtu",
        };
        keys.UnionWith(s_coloKeys);
        return keys;
    }

    /// <summary>The <c>libxl_device_nic</c> xl fills in while it walks the tokens.</summary>
    /// <summary>Whether a finding of xl 4.22's token rules holds for <paramref name="release"/>: xm strips
    /// whitespace around keys and values and refuses unknown keys itself (VM323), so xl's token messages
    /// are xl's only; an unknown <c>type=</c> value is ignored from xl 4.6 and read as <c>vif</c> before
    /// (the planner's VM309 says so). <c>type=ioemu</c> on PV (VM206) depends on the NIC as the release
    /// reads it: <see cref="DomainConfigReader"/> decides that one.</summary>
    public static bool HoldsFor(string code, ToolstackRelease release) => code switch
    {
        DiagnosticCodes.UnknownToken or DiagnosticCodes.SpaceAroundEquals or DiagnosticCodes.WhitespaceKept
            or DiagnosticCodes.IgnoredKey => release.IsXl,
        DiagnosticCodes.InvalidType => release.IsXl && release.Xen >= XenReleases.InvalidVifTypeIgnoredFrom,
        _ => true,
    };

    private sealed class State(int listIndex, SpecSourceMap map, ToolstackRelease release)
    {
        private readonly int _index = listIndex;

        public ToolstackRelease Release => release;

        /// <summary>Whether xl of the release reads <paramref name="key"/> (a key of xl 4.22). xm is judged
        /// by ReleaseVifReading (VM323). devid= before 4.9 stays in the NIC: the planner's VM312 says which
        /// devid the release uses instead.</summary>
        public bool KnowsAtRelease(string key)
            => !release.IsXl || key == "devid" || VifKeyReleases.IsKnownAt(key, release.Xen);

        private readonly List<(int Offset, Diagnostic Diagnostic)> _diagnostics = [];
        private readonly Dictionary<string, List<(int KeyOffset, int ValueOffset)>> _seen = new(StringComparer.Ordinal);

        public byte[] Mac { get; } = new byte[6];
        public bool MacGiven { get; set; }
        public bool MacAccepted { get; set; }
        public MacAddress CurrentMac => new(Mac[0], Mac[1], Mac[2], Mac[3], Mac[4], Mac[5]);
        public NicType? Type { get; set; }
        public int Devid { get; set; } = listIndex; // ARRAY_EXTEND_INIT: devid = list index
        public ulong? Mtu { get; set; }
        public VifRate? Rate { get; set; }
        public bool? Trusted { get; set; }
        public bool XlExits { get; set; }
        public Dictionary<string, string> Strings { get; } = new(StringComparer.Ordinal);
        /// <summary>COLO settings, made at the first one: almost no spec has any.</summary>
        public Dictionary<string, string>? Colo { get; set; }

        public void Report(string code, int offset, string message)
        {
            if (HoldsFor(code, release))
            {
                _diagnostics.Add((offset, DiagnosticCatalogue.Create(code, message, map.Locate(offset))));
            }
        }

        public void Seen(string key, int keyOffset, int valueOffset)
        {
            if (!_seen.TryGetValue(key, out List<(int, int)>? list))
            {
                list = [];
                _seen[key] = list;
            }

            list.Add((keyOffset, valueOffset));
        }

        public VifSpecParse Finish(string spec, GuestType guestType)
        {
            foreach ((string key, List<(int KeyOffset, int ValueOffset)> uses) in _seen)
            {
                for (int i = 0; i < uses.Count - 1; i++)
                {
                    SourceLocation last = map.Locate(uses[^1].KeyOffset);
                    string where = map.IsExact && !last.IsNone
                        ? string.Create(CultureInfo.InvariantCulture, $" (column {last.Column})")
                        : string.Empty;
                    Report(DiagnosticCodes.DuplicateKey, uses[i].KeyOffset, string.Create(CultureInfo.InvariantCulture,
                        $"`{key}' is given again later in this spec{where}: xl uses the last one and ignores this one"));
                }
            }

            MacAddress mac = CurrentMac;
            if (MacGiven && MacAccepted && mac.IsZero)
            {
                Report(DiagnosticCodes.MacAllZero, _seen.TryGetValue("mac", out var m) ? m[^1].ValueOffset : 0,
                    "MAC 00:00:00:00:00:00 means \"unset\" to libxl: the NIC gets a random 00:16:3e MAC");
            }
            else if (!mac.IsZero && (mac.B0 & 1) != 0)
            {
                Report(DiagnosticCodes.MacMulticast, _seen.TryGetValue("mac", out var m) ? m[^1].ValueOffset : 0,
                    string.Create(CultureInfo.InvariantCulture,
                        $"MAC {mac} has the multicast bit set (first octet odd): xl and libxl accept it, but it cannot be a NIC's own address"));
            }

            if (Type == NicType.VifIoemu && guestType != GuestType.Hvm)
            {
                Report(DiagnosticCodes.EmulatedNicOnPv, _seen["type"][^1].ValueOffset, string.Create(CultureInfo.InvariantCulture,
                    $"type=ioemu on a {(guestType == GuestType.Pv ? "PV" : "PVH")} guest: libxl says \"trying to create PV or PVH guest with an emulated interface\" and domain creation fails"));
            }

            bool emulated = guestType == GuestType.Hvm && Type != NicType.Vif;
            if (Strings.ContainsKey("model") && !emulated)
            {
                Report(DiagnosticCodes.ModelWithoutEmulation, _seen["model"][^1].KeyOffset, guestType == GuestType.Hvm
                    ? "model= has no effect with type=vif: the NIC has no emulated device"
                    : "model= has no effect on a PV or PVH guest: its NICs have no emulated device");
            }

            var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach ((string key, List<(int KeyOffset, int ValueOffset)> uses) in _seen)
            {
                locations[key] = map.Locate(uses[^1].ValueOffset);
            }

            var nic = new NicSpec
            {
                Index = _index,
                Devid = Devid,
                Location = map.Start,
                Text = spec,
                RequestedType = Type,
                Mac = mac.IsZero ? null : mac,
                Bridge = Strings.GetValueOrDefault("bridge"),
                Model = Strings.GetValueOrDefault("model"),
                VifName = Strings.GetValueOrDefault("vifname"),
                Script = Strings.GetValueOrDefault("script"),
                Ip = Strings.GetValueOrDefault("ip"),
                GatewayDev = Strings.GetValueOrDefault("gatewaydev"),
                Backend = Strings.GetValueOrDefault("backend"),
                Rate = Rate,
                Mtu = Mtu,
                Vlan = Strings.GetValueOrDefault("vlan"),
                Trusted = Trusted,
                ColoSettings = Colo ?? NicSpec.EmptySettings,
                ValueLocations = locations,
            };
            // In spec order; OrderBy is stable, so findings at one offset keep the order they were made in.
            Diagnostic[] ordered = _diagnostics.Count == 0 ? [] : [.. _diagnostics.OrderBy(d => d.Offset).Select(d => d.Diagnostic)];
            return new VifSpecParse(nic, ordered, XlExits);
        }
    }
}
