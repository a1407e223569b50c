using System.Globalization;
using CsCheck;

namespace Vifmap.LabTests.Vif;

/// <summary>CsCheck generators for vif specs that mix what people write (libvirt and Xen fixtures,
/// peers-and-users.md §2) with the tokens xl reads in surprising ways (reference §2, §7). Specs never
/// contain a quote, a backslash, a newline or a NUL, so they can be written into a single-quoted
/// xl.cfg string as they are.</summary>
internal static class VifSpecGen
{
    private static readonly Gen<string> s_hexByte = Gen.Byte.Select(b => b.ToString("x2", CultureInfo.InvariantCulture));

    private static readonly Gen<string> s_word = Gen.Frequency(
        (6, Gen.OneOf("xenbr0", "xenbr1", "br0", "br-lan", "ovsbr0.42", "ovsbr0:42:43", "e1000", "rtl8139",
            "virtio-net-pci", "vif-bridge", "vif-route", "vif-openvswitch", "/etc/xen/scripts/vif-nat", "eth0",
            "10.0.0.1", "10.0.0.1 10.1.1.1 2000::1", "192.0.2.7", "net0", "web", "vif-web", "dom0", "0", "netdom")),
        (3, Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789.-_"].Array[1, 14].Select(c => new string(c))),
        (2, Gen.OneOf("", "a=b", "br0 ", " br0", "b\tr", "brü", "x@y", "a b", "%d", "vif7.0", "web-emu", "日本")));

    /// <summary>MAC values: canonical, loose but valid, partial, overlong, invalid, zero, multicast.</summary>
    public static readonly Gen<string> Mac = Gen.Frequency(
        (5, Gen.Select(s_hexByte.Array[6], Gen.OneOf(':', '-'), Gen.Bool, (o, sep, upper) =>
        {
            string m = string.Join(sep, o);
            return upper ? m.ToUpperInvariant() : m;
        })),
        (2, Gen.Select(s_hexByte.Array[3], o => "00:16:3e:" + string.Join(':', o))),
        (6, Gen.Select(Octet.Array[1, 8], Gen.OneOf(":", "-", ".", "g", " ", "\t", "::"), Gen.OneOf("", "", "", "xyz", ":", " "),
            (o, sep, tail) => string.Join(sep, o) + tail)),
        (1, Gen.OneOf("00:00:00:00:00:00", "0:0:0:0:0:0", "01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "", ":", "00:16:3e")));

    private static Gen<string> Octet => Gen.Frequency(
        (8, s_hexByte),
        (3, Gen.Int[0, 15].Select(i => i.ToString("x", CultureInfo.InvariantCulture))),
        (2, Gen.Int[0, 255].Select(i => "0x" + i.ToString("X", CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("+5", "-0", " a", "\t7", "000ff", "100", "zz", "100000001", "-1", "0x", "fffffffff0", "x1", "")));

    /// <summary>Rates: mostly accepted, with octal and unit-less interval traps; some refused.</summary>
    public static readonly Gen<string> Rate = Gen.Frequency(
        (10, Gen.Select(RateNumber, Gen.OneOf("", "K", "M", "G"), Gen.OneOf("B", "b"), Interval,
            (n, mult, unit, iv) => n + mult + unit + "/s" + iv)),
        (1, Gen.OneOf("foo", "10MB", "10MB/m", "10ZB/s", "1mb/s", "0B/s", "@", "", "10MB/s@", "10MB/s@10h",
            "4294967296b/s", "1B/s@0us", "4296MB/s@4294s", "4294967295GB/s@5us", "08MB/s", "10MB/s ", "1B/s@4295s")));

    private static Gen<string> RateNumber => Gen.Frequency(
        (6, Gen.UInt[1, 100_000].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("010", "019", "0010", "07", "0777", "4294967295", "1", "5")));

    private static Gen<string> Interval => Gen.Frequency(
        (5, Gen.Const(string.Empty)),
        (4, Gen.Select(Gen.Frequency((5, Gen.UInt[1, 5000].Select(i => i.ToString(CultureInfo.InvariantCulture))), (1, Gen.OneOf("010", "019", "020"))),
            Gen.OneOf("", "s", "ms", "us", "m", "u"), (n, u) => "@" + n + u)));

    private static Gen<string> Number(params string[] nasty) => Gen.Frequency(
        (6, Gen.Int[0, 40].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf(nasty)));

    /// <summary>One token of a spec, with its key's weight.</summary>
    public static readonly Gen<string> Token = Gen.Frequency(
        (10, Mac.Select(m => "mac=" + m)),
        (6, s_word.Select(w => "bridge=" + w)),
        (3, s_word.Select(w => "model=" + w)),
        (4, s_word.Select(w => "vifname=" + w)),
        (3, s_word.Select(w => "script=" + w)),
        (3, s_word.Select(w => "ip=" + w)),
        (2, s_word.Select(w => "gatewaydev=" + w)),
        (1, s_word.Select(w => "netdev=" + w)),
        (1, s_word.Select(w => "backend=" + w)),
        (1, s_word.Select(w => "vlan=" + w)),
        (1, s_word.Select(w => "forwarddev=" + w)),
        (1, s_word.Select(w => "colo_sock_mirror_port=" + w)),
        (5, Gen.OneOf("type=vif", "type=ioemu", "type=vif", "type=ioemu", "type=netfront", "type=IOEMU", "type=vif ", "type=")),
        (5, Rate.Select(r => "rate=" + r)),
        (4, Number("007", "3abc", " 5", "+2", "12 ", "4294967296", "4294967295", "abc", "-1", "", "99999999999999999999").Select(n => "devid=" + n)),
        (3, Number("1500", "9000", "0", "1500x", " 68", "70000", "0010", "abc", "").Select(n => "mtu=" + n)),
        (2, Gen.OneOf("trusted", "untrusted")),
        (1, Gen.OneOf("accel=x", "foo", "foo=bar", "Bridge=xenbr1", "MAC=00:16:3e:00:00:01", "bridge = xenbr1",
            "bridge =xenbr1", "\tbridge=xenbr1", "uuid=1234", "policy=x", "bridge", "=x", "  ")));

    private static readonly Gen<string> s_separator = Gen.Frequency((8, Gen.Const(",")), (2, Gen.Const(", ")), (1, Gen.Const(",,")), (1, Gen.Const(" ,  ")));

    /// <summary>A whole spec: 0 to 7 tokens joined by commas (some doubled, some with spaces).</summary>
    public static readonly Gen<string> Spec = Gen.Select(Token.Array[0, 7], s_separator.Array[7], Gen.Int[0, 9],
        (tokens, seps, edge) =>
        {
            var text = new System.Text.StringBuilder();
            if (edge == 0)
            {
                text.Append(',');
            }

            for (int i = 0; i < tokens.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(seps[i]);
                }

                text.Append(tokens[i]);
            }

            if (edge == 1)
            {
                text.Append(',');
            }

            return text.ToString();
        });
}
