using Vifmap.Naming;

namespace Vifmap.Host;

/// <summary>A dom0 interface that belongs to a guest NIC, present or only expected.</summary>
/// <param name="Name">The interface name, found by xenbus node or expected from xenstore (vifname) and the naming rules.</param>
/// <param name="Role">Netback vif, QEMU tap, or the stub domain's vif.</param>
/// <param name="Link">The kernel's view, or null when no such interface exists.</param>
/// <param name="MatchedBy">How the interface was found: <c>nodename</c>, <c>vifname</c>, <c>default-name</c>.</param>
public sealed record NicInterface(string Name, InterfaceRole Role, NetLink? Link, string MatchedBy)
{
    public bool Present => Link is not null;
}
