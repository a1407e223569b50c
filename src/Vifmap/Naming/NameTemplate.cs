using System.Globalization;

namespace Vifmap.Naming;

/// <summary>A default interface name of the form <c>&lt;prefix&gt;&lt;domid&gt;.&lt;number&gt;&lt;suffix&gt;</c>,
/// the shape of every name Xen's toolstacks and netback print with <c>"%u.%d"</c>
/// (reference §3.1, §3.3). Every default name in Vifmap is built and matched here. NetBSD's netback
/// puts an <c>i</c> between the numbers (<c>xvif%di%d</c>): <paramref name="Separator"/>.</summary>
public sealed record NameTemplate(string Prefix, string Suffix, char Separator = '.')
{
    /// <summary>Netback's <c>vif%u.%u</c>; libxl's <c>NETBACK_NIC_NAME</c> on Linux (4.2+).</summary>
    public static NameTemplate Netback { get; } = new("vif", string.Empty);

    /// <summary>libxl's tap <c>NETBACK_NIC_NAME TAP_DEVICE_SUFFIX</c> (4.2+) and xend 4.2–4.4's tap.</summary>
    public static NameTemplate EmuTap { get; } = new("vif", XlInterfaceNames.TapSuffix);

    /// <summary>The tap of xl 4.0/4.1 and xend 4.0/4.1 (<c>tap%d.%d</c>).</summary>
    public static NameTemplate LegacyTap { get; } = new("tap", string.Empty);

    /// <summary>The name for a known domid, printed as C's <c>%u</c> and <c>%d</c> would.</summary>
    public string Format(uint domid, long number)
        => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{domid}{Separator}{number}{Suffix}");

    /// <summary>The name with the domid left as a placeholder such as <c>&lt;D&gt;</c> (plan without <c>--domid</c>).</summary>
    public string Format(string domidPlaceholder, long number)
        => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{domidPlaceholder}{Separator}{number}{Suffix}");

    /// <summary>The name with the number given as text, e.g. a cut number with an ellipsis (explain).</summary>
    public string Format(uint domid, string numberText)
        => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{domid}{Separator}{numberText}{Suffix}");

    /// <summary>The length of the name for a domid of <paramref name="domidDigits"/> digits.</summary>
    public int Length(int domidDigits, long number)
        => Prefix.Length + domidDigits + 1 + DecimalDigits(number) + Suffix.Length;

    /// <summary>Matches a name printf could have made: both numbers plain decimal, no sign, no leading
    /// zero (so <c>vif05.0</c>, which no toolstack prints, does not match).</summary>
    public bool TryMatch(string name, out uint domid, out ulong number)
    {
        domid = 0;
        number = 0;
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal)
            || name.Length < Prefix.Length + Suffix.Length + 3)
        {
            return false;
        }

        ReadOnlySpan<char> middle = name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length);
        int dot = middle.IndexOf(Separator);
        if (dot <= 0
            || !TryParseDecimal(middle[..dot], out ulong domidValue)
            || domidValue > uint.MaxValue
            || !TryParseDecimal(middle[(dot + 1)..], out number))
        {
            return false;
        }

        domid = (uint)domidValue;
        return true;
    }

    /// <summary>Matches the first <paramref name="maxLength"/> characters of a longer name of this
    /// template: the name a creator that cuts silently leaves behind. The number is then only a
    /// prefix of the real one, so it is returned as text.</summary>
    public bool TryMatchTruncated(string name, int maxLength, out uint domid, out string numberPrefix)
    {
        domid = 0;
        numberPrefix = string.Empty;
        if (name.Length != maxLength || !name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> rest = name.AsSpan(Prefix.Length);
        int dot = rest.IndexOf(Separator);
        if (dot <= 0 || !TryParseDecimal(rest[..dot], out ulong domidValue) || domidValue > uint.MaxValue)
        {
            return false;
        }

        ReadOnlySpan<char> tail = rest[(dot + 1)..];
        int digits = 0;
        while (digits < tail.Length && char.IsAsciiDigit(tail[digits]))
        {
            digits++;
        }

        ReadOnlySpan<char> cutSuffix = tail[digits..];
        // Cut inside the digits (nothing of the suffix left) or inside the suffix (`-e`, `-em`).
        bool suffixIsCut = cutSuffix.IsEmpty
            || (cutSuffix.Length < Suffix.Length && Suffix.AsSpan().StartsWith(cutSuffix));
        if (digits == 0 || !suffixIsCut || (digits > 1 && tail[0] == '0'))
        {
            return false;
        }

        domid = (uint)domidValue;
        numberPrefix = tail[..digits].ToString();
        return true;
    }

    internal static int DecimalDigits(long number)
    {
        int digits = number < 0 ? 2 : 1;
        for (ulong n = number < 0 ? (ulong)(-(number + 1)) + 1 : (ulong)number; n >= 10; n /= 10)
        {
            digits++;
        }

        return digits;
    }

    private static bool TryParseDecimal(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 19 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (ulong)(c - '0');
        }

        return true;
    }
}
