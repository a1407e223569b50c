using System.Buffers;

namespace Vifmap.XenStore.Wire;

/// <summary>Decides whether a whole frame sits at the start of a buffer: the one place that looks at a
/// header's length. Answers with a status instead of throwing (RESPite's <c>RespFrameScanner</c>),
/// and checks the length against <see cref="XsHeader.PayloadMax"/> before anyone sizes a buffer.</summary>
internal static class XsFrameScanner
{
    /// <summary><see cref="OperationStatus.Done"/> with the header and the frame's total length
    /// (header + payload); <see cref="OperationStatus.NeedMoreData"/> when the header or payload is
    /// incomplete; <see cref="OperationStatus.InvalidData"/> when the header claims a payload over
    /// 4096 bytes — the stream can then never be resynchronised.</summary>
    public static OperationStatus TryScan(ReadOnlySpan<byte> buffer, out XsHeader header, out int frameLength)
    {
        frameLength = 0;
        if (buffer.Length < XsHeader.Size)
        {
            header = default;
            return OperationStatus.NeedMoreData;
        }

        header = XsHeader.Read(buffer);
        if (header.Length > XsHeader.PayloadMax)
        {
            return OperationStatus.InvalidData;
        }

        int total = XsHeader.Size + (int)header.Length;
        if (buffer.Length < total)
        {
            return OperationStatus.NeedMoreData;
        }

        frameLength = total;
        return OperationStatus.Done;
    }
}
