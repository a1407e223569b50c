using System.Buffers.Binary;
using System.Net.Sockets;

namespace Vifmap.LabTests.XenStore;

/// <summary>What <see cref="FaultProxy"/> does to the real daemon's replies.</summary>
public enum XenStoreFault
{
    /// <summary>Requests reach the daemon; no reply ever comes back.</summary>
    Stall,

    /// <summary>Each reply's header and half its payload arrive, then nothing more (the socket stays open).</summary>
    Truncate,

    /// <summary>The first reply's header and half its payload arrive, then the connection closes.</summary>
    CloseMidReply,

    /// <summary>A header of 0xff bytes (a payload length far over 4096) in place of the reply.</summary>
    Garbage,

    /// <summary>DIRECTORY answers E2BIG, so the client pages with DIRECTORY_PART; every part is a full
    /// page of names without the end marker, at any offset, for ever.</summary>
    EndlessDirectoryParts,
}

/// <summary>A Unix socket between the client under test and the real lab xenstored that damages the
/// daemon's replies (<see cref="XenStoreFault"/>). Requests pass through unchanged: the real daemon
/// still does the work; only what comes back is delayed, cut or invented. A fake only in the part
/// that no real daemon does (misbehave on purpose).</summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private const int HeaderSize = 16;
    private const uint Directory = 1;
    private const uint Error = 16;
    private const uint DirectoryPart = 22; // xs_wire.h: XS_DIRECTORY_PART

    private readonly Socket _listener;
    private readonly string _daemonSocket;
    private readonly XenStoreFault _fault;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<uint, uint> _requestTypes = new();
    private readonly Task _accepting;

    private FaultProxy(string daemonSocket, XenStoreFault fault)
    {
        _daemonSocket = daemonSocket;
        _fault = fault;
        DirectoryPath = System.IO.Directory.CreateTempSubdirectory("vifmap-fault-proxy-").FullName;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _accepting = AcceptAsync();
    }

    public string DirectoryPath { get; }

    public string SocketPath => Path.Combine(DirectoryPath, "socket");

    /// <summary>Replies sent to the client so far (pages, for <see cref="XenStoreFault.EndlessDirectoryParts"/>).</summary>
    public int RepliesSent => Volatile.Read(ref _repliesSent);

    private int _repliesSent;

    public static FaultProxy Start(string daemonSocket, XenStoreFault fault) => new(daemonSocket, fault);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        lock (_sockets)
        {
            foreach (Socket s in _sockets)
            {
                s.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }

        System.IO.Directory.Delete(DirectoryPath, recursive: true);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client = await _listener.AcceptAsync(_stop.Token);
            var daemon = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await daemon.ConnectAsync(new UnixDomainSocketEndPoint(_daemonSocket), _stop.Token);
            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(daemon);
            }

            _ = PumpRequestsAsync(client, daemon);
            _ = PumpRepliesAsync(daemon, client);
        }
    }

    private async Task PumpRequestsAsync(Socket client, Socket daemon)
    {
        try
        {
            while (true)
            {
                byte[] header = new byte[HeaderSize];
                if (!await ReceiveExactlyAsync(client, header))
                {
                    daemon.Shutdown(SocketShutdown.Send);
                    return;
                }

                byte[] payload = new byte[checked((int)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12)))];
                if (!await ReceiveExactlyAsync(client, payload))
                {
                    return;
                }

                // The daemon answers a bad DIRECTORY_PART with ERROR: replies are matched to requests by id.
                _requestTypes[BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4))] = BinaryPrimitives.ReadUInt32LittleEndian(header);
                await daemon.SendAsync(header, _stop.Token);
                await daemon.SendAsync(payload, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // one side went away
        }
    }

    private async Task PumpRepliesAsync(Socket daemon, Socket client)
    {
        try
        {
            while (true)
            {
                byte[] header = new byte[HeaderSize];
                if (!await ReceiveExactlyAsync(daemon, header))
                {
                    client.Shutdown(SocketShutdown.Send);
                    return;
                }

                uint type = _requestTypes.TryRemove(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)), out uint requested)
                    ? requested
                    : BinaryPrimitives.ReadUInt32LittleEndian(header);
                int length = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12)));
                byte[] payload = new byte[length];
                if (!await ReceiveExactlyAsync(daemon, payload))
                {
                    return;
                }

                switch (_fault)
                {
                    case XenStoreFault.Stall:
                        break;
                    case XenStoreFault.Truncate:
                        await client.SendAsync(header, _stop.Token);
                        await client.SendAsync(payload.AsMemory(0, length / 2), _stop.Token);
                        break;
                    case XenStoreFault.CloseMidReply:
                        await client.SendAsync(header, _stop.Token);
                        await client.SendAsync(payload.AsMemory(0, length / 2), _stop.Token);
                        client.Shutdown(SocketShutdown.Both);
                        client.Close();
                        return;
                    case XenStoreFault.Garbage:
                        await client.SendAsync(Enumerable.Repeat((byte)0xff, HeaderSize).ToArray(), _stop.Token);
                        break;
                    case XenStoreFault.EndlessDirectoryParts when type == Directory:
                        await SendAsync(client, header, Error, "E2BIG\0"u8.ToArray());
                        break;
                    case XenStoreFault.EndlessDirectoryParts when type == DirectoryPart:
                        // Generation "7", then a page of names and no terminating empty string.
                        byte[] page = [.. "7\0"u8, .. Enumerable.Range(0, 400).SelectMany(i => "child-123\0"u8.ToArray())];
                        await SendAsync(client, header, DirectoryPart, page);
                        break;
                    default:
                        await client.SendAsync(header, _stop.Token);
                        await client.SendAsync(payload, _stop.Token);
                        break;
                }

                Interlocked.Increment(ref _repliesSent);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // one side went away
        }
    }

    /// <summary>A reply of <paramref name="type"/> to the request whose ids <paramref name="original"/> carries.</summary>
    private async Task SendAsync(Socket client, byte[] original, uint type, ReadOnlyMemory<byte> payload)
    {
        byte[] header = (byte[])original.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(header, type);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)payload.Length);
        await client.SendAsync(header, _stop.Token);
        await client.SendAsync(payload, _stop.Token);
    }

    private async Task<bool> ReceiveExactlyAsync(Socket socket, byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(read), _stop.Token);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
