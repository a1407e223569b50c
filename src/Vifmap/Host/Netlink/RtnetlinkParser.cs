using System.Buffers.Binary;
using System.Text;

namespace Vifmap.Host.Netlink;

/// <summary>What one netlink datagram held: the link messages, and whether the dump ended, failed,
/// was interrupted (a change during the dump: the caller should dump again), or the kernel said
/// messages were lost.</summary>
public sealed class RtnetlinkBatch
{
    public List<RtnlLinkMessage> Links { get; } = [];

    /// <summary>NLMSG_DONE seen: the dump is complete.</summary>
    public bool Done { get; internal set; }

    /// <summary>NLMSG_ERROR with a non-zero errno (negative, as the kernel sends it).</summary>
    public int? Error { get; internal set; }

    /// <summary>NLM_F_DUMP_INTR on some message: the set changed while the kernel dumped it.</summary>
    public bool Interrupted { get; internal set; }

    /// <summary>Headers or attributes that did not fit their bounds; the rest of the datagram was skipped.</summary>
    public int Malformed { get; internal set; }
}

/// <summary>A pure decoder of rtnetlink datagrams (<c>NETLINK_ROUTE</c>) for link messages: bytes in,
/// records out, no socket. Everything is bounds-checked: a length that points outside the datagram
/// ends the walk at that level (counted in <see cref="RtnetlinkBatch.Malformed"/>) instead of
/// reading past it; unknown message and attribute types are skipped. Layouts from
/// include/uapi/linux/netlink.h, rtnetlink.h and if_link.h.</summary>
public static class RtnetlinkParser
{
    internal const int HeaderLength = 16;      // struct nlmsghdr
    internal const int IfInfoLength = 16;      // struct ifinfomsg
    internal const ushort NlmsgError = 2;
    internal const ushort NlmsgDone = 3;
    internal const ushort NlmsgOverrun = 4;
    internal const ushort RtmNewLink = 16;
    internal const ushort RtmDelLink = 17;
    internal const ushort FlagDumpInterrupted = 0x10;

    private const ushort IflaAddress = 1;
    private const ushort IflaIfname = 3;
    private const ushort IflaMtu = 4;
    private const ushort IflaMaster = 10;
    private const ushort IflaOperstate = 16;
    private const ushort IflaLinkinfo = 18;
    private const ushort IflaStats64 = 23;
    private const ushort IflaCarrier = 33;
    private const ushort IflaParentDevName = 56;
    private const ushort IflaParentDevBusName = 57;
    private const ushort IflaInfoKind = 1;

    // NLA_F_NESTED and NLA_F_NET_BYTEORDER ride in the type's top bits.
    private const ushort AttributeTypeMask = 0x3fff;

    private static readonly string[] s_operStates = ["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"];

    /// <summary>Decodes every message of one datagram.</summary>
    public static RtnetlinkBatch Parse(ReadOnlySpan<byte> datagram)
    {
        var batch = new RtnetlinkBatch();
        while (datagram.Length >= HeaderLength)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(datagram[6..]);
            if (length < HeaderLength || length > (uint)datagram.Length)
            {
                batch.Malformed++;
                break;
            }

            ReadOnlySpan<byte> body = datagram[HeaderLength..(int)length];
            if ((flags & FlagDumpInterrupted) != 0)
            {
                batch.Interrupted = true;
            }

            switch (type)
            {
                case NlmsgDone:
                    batch.Done = true;
                    break;
                case NlmsgError:
                    int errno = body.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(body) : int.MinValue;
                    if (errno != 0)
                    {
                        batch.Error = errno;
                    }

                    break;
                case NlmsgOverrun:
                    batch.Error = -105; // ENOBUFS: the kernel says messages were lost
                    break;
                case RtmNewLink or RtmDelLink:
                    if (ParseLink(body, type == RtmNewLink ? RtnlLinkChange.New : RtnlLinkChange.Deleted, batch) is RtnlLinkMessage link)
                    {
                        batch.Links.Add(link);
                    }

                    break;
            }

            int aligned = Align(length);
            if (aligned >= datagram.Length)
            {
                break;
            }

            datagram = datagram[aligned..];
        }

