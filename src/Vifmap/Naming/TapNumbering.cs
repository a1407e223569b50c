namespace Vifmap.Naming;

/// <summary>Which number a toolstack puts after the dot of a tap name (reference §3.3, §7.11).</summary>
public enum TapNumbering
{
    /// <summary>The NIC's devid (xl 4.1, libxl 4.2+).</summary>
    Devid,

    /// <summary>devid − 1: xl 4.0 numbers devids from 1 but taps from 0 (<c>tapD.(devid-1)</c>).</summary>
    DevidMinusOne,

    /// <summary>The NIC's position among the guest's emulated NICs only (xend: <c>nics-1</c> in
    /// <c>image.py: parseDeviceModelArgs</c>), whatever its devid.</summary>
    EmulatedIndex,
}
