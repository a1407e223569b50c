using System.Globalization;

namespace Vifmap.Vif;

/// <summary>A 48-bit Ethernet address, formatted the way libxl writes it (lowercase, colons).</summary>
public readonly record struct MacAddress(byte B0, byte B1, byte B2, byte B3, byte B4, byte B5)
{
    /// <summary>All zero means "unset" to libxl (<c>libxl__mac_is_default</c>): a random MAC is made.</summary>
    public bool IsZero => (B0 | B1 | B2 | B3 | B4 | B5) == 0;

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{B0:x2}:{B1:x2}:{B2:x2}:{B3:x2}:{B4:x2}:{B5:x2}");
}
