namespace Vifmap.Host;

/// <summary>What kind of leftover an orphan is.</summary>
public enum OrphanKind
{
    /// <summary>A vif/tap-like interface no backend entry claims (crashed guest, failed hotplug).</summary>
    Interface,

    /// <summary>A backend entry whose interface is missing, or whose guest domain is gone.</summary>
    Backend,
}

/// <summary>An interface without a NIC, or a NIC entry without its interface.</summary>
public sealed record OrphanEntry(string Name, OrphanKind Kind, string Reason);

/// <summary>The names output uses for <see cref="OrphanKind"/>.</summary>
public static class OrphanKindNames
{
    public static string ToWireName(this OrphanKind kind) => kind == OrphanKind.Interface ? "interface" : "backend";
}
