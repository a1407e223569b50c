using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Vifmap.Naming;

/// <summary>A Xen release as <c>major.minor</c>: naming changed only between minor releases
/// (reference §0 timeline), so point releases do not matter here.</summary>
public readonly record struct XenVersion(int Major, int Minor) : IComparable<XenVersion>
{
    /// <summary>The oldest release modelled: 4.0 (xl tech preview, xend in production).</summary>
    public static XenVersion Oldest { get; } = new(4, 0);

    /// <summary>The newest release modelled, and the default for <c>plan</c>.</summary>
    public static XenVersion Newest { get; } = new(4, 22);

    public bool IsSupported => this >= Oldest && this <= Newest;

    public int CompareTo(XenVersion other)
        => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(XenVersion left, XenVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(XenVersion left, XenVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(XenVersion left, XenVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(XenVersion left, XenVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Accepts <c>4.17</c> and <c>4.17.7</c> (the point release is ignored).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out XenVersion version)
    {
        version = default;
        if (text is null)
        {
            return false;
        }

        string[] parts = text.Split('.');
        if (parts.Length is < 2 or > 3)
        {
            return false;
        }

        foreach (string part in parts)
        {
            if (part.Length is 0 or > 4 || !part.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        version = new XenVersion(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            int.Parse(parts[1], CultureInfo.InvariantCulture));
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}
