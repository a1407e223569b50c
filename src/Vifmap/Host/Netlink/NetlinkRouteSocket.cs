using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vifmap.Host.Netlink;

/// <summary>A NETLINK_ROUTE socket: either for request/dump exchanges (RTM_GETLINK) or subscribed to
/// the link group (RTNLGRP_LINK) for RTM_NEWLINK / RTM_DELLINK notifications. Read-only: it sends
/// only GET requests. Calls block; the live model runs the subscription on its own thread.</summary>
public sealed class NetlinkRouteSocket : IDisposable
{
    /// <summary>Large enough for any datagram the kernel builds for a dump (at most 32 KiB).</summary>
    internal const int DatagramBuffer = 64 * 1024;

    private const ushort RtmGetLink = 18;
    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFDump = 0x300;
    private const uint RtmgrpLink = 0x1;

    private readonly SafeNetlinkHandle _handle;
    private readonly byte[] _buffer = new byte[DatagramBuffer];
    private uint _sequence;

    private NetlinkRouteSocket(SafeNetlinkHandle handle) => _handle = handle;

    /// <summary>Opens a socket in this process's network namespace, or in the one named by
    /// <paramref name="networkNamespace"/> (a path such as <c>/run/netns/NAME</c>; the socket keeps
    /// talking to that namespace). With <paramref name="subscribeLinks"/> it receives link changes.</summary>
    /// <exception cref="IOException">The kernel refused the socket (the message says why).</exception>
    public static NetlinkRouteSocket Open(bool subscribeLinks = false, string? networkNamespace = null)
    {
        if (networkNamespace is null)
        {
            return OpenHere(subscribeLinks);
        }

        // setns changes the calling thread only: do it on a thread of our own and never hand that thread back.
        NetlinkRouteSocket? opened = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using SafeFileHandle target = File.OpenHandle(networkNamespace);
                if (NetlinkNative.SetNs(target, NetlinkNative.CloneNewNet) != 0)
                {
                    throw Failure($"cannot enter network namespace {networkNamespace}");
                }

                opened = OpenHere(subscribeLinks);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return opened ?? throw (failure as IOException ?? new IOException(failure?.Message, failure));
    }

    private static NetlinkRouteSocket OpenHere(bool subscribeLinks)
    {
        int fd = NetlinkNative.Socket(NetlinkNative.AfNetlink, NetlinkNative.SockRaw | NetlinkNative.SockCloexec, NetlinkNative.NetlinkRoute);
        if (fd < 0)
        {
            throw Failure("cannot open a NETLINK_ROUTE socket");
        }

        var handle = new SafeNetlinkHandle(fd);
        try
        {
            var address = new NetlinkNative.SockaddrNl { Family = NetlinkNative.AfNetlink, Groups = subscribeLinks ? RtmgrpLink : 0 };
            if (NetlinkNative.Bind(handle, address, Marshal.SizeOf<NetlinkNative.SockaddrNl>()) != 0)
            {
                throw Failure("cannot bind the NETLINK_ROUTE socket");
            }

            if (subscribeLinks)
            {
                // A boot storm sends thousands of notifications at once: a large queue makes overflow
                // (ENOBUFS, which the watcher answers with a resync) rare. FORCE needs root; else the capped one.
                int size = 8 * 1024 * 1024;
                if (NetlinkNative.SetSockOpt(handle, NetlinkNative.SolSocket, NetlinkNative.SoRcvbufForce, size, sizeof(int)) != 0)
                {
                    _ = NetlinkNative.SetSockOpt(handle, NetlinkNative.SolSocket, NetlinkNative.SoRcvbuf, size, sizeof(int));
                }
            }

            return new NetlinkRouteSocket(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>RTM_GETLINK dump: every interface with its attributes and 64-bit counters, in one
    /// exchange. A dump the kernel marks interrupted (a link changed meanwhile) is taken again.</summary>
    public IReadOnlyList<RtnlLinkMessage> DumpLinks()
    {
        for (int attempt = 1; ; attempt++)
        {
            uint sequence = SendGetLinkDump();
            var links = new List<RtnlLinkMessage>();
            bool interrupted = false;
            while (true)
            {
                int length = Receive();
                if (length < 0)
                {
                    interrupted = true; // ENOBUFS mid-dump: part of it is gone, take it again
                    break;
                }

                RtnetlinkBatch batch = RtnetlinkParser.Parse(_buffer.AsSpan(0, length));
                if (BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(8)) != sequence)
                {
                    continue; // a late answer to an earlier request
                }

                if (batch.Error is int errno)
                {
                    throw new IOException($"the kernel refused the interface dump: {new Win32Exception(-errno).Message}");
                }

                links.AddRange(batch.Links);
                interrupted |= batch.Interrupted;
                if (batch.Done)
                {
                    break;
                }
            }

            if (!interrupted || attempt >= 5)
            {
                return links;
            }
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for one notification datagram and decodes it;
    /// null when none came. <see cref="RtnetlinkBatch.Error"/> is ENOBUFS (-105) when the kernel dropped
    /// notifications because this socket's queue was full.</summary>
    public RtnetlinkBatch? ReceiveNotifications(int timeoutMs)
    {
        var poll = new NetlinkNative.PollFd { Fd = _handle.Fd, Events = NetlinkNative.PollIn };
        int ready = NetlinkNative.Poll(ref poll, 1, timeoutMs);
        if (ready == 0 || (ready < 0 && Marshal.GetLastPInvokeError() == NetlinkNative.Eintr))
        {
            return null;
        }

        if (ready < 0)
        {
            throw Failure("poll on the netlink socket failed");
        }

        int length = Receive();
        return length < 0
            ? new RtnetlinkBatch { Error = -NetlinkNative.Enobufs }
            : RtnetlinkParser.Parse(_buffer.AsSpan(0, length));
    }

    private unsafe uint SendGetLinkDump()
    {
        uint sequence = ++_sequence;
        Span<byte> request = stackalloc byte[RtnetlinkParser.HeaderLength + RtnetlinkParser.IfInfoLength];
        request.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)request.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], RtmGetLink);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], NlmFRequest | NlmFDump);
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
        request[RtnetlinkParser.HeaderLength] = 0; // AF_UNSPEC: every family's links
        fixed (byte* p = request)
        {
            if (NetlinkNative.Send(_handle, p, request.Length, 0) != request.Length)
            {
                throw Failure("cannot send RTM_GETLINK");
            }
        }

        return sequence;
    }

    /// <summary>One datagram into the buffer: its length, or -1 for ENOBUFS (the kernel dropped messages).</summary>
    private unsafe int Receive()
    {
        while (true)
        {
            nint length;
            fixed (byte* p = _buffer)
            {
                length = NetlinkNative.Recv(_handle, p, _buffer.Length, NetlinkNative.MsgTrunc);
            }

            if (length >= 0)
            {
                // MSG_TRUNC returns the real length: a datagram larger than the buffer lost its tail.
                return (int)Math.Min(length, _buffer.Length);
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == NetlinkNative.Eintr)
            {
                continue;
            }

            if (errno == NetlinkNative.Enobufs)
            {
                return -1;
            }

            throw new IOException($"netlink receive failed: {new Win32Exception(errno).Message}");
        }
    }

    private static IOException Failure(string what)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{what}: {new Win32Exception(errno).Message}");
    }

    public void Dispose() => _handle.Dispose();
}
