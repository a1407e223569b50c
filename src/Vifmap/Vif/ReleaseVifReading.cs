using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Naming;

namespace Vifmap.Vif;

/// <summary>A vif spec as an older toolstack reads it. <see cref="VifSpecParser"/> reads as xl 4.22 does;
/// xl 4.0–4.5 and xm read the same text differently (reference §2.2, §2.3), and the NIC they create is
/// the one re-read here.</summary>
public static class ReleaseVifReading
{
    /// <summary>The keys <c>xm create</c> accepts in a vif spec (<c>create.py: configure_vifs</c>, 4.0–4.4).</summary>
    private static readonly string[] s_xmVifKeys =
        ["backend", "bridge", "ip", "mac", "script", "type", "vifname", "rate", "model", "accel", "policy", "label"];

    /// <summary>The NIC as <paramref name="release"/> reads <paramref name="nic"/>'s text, keeping its devid and
    /// source locations; a finding about the reading (VM322, VM323) goes to <paramref name="findings"/>.</summary>
    public static NicSpec Read(NicSpec nic, GuestType guestType, ToolstackRelease release, ICollection<Diagnostic> findings)
    {
        ArgumentNullException.ThrowIfNull(nic);
        ArgumentNullException.ThrowIfNull(findings);
        return release.IsXl ? ReadAsOldXlDoes(nic, guestType, release, findings) : ReadAsXmDoes(nic, guestType, findings);
    }

    /// <summary>§2.2: xl 4.0–4.5 read a spec token by token and stop at the first token without `=`
    /// (<c>break</c>; 4.6+ skip it as "unrecognized argument"), so a flag such as <c>trusted</c> (4.17+)
    /// hides every key after it — a vifname or type=vif there never reaches those releases. Every release
    /// before 4.22 also ignores the keys added after it (<see cref="VifKeyReleases"/>), so the NIC is
    /// re-read for the release when the spec has one.</summary>
    private static NicSpec ReadAsOldXlDoes(NicSpec nic, GuestType guestType, ToolstackRelease release, ICollection<Diagnostic> findings)
    {
        XenVersion xen = release.Xen;
        string text = nic.Text;
        if (xen < XenReleases.BareVifTokenSkippedFrom)
        {
            text = TextBeforeBareToken(nic, xen, findings);
        }

        if (ReferenceEquals(text, nic.Text) && !HasKeyNewerThan(text, xen))
        {
            return nic;
        }

        NicSpec read = VifSpecParser.Parse(text, nic.Index, guestType, release: release).Nic;
        return read with { Devid = nic.Devid, Location = nic.Location, ValueLocations = nic.ValueLocations };
    }

    /// <summary>The spec up to the first token without `=` when keys follow it (VM322), else the spec itself.
    /// A token of only spaces counts: xl skips the spaces and finds no `=`; an empty one (<c>,,</c>) is
    /// skipped by strtok.</summary>
    private static string TextBeforeBareToken(NicSpec nic, XenVersion xen, ICollection<Diagnostic> findings)
    {
        string[] tokens = nic.Text.Split(',');
        int offset = 0;
        for (int i = 0; i < tokens.Length; offset += tokens[i].Length + 1, i++)
        {
            string token = tokens[i].TrimStart(' ');
            if (tokens[i].Length == 0 || token.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            string[] lost = [.. tokens.Skip(i + 1).Select(t => t.TrimStart(' ')).Where(t => t.Contains('=', StringComparison.Ordinal))];
            if (lost.Length == 0)
            {
                return nic.Text;
            }

            findings.Add(DiagnosticCatalogue.Create(
                DiagnosticCodes.OldXlStopsAtBareToken,
                $"xl {xen} stops reading this spec at `{token}' (a token without `='; 4.6+ skip it) and ignores {string.Join(", ", lost.Select(t => $"`{t}'"))}",
                nic.Location));
            return nic.Text[..offset];
        }

        return nic.Text;
    }

    /// <summary>Whether the spec has a key or flag xl 4.22 reads that <paramref name="xen"/> does not (or
    /// <c>rate=</c>, which 4.0–4.1 ignore): a cheap look before re-reading. devid= stays (the planner's VM312).</summary>
    private static bool HasKeyNewerThan(string text, XenVersion xen)
    {
        if (xen >= XenReleases.Newest)
        {
            return false;
        }

        foreach (string raw in text.Split(','))
        {
            string token = raw.TrimStart(' ');
            int equals = token.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? token : token[..equals];
            if ((key == "rate" && equals >= 0 && xen < XenReleases.VifRateKeyReadFrom)
                || (key != "devid" && VifKeyReleases.All.ContainsKey(key) && !VifKeyReleases.IsKnownAt(key, xen)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>§2.3: xm strips the spec, splits it on `,` and each piece on its first `=`, and strips
    /// key and value (so <c>vifname = web</c> works, unlike in xl); a piece without `=` or a key outside
    /// its list stops <c>xm create</c>. The NIC is re-read from the pairs xm keeps, last one winning.</summary>
    private static NicSpec ReadAsXmDoes(NicSpec nic, GuestType guestType, ICollection<Diagnostic> findings)
    {
        string spec = nic.Text.Trim();
        if (spec.Length == 0)
        {
            return nic;
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        string? refusal = null;
        foreach (string piece in spec.Split(','))
        {
            int equals = piece.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? string.Empty : piece[..equals].Trim();
            if (equals < 0 || !s_xmVifKeys.Contains(key, StringComparer.Ordinal))
            {
                refusal ??= equals < 0
                    ? $"Error: {piece} should be a pair, separated by an equals sign."
                    : $"Error: Invalid vif option: {key}";
                continue;
            }

            pairs[key] = piece[(equals + 1)..].Trim();
        }

        if (refusal is not null)
        {
            findings.Add(DiagnosticCatalogue.Create(
                DiagnosticCodes.XmRefusesVifSpec,
                $"xm create stops with \"{refusal}\" and the domain is not created",
                nic.Location));
        }

        string normalised = string.Join(',', pairs.Select(p => $"{p.Key}={p.Value}"));
        NicSpec read = VifSpecParser.Parse(normalised, nic.Index, guestType).Nic;
        return read with { Devid = nic.Devid, Location = nic.Location, ValueLocations = nic.ValueLocations };
    }
}
