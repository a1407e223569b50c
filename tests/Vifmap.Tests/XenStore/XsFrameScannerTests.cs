using System.Buffers;
using System.Text;
using Vifmap.XenStore.Wire;

namespace Vifmap.Tests.XenStore;

/// <summary>Frames as the daemon sends them (layouts from xenstore.txt and xs_wire.h, bytes written
/// by hand), fed whole, after another frame, split at every offset and one byte at a time
/// (RESPite's payload variants): the frames read must be the same every time.</summary>
public sealed class XsFrameScannerTests
{
    public static TheoryData<string, byte[]> Frames => new()
    {
        // READ reply: value without NUL. type 2, req_id 7, tx_id 0, len 5.
        { "read reply", Bytes([2, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0], "vif55"u8) },
        // DIRECTORY reply with two children, each NUL-terminated.
        { "directory reply", Bytes([1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0], "ab\0cd\0"u8) },
        // DIRECTORY reply of a leaf: empty payload.
        { "empty directory", Bytes([1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], ""u8) },
        // ERROR "ENOENT\0" inside transaction 3, req_id 0x01020304.
        { "error reply", Bytes([16, 0, 0, 0, 4, 3, 2, 1, 3, 0, 0, 0, 7, 0, 0, 0], "ENOENT\0"u8) },
        // WATCH_EVENT: req_id and tx_id are 0.
        { "watch event", Bytes([15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11, 0, 0, 0], "/local\0tok\0"u8) },
        // A value of exactly XENSTORE_PAYLOAD_MAX bytes (len 0x1000).
        { "4096-byte value", Bytes([2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0], new byte[4096]) },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Whole_frame_is_read_with_its_header_and_payload(string name, byte[] frame)
    {
        _ = name;
        Assert.Equal([Expected(frame)], Feed([frame]));
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Frame_followed_by_another_is_read_and_the_second_one_too(string name, byte[] frame)
    {
        _ = name;
        byte[] next = Bytes([7, 0, 0, 0, 99, 0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0], "OK\0"u8);
        Assert.Equal([Expected(frame), Expected(next)], Feed([[.. frame, .. next]]));
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Frame_split_at_every_offset_is_read_once_whole(string name, byte[] frame)
    {
        _ = name;
        for (int split = 1; split < frame.Length; split++)
        {
            Assert.Equal([Expected(frame)], Feed([frame[..split], frame[split..]]));
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Frame_fed_one_byte_at_a_time_is_read_once_whole(string name, byte[] frame)
    {
        _ = name;
        Assert.Equal([Expected(frame)], Feed(frame.Select(b => new[] { b })));
    }

    [Fact]
    public void Header_alone_needs_more_data()
    {
        byte[] header = [2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0];
        Assert.Equal(OperationStatus.NeedMoreData, XsFrameScanner.TryScan(header, out _, out _));
        Assert.Equal(OperationStatus.NeedMoreData, XsFrameScanner.TryScan(header.AsSpan(0, 15), out _, out _));
    }

    [Theory]
    [InlineData(4097u)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0xFFFFFFFFu)]
    public void Length_over_4096_is_invalid_before_any_payload_arrives(uint length)
    {
        byte[] header = new byte[16];
        new XsHeader(2, 1, 0, length).Write(header);
        Assert.Equal(OperationStatus.InvalidData, XsFrameScanner.TryScan(header, out XsHeader parsed, out int frameLength));
        Assert.Equal(length, parsed.Length);
        Assert.Equal(0, frameLength);
    }

    [Fact]
    public void Buffer_keeps_invalid_status_rather_than_skipping_bytes()
    {
        var buffer = new XsReadBuffer();
        buffer.Append([2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 16, 0, 0]);
        Assert.Equal(OperationStatus.InvalidData, buffer.TryReadFrame(out _, out _));
        Assert.Equal(OperationStatus.InvalidData, buffer.TryReadFrame(out _, out _));
    }

    [Fact]
    public void Many_frames_through_a_small_buffer_survive_compaction()
    {
        var buffer = new XsReadBuffer(XsHeader.Size + XsHeader.PayloadMax);
        int read = 0;
        for (int i = 0; i < 1000; i++)
        {
            byte[] frame = Bytes([2, 0, 0, 0, (byte)i, (byte)(i >> 8), 0, 0, 0, 0, 0, 0, 3, 0, 0, 0], "abc"u8);
            buffer.Append(frame);
            while (buffer.TryReadFrame(out XsHeader header, out ReadOnlySpan<byte> payload) == OperationStatus.Done)
            {
                Assert.Equal((uint)read, header.RequestId);
                Assert.Equal("abc", Encoding.ASCII.GetString(payload));
                read++;
            }
        }

        Assert.Equal(1000, read);
        Assert.Equal(0, buffer.BufferedCount);
    }

    private static List<string> Feed(IEnumerable<byte[]> chunks)
    {
        var buffer = new XsReadBuffer();
        var frames = new List<string>();
        foreach (byte[] chunk in chunks)
        {
            Assert.Equal(chunk.Length, buffer.Append(chunk));
            while (true)
            {
                OperationStatus status = buffer.TryReadFrame(out XsHeader header, out ReadOnlySpan<byte> payload);
                Assert.NotEqual(OperationStatus.InvalidData, status);
                if (status != OperationStatus.Done)
                {
                    break;
                }

                frames.Add(Describe(header, payload.ToArray()));
            }
        }

        Assert.Equal(0, buffer.BufferedCount);
        return frames;
    }

    private static string Expected(byte[] frame)
    {
        // Decoded independently of XsHeader: little-endian by hand.
        uint U(int at) => (uint)(frame[at] | (frame[at + 1] << 8) | (frame[at + 2] << 16) | (frame[at + 3] << 24));
        return $"type={U(0)} req={U(4)} tx={U(8)} len={U(12)} payload={Convert.ToHexString(frame[16..])}";
    }

    private static string Describe(XsHeader header, byte[] payload)
        => $"type={header.Type} req={header.RequestId} tx={header.TransactionId} len={header.Length} payload={Convert.ToHexString(payload)}";

    private static byte[] Bytes(byte[] header, ReadOnlySpan<byte> payload) => [.. header, .. payload];
}
