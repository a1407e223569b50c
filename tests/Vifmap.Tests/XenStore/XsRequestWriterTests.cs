using Vifmap.XenStore.Wire;

namespace Vifmap.Tests.XenStore;

public sealed class XsRequestWriterTests
{
    [Fact]
    public void Read_request_is_header_then_nul_terminated_path()
    {
        byte[] frame = new byte[XsRequestWriter.GetFrameLength("/a/b", null)];
        int written = XsRequestWriter.Write(frame, XsRequestType.Read, 0x0102, 5, "/a/b", null);
        byte[] expected = [2, 0, 0, 0, 2, 1, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0, (byte)'/', (byte)'a', (byte)'/', (byte)'b', 0];
        Assert.Equal(expected, frame[..written]);
    }

    [Fact]
    public void Directory_part_request_carries_path_and_offset_strings()
    {
        byte[] frame = new byte[XsRequestWriter.GetFrameLength("/x", "4090")];
        int written = XsRequestWriter.Write(frame, XsRequestType.DirectoryPart, 1, 0, "/x", "4090");
        byte[] expected = [22, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, (byte)'/', (byte)'x', 0, (byte)'4', (byte)'0', (byte)'9', (byte)'0', 0];
        Assert.Equal(expected, frame[..written]);
    }

    [Fact]
    public void Transaction_start_payload_is_one_empty_string()
    {
        byte[] frame = new byte[XsRequestWriter.GetFrameLength(string.Empty, null)];
        int written = XsRequestWriter.Write(frame, XsRequestType.TransactionStart, 3, 0, string.Empty, null);
        Assert.Equal(new byte[] { 6, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 }, frame[..written]);
    }

    [Fact]
    public void Payload_of_exactly_4096_bytes_is_allowed_and_4097_is_refused()
    {
        Assert.Equal(16 + 4096, XsRequestWriter.GetFrameLength(new string('a', 4095), null));
        Assert.Equal(-1, XsRequestWriter.GetFrameLength(new string('a', 4096), null));
        Assert.Equal(-1, XsRequestWriter.GetFrameLength(new string('a', 2048), new string('b', 2047)));
    }

    [Fact]
    public void The_client_can_only_name_read_transaction_watch_and_domain_path_requests()
    {
        // Wire numbers from xs_wire.h: DIRECTORY 1, READ 2, WATCH 4, UNWATCH 5, TRANSACTION_START 6,
        // TRANSACTION_END 7, GET_DOMAIN_PATH 10, DIRECTORY_PART 22. WRITE 11, MKDIR 12, RM 13,
        // SET_PERMS 14, INTRODUCE 8, RELEASE 9, CONTROL 0, RESUME 18, SET_TARGET 19 and
        // RESET_WATCHES 21 must not be expressible.
        uint[] sendable = [.. Enum.GetValues<XsRequestType>().Select(t => (uint)t).Order()];
        Assert.Equal([1u, 2u, 4u, 5u, 6u, 7u, 10u, 22u], sendable);
    }
}
