namespace Vifmap.Naming;

/// <summary>The table of reference §3.3, one row per era. Hold it against the reference row by row;
/// every default name Vifmap predicts or decodes comes from here.</summary>
public static class NamingEras
{
    /// <summary>xend/xm 4.0–4.1: taps <c>tapD.k</c> counted over emulated NICs only; <c>vifname=X</c>
    /// renames the vif (hotplug) and makes qemu-dm create <c>tap-X</c>.</summary>
    public static NamingEra Xend40 { get; } = new()
    {
        Label = "xend 4.0–4.1",
        Toolstack = Toolstack.Xend,
        First = XenReleases.Oldest,
        Last = XenReleases.LegacyNamingLast,
        FirstDevid = 0,
        Tap = NameTemplate.LegacyTap,
        TapNumbering = TapNumbering.EmulatedIndex,
        PvVifName = CustomNameRule.Renamed,
        TapVifName = CustomNameRule.CreatedWithTapPrefix,
        HasStubDomains = false,
        StubVifName = CustomNameRule.Ignored,
        RenameOntoExistingNameFails = false,
        HotplugExpectsFullDefaultName = false,
    };

    /// <summary>xl 4.0 (tech preview): devids from 1, taps <c>tapD.(devid-1)</c>; vifname names the tap only.</summary>
    public static NamingEra Xl40 { get; } = new()
    {
        Label = "xl 4.0",
        Toolstack = Toolstack.Xl,
        First = XenReleases.Oldest,
        Last = XenReleases.Oldest,
        FirstDevid = 1,
        Tap = NameTemplate.LegacyTap,
        TapNumbering = TapNumbering.DevidMinusOne,
        PvVifName = CustomNameRule.Ignored,
        TapVifName = CustomNameRule.CreatedAsIs,
        HasStubDomains = true,
        StubVifName = CustomNameRule.Ignored,
        RenameOntoExistingNameFails = false,
        HotplugExpectsFullDefaultName = false,
    };

    /// <summary>xl 4.1: devids from 0, taps <c>tapD.N</c>; libxl 4.1 does not write <c>vifname</c>, so
    /// only the tap takes it, raw.</summary>
    public static NamingEra Xl41 { get; } = new()
    {
        Label = "xl 4.1",
        Toolstack = Toolstack.Xl,
        First = XenReleases.XlDevidsFromZero,
        Last = XenReleases.LegacyNamingLast,
        FirstDevid = 0,
        Tap = NameTemplate.LegacyTap,
        TapNumbering = TapNumbering.Devid,
        PvVifName = CustomNameRule.Ignored,
        TapVifName = CustomNameRule.CreatedAsIs,
        HasStubDomains = true,
        StubVifName = CustomNameRule.Ignored,
        RenameOntoExistingNameFails = false,
        HotplugExpectsFullDefaultName = false,
    };

    /// <summary>xend 4.2–4.4 (deprecated; removed in 4.5): taps <c>vifD.k-emu</c>, k still counting
    /// emulated NICs; udev + <c>vif-common.sh</c> rename both.</summary>
    public static NamingEra Xend42 { get; } = new()
    {
        Label = "xend 4.2–4.4",
        Toolstack = Toolstack.Xend,
        First = XenReleases.LibxlNamingFrom,
        Last = XenReleases.XendLast,
        FirstDevid = 0,
        Tap = NameTemplate.EmuTap,
        TapNumbering = TapNumbering.EmulatedIndex,
        PvVifName = CustomNameRule.Renamed,
        TapVifName = CustomNameRule.RenamedWithEmuSuffix,
        HasStubDomains = false,
        StubVifName = CustomNameRule.Ignored,
        RenameOntoExistingNameFails = true,
        HotplugExpectsFullDefaultName = false,
    };

    /// <summary>xl/libxl 4.2 onwards: <c>vifD.N</c>, <c>vifD.N-emu</c>, stub domain <c>vifS.N</c>;
    /// vifname X renames them to X, X-emu and X-emu.</summary>
    public static NamingEra Libxl42 { get; } = new()
    {
        Label = "xl 4.2+",
        Toolstack = Toolstack.Xl,
        First = XenReleases.LibxlNamingFrom,
        Last = XenReleases.Newest,
        FirstDevid = 0,
        Tap = NameTemplate.EmuTap,
        TapNumbering = TapNumbering.Devid,
        PvVifName = CustomNameRule.Renamed,
        TapVifName = CustomNameRule.RenamedWithEmuSuffix,
        HasStubDomains = true,
        StubVifName = CustomNameRule.RenamedWithEmuSuffix,
        RenameOntoExistingNameFails = true,
        HotplugExpectsFullDefaultName = true,
    };

    public static IReadOnlyList<NamingEra> All { get; } = [Xend40, Xl40, Xl41, Xend42, Libxl42];

    /// <summary>The era of a toolstack at a version, or null when that pair never existed
    /// (xend after 4.4, anything outside 4.0–4.22).</summary>
    public static NamingEra? For(Toolstack toolstack, XenVersion version)
    {
        foreach (NamingEra era in All)
        {
            if (era.Toolstack == toolstack && era.Covers(version))
            {
                return era;
            }
        }

        return null;
    }
}