        return batch;
    }

    private static RtnlLinkMessage? ParseLink(ReadOnlySpan<byte> body, RtnlLinkChange change, RtnetlinkBatch batch)
    {
        if (body.Length < IfInfoLength)
        {
            batch.Malformed++;
            return null;
        }

        int ifindex = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        var link = new RtnlLinkMessage(change, ifindex) { Flags = flags };
        ReadOnlySpan<byte> attributes = body[IfInfoLength..];
        while (NextAttribute(ref attributes, out ushort type, out ReadOnlySpan<byte> value, batch))
        {
            link = type switch
            {
                IflaIfname => link with { Name = CString(value) },
                IflaMtu when value.Length >= 4 => link with { Mtu = BinaryPrimitives.ReadInt32LittleEndian(value) },
                IflaMaster when value.Length >= 4 => link with { MasterIfindex = BinaryPrimitives.ReadInt32LittleEndian(value) },
                IflaOperstate when value.Length >= 1 => link with { OperState = value[0] < s_operStates.Length ? s_operStates[value[0]] : "unknown" },
                IflaCarrier when value.Length >= 1 => link with { Carrier = value[0] != 0 },
                IflaAddress when value.Length > 0 => link with { Address = Hex(value) },
                IflaLinkinfo => link with { Kind = LinkInfoKind(value, batch) },
                IflaStats64 when value.Length >= 64 => link with { Stats = Stats64(value) },
                IflaParentDevName => link with { ParentDevice = CString(value) },
                IflaParentDevBusName => link with { ParentBus = CString(value) },
                _ => link,
            };
        }

        return link;
    }

    private static string? LinkInfoKind(ReadOnlySpan<byte> nested, RtnetlinkBatch batch)
    {
        while (NextAttribute(ref nested, out ushort type, out ReadOnlySpan<byte> value, batch))
        {
            if (type == IflaInfoKind)
            {
                return CString(value);
            }
        }

        return null;
    }

    private static RtnlLinkStats Stats64(ReadOnlySpan<byte> v) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(v),
        BinaryPrimitives.ReadUInt64LittleEndian(v[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(v[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(v[24..]),
        BinaryPrimitives.ReadUInt64LittleEndian(v[32..]),
        BinaryPrimitives.ReadUInt64LittleEndian(v[40..]),
        BinaryPrimitives.ReadUInt64LittleEndian(v[48..]),
        BinaryPrimitives.ReadUInt64LittleEndian(v[56..]));

    /// <summary>Takes the next <c>struct rtattr</c> off <paramref name="attributes"/>. False at the end,
    /// or when the next length is impossible (then the rest is skipped and counted).</summary>
    private static bool NextAttribute(ref ReadOnlySpan<byte> attributes, out ushort type, out ReadOnlySpan<byte> value, RtnetlinkBatch batch)
    {
        type = 0;
        value = default;
        if (attributes.Length < 4)
        {
            return false;
        }

        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
        if (length < 4 || length > attributes.Length)
        {
            batch.Malformed++;
            attributes = default;
            return false;
        }

        type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & AttributeTypeMask);
        value = attributes[4..length];
        int aligned = Align(length);
        attributes = aligned >= attributes.Length ? default : attributes[aligned..];
        return true;
    }

    private static int Align(uint length) => (int)Math.Min((length + 3) & ~3u, int.MaxValue);

    /// <summary>A NUL-terminated attribute string (the NUL may be missing in a hostile message).
    /// Interface names are bytes to the kernel: invalid UTF-8 becomes U+FFFD rather than failing.</summary>
    private static string CString(ReadOnlySpan<byte> value)
    {
        int nul = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? value[..nul] : value);
    }

    private static string Hex(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes)
        {
            if (text.Length > 0)
            {
                text.Append(':');
            }

            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{b:x2}");
        }

        return text.ToString();
    }
}
