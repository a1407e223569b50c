namespace Vifmap.Config;

/// <summary>The guest type decides what a vif spec means (reference §3.4): PV and PVH guests only
/// ever get netback vifs; HVM guests also get an emulated NIC unless <c>type=vif</c>.</summary>
public enum GuestType
{
    Pv,
    Pvh,
    Hvm,
}

/// <summary>The names output uses for <see cref="GuestType"/> (xl's own <c>type=</c> values).</summary>
public static class GuestTypeNames
{
    public static string ToWireName(this GuestType type) => type switch
    {
        GuestType.Pv => "pv",
        GuestType.Pvh => "pvh",
        _ => "hvm",
    };
}
