namespace Vifmap.Config;

/// <summary>The guest type decides what a vif spec means (reference §3.4): PV and PVH guests only
/// ever get netback vifs; HVM guests also get an emulated NIC unless <c>type=vif</c>.</summary>
public enum GuestType
{
    Pv,
    Pvh,
    Hvm,
}
