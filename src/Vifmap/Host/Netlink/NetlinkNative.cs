using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vifmap.Host.Netlink;

/// <summary>The few libc calls a NETLINK_ROUTE socket needs. .NET's Socket class has no netlink
/// address family, so the socket is raw: source-generated P/Invoke, clean under Native AOT.</summary>
internal static partial class NetlinkNative
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int NetlinkRoute = 0;
    public const int SolSocket = 1;
    public const int SoRcvbuf = 8;
    public const int SoRcvbufForce = 33;
    public const int SolNetlink = 270;
    public const int NetlinkNoEnobufs = 5;
    public const int MsgTrunc = 0x20;
    public const int PollIn = 0x1;
    public const int Eintr = 4;
    public const int Enobufs = 105;
    public const int CloneNewNet = 0x40000000;

    [StructLayout(LayoutKind.Sequential)]
    public struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(SafeNetlinkHandle fd, in SockaddrNl address, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(SafeNetlinkHandle fd, int level, int name, in int value, int length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static unsafe partial nint Send(SafeNetlinkHandle fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static unsafe partial nint Recv(SafeNetlinkHandle fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(SafeFileHandle fd, int nsType);
}

/// <summary>Owns a netlink socket's file descriptor.</summary>
internal sealed class SafeNetlinkHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeNetlinkHandle()
        : base(ownsHandle: true)
    {
    }

    public SafeNetlinkHandle(int fd)
        : base(ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => NetlinkNative.Close((int)handle) == 0;
}
