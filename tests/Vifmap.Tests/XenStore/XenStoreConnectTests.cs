using System.Net.Sockets;
using Vifmap.XenStore;

namespace Vifmap.Tests.XenStore;

/// <summary>Connecting to a daemon that accepts nothing: a real Unix socket listening with a full backlog
/// (no xenstored needed; the kernel's behaviour is what is tested). One-shot readers connect with a
/// blocking connect(), which Linux would otherwise leave waiting until the daemon accepts. The
/// deadlines below are not timing assertions: they only turn a hang (the bug) into a failure.</summary>
public sealed class XenStoreConnectTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_daemon_that_accepts_nothing_is_reported_unavailable_at_the_timeout(bool inline)
    {
        using var daemon = new DaemonAcceptingNothing();
        var options = new XenStoreConnectionOptions { SocketPath = daemon.Path, Timeout = TimeSpan.FromSeconds(1), CompleteRepliesInline = inline };

        XenStoreUnavailableException error = await Assert.ThrowsAsync<XenStoreUnavailableException>(
            () => XenStoreConnection.OpenAsync(options).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(daemon.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocking_connect_that_is_cancelled_ends_without_waiting_for_the_timeout()
    {
        using var daemon = new DaemonAcceptingNothing();
        var options = new XenStoreConnectionOptions { SocketPath = daemon.Path, Timeout = TimeSpan.FromMinutes(10), CompleteRepliesInline = true };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => XenStoreConnection.OpenAsync(options, cancel.Token).WaitAsync(TimeSpan.FromSeconds(60)));
    }

    /// <summary>A listening Unix socket whose backlog is full and which never accepts.</summary>
    private sealed class DaemonAcceptingNothing : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly List<Socket> _waiting = [];

        public DaemonAcceptingNothing()
        {
            _listener.Bind(new UnixDomainSocketEndPoint(Path));
            _listener.Listen(0);

            // A non-blocking connect is refused with EAGAIN once the backlog is full.
            while (true)
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
                try
                {
                    socket.Connect(new UnixDomainSocketEndPoint(Path));
                    _waiting.Add(socket);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                {
                    socket.Dispose();
                    return;
                }
            }
        }

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vifmap-backlog-{Guid.NewGuid():N}.sock");

        public void Dispose()
        {
            foreach (Socket socket in _waiting)
            {
                socket.Dispose();
            }

            _listener.Dispose();
            File.Delete(Path);
        }
    }
}
