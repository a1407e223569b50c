namespace Vifmap.Naming;

/// <summary>How an era turns a configured <c>vifname=X</c> into an interface name
/// (reference §3.2, §3.3 last column).</summary>
public sealed record CustomNameRule(CustomNameApplication Application, string Prefix, string Suffix)
{
    /// <summary>The vifname does not reach this interface: it keeps its default name.</summary>
    public static CustomNameRule Ignored { get; } = new(CustomNameApplication.Ignored, string.Empty, string.Empty);

    /// <summary>Created with the default name, then renamed to X by the hotplug script.</summary>
    public static CustomNameRule Renamed { get; } = new(CustomNameApplication.RenamedByHotplug, string.Empty, string.Empty);

    /// <summary>Created with the default name, then renamed to <c>X-emu</c> (4.2+ <c>vif-common.sh</c>).</summary>
    public static CustomNameRule RenamedWithEmuSuffix { get; } = new(CustomNameApplication.RenamedByHotplug, string.Empty, XlInterfaceNames.TapSuffix);

    /// <summary>Created by QEMU as X itself (xl 4.0/4.1 pass <c>ifname=X</c>).</summary>
    public static CustomNameRule CreatedAsIs { get; } = new(CustomNameApplication.CreatedDirectly, string.Empty, string.Empty);

    /// <summary>Created by qemu-dm as <c>tap-X</c> (xend 4.0/4.1 <c>image.py</c>).</summary>
    public static CustomNameRule CreatedWithTapPrefix { get; } = new(CustomNameApplication.CreatedDirectly, "tap-", string.Empty);

    public bool Applies => Application != CustomNameApplication.Ignored;

    /// <summary>The name X leads to, or null when this interface ignores the vifname.</summary>
    public string? Apply(string vifName) => Applies ? string.Concat(Prefix, vifName, Suffix) : null;

    /// <summary>The vifname that would give <paramref name="name"/> under this rule, if any.</summary>
    public string? Reverse(string name)
        => Applies && name.Length > Prefix.Length + Suffix.Length
            && name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal)
            ? name[Prefix.Length..^Suffix.Length]
            : null;
}

/// <summary>Whether and when a custom name is given to an interface.</summary>
public enum CustomNameApplication
{
    Ignored,
    RenamedByHotplug,
    CreatedDirectly,
}
