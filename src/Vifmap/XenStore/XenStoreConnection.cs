using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using Vifmap.XenStore.Wire;

namespace Vifmap.XenStore;

/// <summary>One connection to xenstored, read-only. Any number of calls may be in flight: each
/// request gets its own req_id, a write loop batches queued frames into few writes, and one read
/// loop matches every reply to its request by req_id (xenstore.txt says replies may come in any
/// order; Xen's C daemon answers in order). WATCH_EVENT frames are absorbed into
/// <see cref="WatchEvents"/>. Any transport or protocol failure breaks the connection for good and
/// fails every pending call with the same exception (Npgsql's <c>Break</c>).</summary>
public sealed partial class XenStoreConnection : IXenStoreReader, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly IDisposable? _socketOwner;
    private readonly Socket? _blockingSocket;
    private readonly bool _oneFramePerWrite;
    private readonly XenStoreConnectionOptions _options;
    private readonly Dictionary<uint, PendingRequest> _pending = [];
    private readonly Channel<OutgoingFrame> _outgoing = Channel.CreateUnbounded<OutgoingFrame>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly Channel<XenStoreWatchEvent> _watchEvents;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _readLoop;
    private readonly Task _writeLoop;
    private readonly Timer _watchdog;
    private uint _lastRequestId;
    private long _watchEventsLost;
    private XenStoreException? _broken;

    private XenStoreConnection(Stream stream, IDisposable? socketOwner, XenStoreEndpoint endpoint, XenStoreConnectionOptions options)
    {
        _stream = stream;
        _socketOwner = socketOwner;
        Endpoint = endpoint;
        _options = options;
        // The Linux xenbus device handles one message per write() and drops the rest of a longer
        // write (drivers/xen/xenbus/xenbus_dev_frontend.c, xenbus_file_write), so no batching there.
        _oneFramePerWrite = endpoint.Transport == XenStoreTransport.XenbusDevice;
        _watchEvents = Channel.CreateBounded<XenStoreWatchEvent>(
            new BoundedChannelOptions(Math.Max(1, options.WatchEventCapacity)) { FullMode = BoundedChannelFullMode.Wait, SingleWriter = true });
        // One timer per connection rather than one per call: with thousands of calls in flight a
        // timer each (Task.WaitAsync) costs more than the requests themselves.
        TimeSpan period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, options.Timeout.Ticks / 4));
        _watchdog = new Timer(static state => ((XenStoreConnection)state!).FailOverdueRequest(), this, period, period);
        _blockingSocket = options.CompleteRepliesInline ? socketOwner as Socket : null;
        _readLoop = _blockingSocket is { } blocking ? StartBlockingReadLoop(blocking) : Task.Run(ReadLoopAsync);
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Where this connection goes.</summary>
    public XenStoreEndpoint Endpoint { get; }

    /// <summary>Watch events as they arrive (see <see cref="WatchAsync"/>).</summary>
    public ChannelReader<XenStoreWatchEvent> WatchEvents => _watchEvents.Reader;

    /// <summary>Watch events that arrived while <see cref="WatchEvents"/> was full and were not kept:
    /// any increase means changes may have been missed, and the reader should read everything again.</summary>
    public long WatchEventsLost => Interlocked.Read(ref _watchEventsLost);

    /// <summary>True once the connection has failed or been disposed; every call then throws.</summary>
    public bool IsBroken => Volatile.Read(ref _broken) is not null;

    /// <summary>Connects to the first endpoint that answers, in the Xen clients' order, or to
    /// <see cref="XenStoreConnectionOptions.SocketPath"/> alone when it is set.</summary>
    /// <exception cref="XenStoreUnavailableException">No endpoint could be opened; the message
    /// lists each one tried and why it failed.</exception>
    public static async Task<XenStoreConnection> OpenAsync(XenStoreConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new XenStoreConnectionOptions();
        IReadOnlyList<XenStoreEndpoint> endpoints = options.SocketPath is { } socketPath
            ? [new XenStoreEndpoint(socketPath, XenStoreTransport.UnixSocket)]
            : XenStoreEndpoints.Resolve(options.GetEnvironmentVariable);

        var attempts = new List<string>();
        foreach (XenStoreEndpoint endpoint in endpoints)
        {
            try
            {
                return await OpenEndpointAsync(endpoint, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException or TimeoutException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                attempts.Add(XenStoreErrors.DescribeConnectFailure(endpoint, ex));
            }
        }

        throw XenStoreErrors.NoEndpoint(attempts);
    }

    private static async Task<XenStoreConnection> OpenEndpointAsync(XenStoreEndpoint endpoint, XenStoreConnectionOptions options, CancellationToken cancellationToken)
    {
        if (endpoint.Transport == XenStoreTransport.XenbusDevice)
        {
            if (!File.Exists(endpoint.Path))
            {
                throw new FileNotFoundException(null, endpoint.Path);
            }

            // bufferSize 0: every write goes straight to the device, one frame per write().
            var device = new FileStream(endpoint.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0, useAsync: true);
            return new XenStoreConnection(device, null, endpoint, options);
        }

        if (!File.Exists(endpoint.Path))
        {
            // Checked first so the message says "does not exist" rather than the socket layer's
            // generic address error.
            throw new FileNotFoundException(null, endpoint.Path);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bool disposedAfterConnect = false;
        try
        {
            var address = new UnixDomainSocketEndPoint(endpoint.Path);
            if (options.CompleteRepliesInline)
            {
                // Connected without .NET's asynchronous socket machinery, which would put the socket in
                // non-blocking mode for good: replies are then read by a thread of this connection's own
                // with plain blocking receives (StartBlockingReadLoop). Linux bounds a blocking connect
                // to a Unix socket whose daemon accepts nothing (a full backlog) by SO_SNDTIMEO.
                socket.SendTimeout = Milliseconds(options.Timeout);
                Task connect = Task.Run(() => socket.Connect(address), CancellationToken.None);
                try
                {
                    await connect.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!connect.IsCompleted)
                {
                    // Disposing now would wait for the connect to give up: after it instead.
                    disposedAfterConnect = true;
                    _ = connect.ContinueWith(
                        t =>
                        {
                            socket.Dispose();
                            return t.Exception;
                        },
                        CancellationToken.None,
                        TaskContinuationOptions.None,
                        TaskScheduler.Default);
                    throw;
                }

                socket.SendTimeout = 0;
            }
            else
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Timeout);
                await socket.ConnectAsync(address, timeout.Token).ConfigureAwait(false);
            }

            return new XenStoreConnection(new NetworkStream(socket, ownsSocket: false), socket, endpoint, options);
        }
        catch
        {
            if (!disposedAfterConnect)
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>A socket timeout in milliseconds (0: none).</summary>
    private static int Milliseconds(TimeSpan timeout)
        => timeout == Timeout.InfiniteTimeSpan || timeout <= TimeSpan.Zero ? 0 : (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);

    /// <inheritdoc/>
    public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
        => ReadAsync(path, 0, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default)
        => DirectoryAsync(path, 0, cancellationToken);

    /// <summary>GET_DOMAIN_PATH: the daemon's home path for a domain (<c>/local/domain/&lt;domid&gt;</c>).</summary>
    public async ValueTask<string> GetDomainPathAsync(uint domainId, CancellationToken cancellationToken = default)
    {
        string argument = domainId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        XsReply reply = await SendAsync(XsRequestType.GetDomainPath, 0, argument, null, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, XsRequestType.GetDomainPath, argument);
        return XsPayload.FirstString(reply.Payload);
    }

    internal async ValueTask<byte[]?> ReadAsync(string path, uint transactionId, CancellationToken cancellationToken)
    {
        XsReply reply = await SendAsync(XsRequestType.Read, transactionId, path, null, cancellationToken).ConfigureAwait(false);
        if (IsNotFound(reply))
        {
            return null;
        }

        ThrowIfError(reply, XsRequestType.Read, path);
        return reply.Payload;
    }

    internal async ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, uint transactionId, CancellationToken cancellationToken)
    {
        XsReply reply = await SendAsync(XsRequestType.Directory, transactionId, path, null, cancellationToken).ConfigureAwait(false);
        if (IsNotFound(reply))
        {
            return null;
        }

        if (reply.ErrorName == XenStoreErrorNames.E2BIG)
        {
            // The child list is over 4096 bytes; the daemon hands it out in parts (Xen 4.9+).
            return await DirectoryInPartsAsync(path, transactionId, cancellationToken).ConfigureAwait(false);
        }

        ThrowIfError(reply, XsRequestType.Directory, path);
        return XsPayload.SplitStrings(reply.Payload);
    }

    private static bool IsNotFound(XsReply reply) => reply.ErrorName == XenStoreErrorNames.ENOENT;

    private static void ThrowIfError(XsReply reply, XsRequestType type, string? argument)
    {
        if (reply.ErrorName is { } name)
        {
            throw XenStoreErrors.DaemonError(name, type, argument);
        }
    }

    /// <summary>Sends one request and waits for its reply (an ERROR reply is returned, not thrown,
    /// so callers decide which errors are data — ENOENT — and which are failures).</summary>
    internal async ValueTask<XsReply> SendAsync(XsRequestType type, uint transactionId, string first, string? second, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (first.Contains('\0', StringComparison.Ordinal) || (second?.Contains('\0', StringComparison.Ordinal) ?? false))
        {
            // A NUL would split the argument into two on the wire and change the request's meaning.
            throw new ArgumentException($"A xenstore request argument cannot contain NUL: '{first.Replace("\0", "\\0", StringComparison.Ordinal)}'", nameof(first));
        }

        int frameLength = XsRequestWriter.GetFrameLength(first, second);
        if (frameLength < 0)
        {
            throw new ArgumentException(
                $"The {XenStoreErrors.OperationName(type)} request for '{first[..Math.Min(first.Length, 64)]}…' would exceed the {XsHeader.PayloadMax}-byte payload limit; it was not sent (xenstored would drop the connection)",
                nameof(first));
        }

        var pending = new PendingRequest(type, transactionId, first, _options.CompleteRepliesInline);
        byte[] frame = ArrayPool<byte>.Shared.Rent(frameLength);
        uint requestId;
        lock (_pending)
        {
            ThrowIfBroken();
            do
            {
                requestId = ++_lastRequestId;
            }
            while (_pending.ContainsKey(requestId));

            _pending.Add(requestId, pending);
        }

        XsRequestWriter.Write(frame, type, requestId, transactionId, first, second);
        if (!_outgoing.Writer.TryWrite(new OutgoingFrame(frame, frameLength)))
        {
            ArrayPool<byte>.Shared.Return(frame);
            ThrowIfBroken();
        }

        // The timeout is enforced by the watchdog (FailOverdueRequest), which breaks the connection.
        return cancellationToken.CanBeCanceled
            ? await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
            : await pending.Task.ConfigureAwait(false);
    }

    /// <summary>Breaks the connection when any request has waited longer than the timeout: a
    /// daemon that leaves one request unanswered is stalled, and the stream cannot be trusted.</summary>
    private void FailOverdueRequest()
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        PendingRequest? overdue = null;
        lock (_pending)
        {
            foreach (PendingRequest request in _pending.Values)
            {
                if (System.Diagnostics.Stopwatch.GetElapsedTime(request.SentAt, now) > _options.Timeout)
                {
                    overdue = request;
                    break;
                }
            }
        }

        if (overdue is not null)
        {
            Break(XenStoreErrors.Timeout(Endpoint.ToString(), _options.Timeout, overdue.Type, overdue.Argument));
        }
    }

    private void ThrowIfBroken()
    {
        if (Volatile.Read(ref _broken) is { } broken)
        {
            // A copy: the one recorded is never thrown, so no call's stack is appended to what the next one gets.
            throw broken.ForAnotherWaiter();
        }
    }

    /// <summary>Declares the connection dead: no more requests, every pending call fails with
    /// <paramref name="reason"/>. Only the first reason counts.</summary>
    private void Break(XenStoreException reason)
    {
        PendingRequest[] failed;
        lock (_pending)
        {
            if (_broken is not null)
            {
                return;
            }

            Volatile.Write(ref _broken, reason);
            failed = [.. _pending.Values];
            _pending.Clear();
        }

        _watchdog.Dispose();
        _outgoing.Writer.TryComplete();
        _watchEvents.Writer.TryComplete();
        _shutdown.Cancel();
        foreach (PendingRequest request in failed)
        {
            request.Fail(reason);
        }

        _stream.Dispose();
        _socketOwner?.Dispose();
    }

    /// <summary>The read loop of a one-shot reader (<see cref="XenStoreConnectionOptions.CompleteRepliesInline"/>)
    /// on a Unix socket: a thread of its own, blocked in recv() until replies arrive. The asynchronous
    /// loop waits through the socket engine's epoll thread, which then wakes a pool thread: two
    /// wake-ups and context switches per batch of replies, and a whole-host read of 40,000 requests
    /// comes back in thousands of batches (issue 15: an eighth of `ls`'s time on a 1,000-guest host).
    /// Disposing the socket (<see cref="Break"/>) ends a blocked receive.</summary>
    private Task StartBlockingReadLoop(Socket socket)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var buffer = new XsReadBuffer();
            try
            {
                while (Received(buffer, socket.Receive(buffer.GetWriteMemory().Span)))
                {
                }

                done.SetResult();
            }
            catch (Exception ex)
            {
                // Any exception, not only the transport's: one escaping a thread of its own would end the
                // process. The connection fails, every waiting call with it; an unexpected cause is also
                // carried by the loop's task, as the asynchronous loop's would be.
                Break(XenStoreErrors.ConnectionFailed(Endpoint.ToString(), ex));
                if (ex is IOException or SocketException or ObjectDisposedException)
                {
                    done.SetResult();
                }
                else
                {
                    done.SetException(ex);
                }
            }
        })
        {
            IsBackground = true,
            Name = "xenstore replies",
        };
        thread.Start();
        return done.Task;
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new XsReadBuffer();
        try
        {
            while (Received(buffer, await _stream.ReadAsync(buffer.GetWriteMemory(), _shutdown.Token).ConfigureAwait(false)))
            {
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // Broken or disposed elsewhere; the reason is already recorded.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Break(XenStoreErrors.ConnectionFailed(Endpoint.ToString(), ex));
        }
    }

    /// <summary>Takes <paramref name="read"/> more bytes into <paramref name="buffer"/> and hands out the
    /// frames they complete. False when the loop must stop: the daemon closed the connection (0 bytes)
    /// or the stream proved corrupt; the connection is then broken.</summary>
    private bool Received(XsReadBuffer buffer, int read)
    {
        if (read == 0)
        {
            Break(XenStoreErrors.ConnectionClosed(Endpoint.ToString(), buffer.BufferedCount));
            return false;
        }

        buffer.Advance(read);
        return DispatchFrames(buffer);
    }

    /// <summary>Hands every whole frame in the buffer to its waiter. False when the stream proved
    /// corrupt (the connection is then broken).</summary>
    private bool DispatchFrames(XsReadBuffer buffer)
    {
        while (true)
        {
            OperationStatus status = buffer.TryReadFrame(out XsHeader header, out ReadOnlySpan<byte> payload);
            if (status == OperationStatus.NeedMoreData)
            {
                return true;
            }

            if (status != OperationStatus.Done)
            {
                Break(XenStoreErrors.PayloadTooLarge(header));
                return false;
            }

            if (header.Type == (uint)XsMessageType.WatchEvent)
            {
                List<string> parts = XsPayload.SplitStrings(payload);
                if (parts.Count >= 2)
                {
                    // The read loop must never wait for a slow watcher (replies would stall behind it):
                    // a full queue drops the new event and counts it, so the loss is never silent.
                    if (!_watchEvents.Writer.TryWrite(new XenStoreWatchEvent(parts[0], parts[1])))
                    {
                        Interlocked.Increment(ref _watchEventsLost);
                    }
                }

                continue;
            }

            PendingRequest? request;
            lock (_pending)
            {
                _pending.Remove(header.RequestId, out request);
            }

            if (request is null)
            {
                Break(XenStoreErrors.UnexpectedReply(header));
                return false;
            }

            if (header.Type != (uint)request.Type && header.Type != (uint)XsMessageType.Error)
            {
                XenStoreProtocolException error = XenStoreErrors.WrongReplyType(header, request.Type);
                request.Fail(error);
                Break(error);
                return false;
            }

            if (header.TransactionId != request.TransactionId)
            {
                XenStoreProtocolException error = XenStoreErrors.WrongTransaction(header, request.TransactionId);
                request.Fail(error);
                Break(error);
                return false;
            }

            request.Complete(header.Type == (uint)XsMessageType.Error
                ? new XsReply([], XsPayload.FirstString(payload))
                : new XsReply(payload.ToArray(), null));
        }
    }

    private async Task WriteLoopAsync()
    {
        // Many small frames are copied into one buffer and written with one call: with thousands
        // of requests in flight this turns thousands of write syscalls into a few.
        byte[] batch = new byte[64 * 1024];
        ChannelReader<OutgoingFrame> reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_shutdown.Token).ConfigureAwait(false))
            {
                int used = 0;
                while (reader.TryPeek(out OutgoingFrame next) && (used == 0 || (!_oneFramePerWrite && used + next.Length <= batch.Length)))
                {
                    reader.TryRead(out _);
                    next.Buffer.AsSpan(0, next.Length).CopyTo(batch.AsSpan(used));
                    used += next.Length;
                    ArrayPool<byte>.Shared.Return(next.Buffer);
                }

                if (_blockingSocket is { } blocking)
                {
                    // Blocking mode (see StartBlockingReadLoop): waits while the daemon catches up.
                    for (int sent = 0; sent < used;)
                    {
                        sent += blocking.Send(batch.AsSpan(sent, used - sent));
                    }
                }
                else
                {
                    await _stream.WriteAsync(batch.AsMemory(0, used), _shutdown.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Break(XenStoreErrors.ConnectionFailed(Endpoint.ToString(), ex));
        }
    }

    /// <summary>Closes the connection; calls still pending fail with <see cref="XenStoreUnavailableException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Break(XenStoreErrors.Disposed(Endpoint.ToString()));
        try
        {
            await Task.WhenAll(_readLoop, _writeLoop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _shutdown.Dispose();
    }

    private readonly record struct OutgoingFrame(byte[] Buffer, int Length);

    /// <summary>A reply: the payload, or the errno name of an ERROR reply.</summary>
    internal readonly record struct XsReply(byte[] Payload, string? ErrorName);

    private sealed class PendingRequest(XsRequestType type, uint transactionId, string argument, bool completeInline)
    {
        private readonly TaskCompletionSource<XsReply> _completion = new(completeInline ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);

        public XsRequestType Type { get; } = type;

        public uint TransactionId { get; } = transactionId;

        public string Argument { get; } = argument;

        public long SentAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

        public Task<XsReply> Task => _completion.Task;

        public void Complete(XsReply reply) => _completion.TrySetResult(reply);

        /// <summary>Fails this call with a copy of <paramref name="exception"/>: every waiter gets its own, and the
        /// instance the connection keeps is never thrown (<see cref="XenStoreException.ForAnotherWaiter"/>).</summary>
        public void Fail(XenStoreException exception) => _completion.TrySetException(exception.ForAnotherWaiter());
    }
}
