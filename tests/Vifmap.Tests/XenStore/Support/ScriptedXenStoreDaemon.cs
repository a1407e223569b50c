using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Vifmap.Tests.XenStore.Support;

/// <summary>A FAKE daemon on a unix socket, driven step by step by a test. It exists only for faults
/// the real xenstored cannot be made to produce — a reply for the wrong req_id, a length over 4096,
/// a frame cut by EOF, a daemon that stalls, replies out of order. Everything else is tested against
/// the real daemon in Vifmap.LabTests. It parses requests by hand, independently of the client's code.</summary>
internal sealed class ScriptedXenStoreDaemon : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Socket _listener;
    private Socket? _client;

    public ScriptedXenStoreDaemon()
    {
        _directory = Directory.CreateTempSubdirectory("vifmap-fake-xs-").FullName;
        SocketPath = Path.Combine(_directory, "socket");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(1);
    }

    public string SocketPath { get; }

    public async Task AcceptAsync() => _client = await _listener.AcceptAsync();

    /// <summary>The next request: type, req_id, tx_id and payload strings.</summary>
    public async Task<Request> ReceiveAsync()
    {
        byte[] header = await ReadExactlyAsync(16);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
        byte[] payload = await ReadExactlyAsync((int)length);
        return new Request(
            BinaryPrimitives.ReadUInt32LittleEndian(header),
            BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)),
            BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)),
            payload);
    }

    /// <summary>True if no byte arrives within a short wait (used to show a request was NOT sent).</summary>
    public async Task<bool> NothingArrivesAsync()
    {
        byte[] one = new byte[1];
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        try
        {
            int n = await _client!.ReceiveAsync(one, SocketFlags.Peek, wait.Token);
            return n == 0;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public Task ReplyAsync(Request to, uint type, ReadOnlySpan<byte> payload) => SendFrameAsync(type, to.RequestId, to.TransactionId, payload);

    public Task ReplyAsync(Request to, ReadOnlySpan<byte> payload) => SendFrameAsync(to.Type, to.RequestId, to.TransactionId, payload);

    public Task SendFrameAsync(uint type, uint requestId, uint transactionId, ReadOnlySpan<byte> payload, uint? claimedLength = null)
    {
        byte[] frame = new byte[16 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, type);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), requestId);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), transactionId);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(12), claimedLength ?? (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(16));
        return SendRawAsync(frame);
    }

    public async Task SendRawAsync(byte[] bytes) => await _client!.SendAsync(bytes);

    /// <summary>Closes the accepted connection (the daemon "dies").</summary>
    public void Hangup() => _client?.Dispose();

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        byte[] buffer = new byte[count];
        int done = 0;
        while (done < count)
        {
            int n = await _client!.ReceiveAsync(buffer.AsMemory(done));
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            done += n;
        }

        return buffer;
    }

    internal sealed record Request(uint Type, uint RequestId, uint TransactionId, byte[] Payload)
    {
        public string[] Strings => Encoding.ASCII.GetString(Payload).TrimEnd('\0').Split('\0');
    }
}
