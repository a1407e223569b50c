using System.Buffers.Binary;

namespace Vifmap.XenStore.Wire;

/// <summary><c>struct xsd_sockmsg</c>: four little-endian uint32 (type, req_id, tx_id, len) before
/// every payload, in both directions. Little-endian because dom0 is x86 or arm64; the C clients
/// write the struct in host order.</summary>
internal readonly record struct XsHeader(uint Type, uint RequestId, uint TransactionId, uint Length)
{
    public const int Size = 16;

    /// <summary><c>XENSTORE_PAYLOAD_MAX</c>: the daemon kills a connection that sends more, and never
    /// sends more itself (xenstore.txt, "payload length ... limited to 4096 in both directions").</summary>
    public const int PayloadMax = 4096;

    public static XsHeader Read(ReadOnlySpan<byte> source)
        => new(
            BinaryPrimitives.ReadUInt32LittleEndian(source),
            BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Type);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], RequestId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], TransactionId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Length);
    }
}
