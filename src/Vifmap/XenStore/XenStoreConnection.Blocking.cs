using System.Net.Sockets;
using System.Threading.Channels;
using Vifmap.XenStore.Wire;

namespace Vifmap.XenStore;

/// <summary>The blocking mode of a socket connection, for one-shot readers
/// (<see cref="XenStoreConnectionOptions.CompleteRepliesInline"/>): a thread of the connection's own
/// blocks in recv, completes the replies (their continuations run there and queue the next requests)
/// and then sends what they queued itself, in one write. The asynchronous loops cost a whole-host read
/// two thread hand-offs per small batch (the socket's epoll thread to a pool thread, the queue to the
/// write loop): about 100,000 context switches and three quarters of the client's CPU in the kernel
/// (issue 15). Requests queued from any other thread wake a second thread that sends them.
/// Blocking sends cannot deadlock against xenstored: for a socket connection the daemon polls for
/// input whatever output it has queued (tools/xenstore/xenstored_core.c, RELEASE-4.17.0), so it
/// keeps reading requests while this side is busy sending them.</summary>
public sealed partial class XenStoreConnection
{
    /// <summary>The connection whose replies this thread is completing: what they queue is sent by that
    /// connection's reader once the batch is done, so nothing needs waking.</summary>
    [ThreadStatic]
    private static XenStoreConnection? t_completingFor;

    private readonly Socket? _blockingSocket;
    private readonly Lock _sendLock = new();
    private readonly byte[] _sendBatch;
    private readonly SemaphoreSlim _senderWake = new(0);
    private int _senderSignalled;

    /// <summary>Starts a loop on a thread of its own (a background thread: it never keeps the process alive);
    /// the task completes when the loop returns.</summary>
    private static Task StartLoopThread(Action loop, string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
            }
            finally
            {
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private void BlockingReadLoop()
    {
        Socket socket = _blockingSocket!;
        var buffer = new XsReadBuffer();
        try
        {
            while (true)
            {
                int read = socket.Receive(buffer.GetWriteMemory().Span);
                if (read == 0)
                {
                    Break(XenStoreErrors.ConnectionClosed(Endpoint.ToString(), buffer.BufferedCount));
                    return;
                }

                buffer.Advance(read);
                bool intact;
                t_completingFor = this;
                try
                {
                    intact = DispatchFrames(buffer);
                }
                finally
                {
                    t_completingFor = null;
                }

                if (!intact)
                {
                    return;
                }

                SendQueued();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            // After Break (dispose, timeout) the socket is closed under the blocked recv: Break keeps its first reason.
            Break(XenStoreErrors.ConnectionFailed(Endpoint.ToString(), ex));
        }
    }

    private void BlockingSendLoop()
    {
        try
        {
            while (Volatile.Read(ref _broken) is null)
            {
                _senderWake.Wait();
                Volatile.Write(ref _senderSignalled, 0);
                SendQueued();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            Break(XenStoreErrors.ConnectionFailed(Endpoint.ToString(), ex));
        }
    }

    /// <summary>After a request is queued: its sender is the reader, at the end of the batch it is
    /// completing, or else the send thread, woken once however many requests come before it runs.</summary>
    private void AfterQueued()
    {
        if (t_completingFor != this && Interlocked.Exchange(ref _senderSignalled, 1) == 0)
        {
            _senderWake.Release();
        }
    }

    /// <summary>Sends every queued frame, many to a write.</summary>
    private void SendQueued()
    {
        ChannelReader<OutgoingFrame> queue = _outgoing.Reader;
        lock (_sendLock)
        {
            while (queue.TryPeek(out _))
            {
                int used = TakeBatch(queue, _sendBatch);
                for (int sent = 0; sent < used;)
                {
                    sent += _blockingSocket!.Send(_sendBatch.AsSpan(sent, used - sent));
                }
            }
        }
    }
}
