using System.Globalization;

namespace Vifmap.Host;

/// <summary>A <c>state</c> node as read: a XenbusState number (reference §4.4), or the raw text when the
/// node holds something else (the frontend directory is guest-writable), or nothing when absent.</summary>
public readonly record struct XenbusStateValue(int? State, string? Raw)
{
    public const int Connected = 4;

    public static XenbusStateValue Absent => default;

    public bool IsAbsent => Raw is null;

    /// <summary>Present but not a number in 0..8.</summary>
    public bool IsGarbage => Raw is not null && State is null;

    public bool IsConnected => State == Connected;

    public static XenbusStateValue Parse(string? raw)
    {
        if (raw is null)
        {
            return Absent;
        }

        // xenbus writes "%d"; anything else (spaces, signs, 0x) is not what a kernel wrote.
        if (raw.Length == 1
            && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n is >= 0 and <= 8)
        {
            return new XenbusStateValue(n, raw);
        }

        return new XenbusStateValue(null, raw);
    }

    /// <summary>The name from xen/include/public/io/xenbus.h.</summary>
    public static string NameOf(int state) => state switch
    {
        0 => "Unknown",
        1 => "Initialising",
        2 => "InitWait",
        3 => "Initialised",
        4 => "Connected",
        5 => "Closing",
        6 => "Closed",
        7 => "Reconfiguring",
        8 => "Reconfigured",
        _ => "?",
    };
}
