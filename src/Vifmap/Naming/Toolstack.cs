namespace Vifmap.Naming;

/// <summary>Which dom0 toolstack created the guest. xend (xm) was the production toolstack in 4.0/4.1,
/// deprecated in 4.2 and removed in 4.5; xl/libxl exists from 4.0 (reference §0, §3.3).</summary>
public enum Toolstack
{
    Xl,
    Xend,
}

/// <summary>The names output and <c>--toolstack</c> use for <see cref="Toolstack"/>.</summary>
public static class ToolstackNames
{
    public static string ToWireName(this Toolstack toolstack) => toolstack == Toolstack.Xl ? "xl" : "xend";
}
