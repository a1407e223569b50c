namespace Vifmap.Naming;

/// <summary>One way to read an interface name: who makes such a name, in which Xen releases, and what it means.</summary>
public sealed record NameReading
{
    /// <summary><c>xl</c>, <c>xend</c>, or the maker of a non-Xen name (<c>openstack</c>, <c>libvirt</c>, <c>kernel</c>, <c>admin</c>).</summary>
    public required string Toolstack { get; init; }

    /// <summary>The first Xen release this reading applies to; null for readings that do not depend on Xen.</summary>
    public XenVersion? First { get; init; }

    /// <summary>The last Xen release this reading applies to.</summary>
    public XenVersion? Last { get; init; }

    public required InterfaceKind Kind { get; init; }

    public InterfaceRole? Role { get; init; }

    /// <summary>The domain the interface belongs to, when the name says.</summary>
    public uint? Domid { get; init; }

    /// <summary>The NIC's devid, when this reading determines it.</summary>
    public long? Devid { get; init; }

    public required string Meaning { get; init; }

    /// <summary>The era of a guest reading made from the naming table; null for other readings.</summary>
    public NamingEra? Era { get; init; }

    /// <summary>The versions as text (<c>4.2+</c>, <c>4.0-4.1</c>, ASCII for scripts), or <c>any</c>.</summary>
    public string XenRange
        => First is not XenVersion first || Last is not XenVersion last
            ? "any"
            : last == XenVersion.Newest ? $"{first}+" : first == last ? first.ToString() : $"{first}-{last}";

    public bool Covers(XenVersion version)
        => (First is not XenVersion first || version >= first) && (Last is not XenVersion last || version <= last);
}
