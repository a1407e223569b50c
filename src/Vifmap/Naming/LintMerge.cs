using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Vif;

namespace Vifmap.Naming;

/// <summary>Joins lint's findings (the config's diagnostics, written for xl 4.22) with the planner's
/// era-aware ones. Where both judge the same thing about the same NIC, lint's finding stands when it
/// holds for the era, and the planner's copy is dropped; where it does not hold (an older era), lint's
/// finding is dropped and the planner's stands.</summary>
internal static class LintMerge
{
    /// <summary>Planner code → the lint codes that judge the same thing.</summary>
    private static readonly Dictionary<string, string[]> s_sameJudgement = new(StringComparer.Ordinal)
    {
        [DiagnosticCodes.EmulatedNicOnPvForRelease] = [DiagnosticCodes.EmulatedNicOnPv],
        [DiagnosticCodes.RenameTooLong] = [DiagnosticCodes.VifNameTooLong],
        [DiagnosticCodes.VifNameMisreadAsDefault] = [DiagnosticCodes.VifNameLooksDefault],
        [DiagnosticCodes.NameCollision] = [DiagnosticCodes.DuplicateVifName, DiagnosticCodes.DuplicateDevid],
        [DiagnosticCodes.XendDuplicateMac] = [DiagnosticCodes.DuplicateMac],
    };

    public static IReadOnlyList<Diagnostic> Merge(
        DomainConfig config, NamingEra era, XenVersion xen, IReadOnlyList<(Diagnostic Diagnostic, NicSpec? Nic)> own)
    {
        var kept = new List<Diagnostic>(config.Diagnostics.Count + own.Count);
        var keptLint = new List<(Diagnostic Diagnostic, NicSpec? Nic)>();
        foreach (Diagnostic d in config.Diagnostics)
        {
            NicSpec? nic = NicOf(config, d.Location);
            if (HoldsForEra(d, nic, era, xen, own))
            {
                kept.Add(d);
                keptLint.Add((d, nic));
            }
        }

        foreach ((Diagnostic d, NicSpec? nic) in own)
        {
            bool lintSaidIt = s_sameJudgement.TryGetValue(d.Code, out string[]? lintCodes)
                && keptLint.Exists(l => l.Nic is not null && ReferenceEquals(l.Nic, nic) && lintCodes.Contains(l.Diagnostic.Code));
            if (!lintSaidIt)
            {
                kept.Add(d);
            }
        }

        // Stable: file order, then lint before naming at the same place.
        return [.. kept.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)];
    }

    /// <summary>Lint judges as xl 4.22 does; a few of its judgements change with the era.</summary>
    private static bool HoldsForEra(
        Diagnostic d, NicSpec? nic, NamingEra era, XenVersion xen, IReadOnlyList<(Diagnostic Diagnostic, NicSpec? Nic)> own)
    {
        bool libxl = era == NamingEras.Libxl42;
        return d.Code switch
        {
            // Refused only where the planner's era rules refuse it too (not xl ≤4.1, not xend, not PVH before 4.10 as PV… which still fails).
            DiagnosticCodes.EmulatedNicOnPv => own.Any(o => o.Diagnostic.Code == DiagnosticCodes.EmulatedNicOnPvForRelease && ReferenceEquals(o.Nic, nic)),
            // 15/11-character renames and duplicate renames are libxl 4.2+ hotplug behaviour.
            DiagnosticCodes.VifNameTooLong or DiagnosticCodes.DuplicateVifName => libxl,
            // devid= exists from 4.9 (xl).
            DiagnosticCodes.DuplicateDevid => era.Toolstack == Toolstack.Xl && xen >= XenReleases.DevidKeyFrom,
            // "xl and libxl accept it": xend refuses (the planner says so).
            DiagnosticCodes.DuplicateMac => era.Toolstack == Toolstack.Xl,
            // xl 4.6+ rejects other type= values and keeps the default; xend and older xl give them a
            // meaning (no emulated NIC), which the planner reports.
            DiagnosticCodes.InvalidType => era.Toolstack == Toolstack.Xl && xen >= XenReleases.InvalidVifTypeIgnoredFrom,
            // xl's token rules: xm strips whitespace around keys and values, and refuses unknown keys
            // itself (the planner's VM323), so these xl messages do not hold for xend.
            DiagnosticCodes.UnknownToken or DiagnosticCodes.SpaceAroundEquals or DiagnosticCodes.WhitespaceKept or DiagnosticCodes.IgnoredKey
                => era.Toolstack == Toolstack.Xl,
            // type= replaced builder= in 4.10; before, builder= is the way.
            DiagnosticCodes.DeprecatedBuilder => xen >= XenReleases.GuestTypeKeyFrom,
            _ => true,
        };
    }

    private static NicSpec? NicOf(DomainConfig config, SourceLocation location)
    {
        if (location.IsNone)
        {
            return null;
        }

        foreach (NicSpec nic in config.Nics)
        {
            if (nic.Location == location || nic.ValueLocations.Values.Contains(location))
            {
                return nic;
            }
        }

        return null;
    }
}
