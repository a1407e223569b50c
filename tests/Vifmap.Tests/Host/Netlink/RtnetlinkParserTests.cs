using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Vifmap.Host.Netlink;

namespace Vifmap.Tests.Host.Netlink;

/// <summary>The pure rtnetlink decoder. Datagrams are built here byte by byte from the kernel's uapi
/// layouts (netlink.h: nlmsghdr 16 bytes; rtnetlink.h: ifinfomsg 16 bytes, rtattr 4 + value padded to
/// 4; if_link.h: IFLA_IFNAME 3, IFLA_MTU 4, IFLA_MASTER 10, IFLA_OPERSTATE 16, IFLA_LINKINFO 18 with
/// IFLA_INFO_KIND 1, IFLA_STATS64 23, IFLA_CARRIER 33), not from the parser.</summary>
public sealed class RtnetlinkParserTests
{
    private static byte[] Attr(ushort type, ReadOnlySpan<byte> value)
    {
        byte[] a = new byte[(4 + value.Length + 3) & ~3];
        BinaryPrimitives.WriteUInt16LittleEndian(a, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(a.AsSpan(2), type);
        value.CopyTo(a.AsSpan(4));
        return a;
    }

    private static byte[] Str(ushort type, string s) => Attr(type, Encoding.UTF8.GetBytes(s + "\0"));

    private static byte[] U32(ushort type, uint v)
    {
        byte[] b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return Attr(type, b);
    }

    private static byte[] Message(ushort type, ushort flags, int ifindex, uint ifflags, params byte[][] attrs)
    {
        int length = 32 + attrs.Sum(a => a.Length);
        byte[] m = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(6), flags);
        BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(20), ifindex);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(24), ifflags);
        int at = 32;
        foreach (byte[] a in attrs)
        {
            a.CopyTo(m, at);
            at += a.Length;
        }

        return m;
    }

    private static byte[] Stats(params ulong[] counters)
    {
        byte[] v = new byte[counters.Length * 8];
        for (int i = 0; i < counters.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(v.AsSpan(i * 8), counters[i]);
        }

        return Attr(23, v);
    }

    [Fact]
    public void New_link_message_gives_every_attribute()
    {
        byte[] tap = Message(16, 2, 7, 0x11043,
            Str(3, "vif2.0-emu"),
            U32(4, 1500),
            U32(10, 3),
            Attr(16, [6]),
            Attr(33, [1]),
            Attr(1, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff]),
            Attr(18, Str(1, "tun")),
            Stats(10, 2, 600, 120, 1, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

        RtnetlinkBatch batch = RtnetlinkParser.Parse(tap);

        RtnlLinkMessage link = Assert.Single(batch.Links);
        Assert.Equal(
            (RtnlLinkChange.New, 7, "vif2.0-emu", (int?)1500, (int?)3, "up", (bool?)true, "fe:ff:ff:ff:ff:ff", "tun", true),
            (link.Change, link.Ifindex, link.Name, link.Mtu, link.MasterIfindex, link.OperState, link.Carrier, link.Address, link.Kind, link.IsUp));
        Assert.Equal(new RtnlLinkStats(10, 2, 600, 120, 1, 0, 3, 4), link.Stats);
        Assert.Equal(0, batch.Malformed);
    }

    [Fact]
    public void Several_messages_then_done_in_one_datagram()
    {
        byte[] done = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(done, 20);
        BinaryPrimitives.WriteUInt16LittleEndian(done.AsSpan(4), 3);
        byte[] datagram = [.. Message(16, 2, 1, 0, Str(3, "lo")), .. Message(17, 0, 9, 0, Str(3, "vif9.0")), .. done];

        RtnetlinkBatch batch = RtnetlinkParser.Parse(datagram);

        Assert.Equal([(RtnlLinkChange.New, "lo"), (RtnlLinkChange.Deleted, "vif9.0")], batch.Links.Select(l => (l.Change, l.Name)));
        Assert.True(batch.Done);
    }

    [Fact]
    public void Error_and_dump_interrupted_are_reported()
    {
        byte[] error = new byte[36];
        BinaryPrimitives.WriteUInt32LittleEndian(error, 36);
        BinaryPrimitives.WriteUInt16LittleEndian(error.AsSpan(4), 2);
        BinaryPrimitives.WriteInt32LittleEndian(error.AsSpan(16), -16);

        Assert.Equal(-16, RtnetlinkParser.Parse(error).Error);
        Assert.True(RtnetlinkParser.Parse(Message(16, 0x12, 1, 0, Str(3, "lo"))).Interrupted);
    }

    [Fact]
    public void Attribute_longer_than_its_message_stops_the_walk_without_reading_past_it()
    {
        byte[] bad = Attr(3, Encoding.UTF8.GetBytes("eth0\0"));
        BinaryPrimitives.WriteUInt16LittleEndian(bad, 200);
        byte[] datagram = Message(16, 0, 4, 0, U32(4, 9000), bad, U32(10, 2));

        RtnetlinkBatch batch = RtnetlinkParser.Parse(datagram);

        RtnlLinkMessage link = Assert.Single(batch.Links);
        Assert.Equal((9000, (string?)null, (int?)null), (link.Mtu, link.Name, link.MasterIfindex));
        Assert.Equal(1, batch.Malformed);
    }

    [Fact]
    public void Header_length_beyond_the_datagram_or_short_values_are_ignored()
    {
        byte[] m = Message(16, 0, 4, 0, Str(3, "x"));
        BinaryPrimitives.WriteUInt32LittleEndian(m, 4096);
        Assert.Empty(RtnetlinkParser.Parse(m).Links);
        Assert.Equal(1, RtnetlinkParser.Parse(m).Malformed);

        // An MTU of two bytes, statistics of one counter, a name without NUL, an operstate beyond the table.
        RtnlLinkMessage odd = Assert.Single(RtnetlinkParser.Parse(Message(16, 0, 5, 0, Attr(4, [1, 2]), Stats(1), Attr(3, "ab"u8), Attr(16, [77]))).Links);
        Assert.Equal(((int?)null, (RtnlLinkStats?)null, "ab", "unknown"), (odd.Mtu, odd.Stats, odd.Name, odd.OperState));
    }

    [Fact]
    public void Any_bytes_decode_without_throwing()
    {
        Gen.Byte.Array[0, 400].Sample(bytes => _ = RtnetlinkParser.Parse(bytes), iter: 20000);

        // Mutations of a valid message reach deeper than random bytes.
        byte[] valid = Message(16, 2, 7, 1, Str(3, "vif1.0"), Attr(18, Str(1, "veth")), Stats(1, 2, 3, 4, 5, 6, 7, 8));
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte).Array[1, 6].Sample(edits =>
        {
            byte[] copy = (byte[])valid.Clone();
            foreach ((int at, byte value) in edits)
            {
                copy[at] = value;
            }

            _ = RtnetlinkParser.Parse(copy);
        }, iter: 20000);
    }
}
