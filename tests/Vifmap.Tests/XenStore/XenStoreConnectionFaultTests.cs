using System.Text;
using Vifmap.Tests.XenStore.Support;
using Vifmap.XenStore;

namespace Vifmap.Tests.XenStore;

/// <summary>Protocol faults and reply matching, against <see cref="ScriptedXenStoreDaemon"/> (a fake,
/// because the real daemon never misbehaves this way). Type numbers: READ 2, DIRECTORY 1,
/// WATCH_EVENT 15, ERROR 16, DIRECTORY_PART 22 (xs_wire.h).</summary>
public sealed class XenStoreConnectionFaultTests : IAsyncLifetime
{
    private readonly ScriptedXenStoreDaemon _daemon = new();
    private XenStoreConnection _connection = null!;

    public async Task InitializeAsync()
    {
        Task accept = _daemon.AcceptAsync();
        _connection = await XenStoreConnection.OpenAsync(new XenStoreConnectionOptions { SocketPath = _daemon.SocketPath, Timeout = TimeSpan.FromSeconds(30) });
        await accept;
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _daemon.DisposeAsync();
    }

    [Fact]
    public async Task Pipelined_requests_each_get_their_own_reply()
    {
        ValueTask<byte[]?> a = _connection.ReadAsync("/a");
        ValueTask<byte[]?> b = _connection.ReadAsync("/b");
        ValueTask<byte[]?> c = _connection.ReadAsync("/c");
        var requests = new[] { await _daemon.ReceiveAsync(), await _daemon.ReceiveAsync(), await _daemon.ReceiveAsync() };
        Assert.Equal(["/a", "/b", "/c"], requests.Select(r => r.Strings[0]));
        Assert.Equal(3, requests.Select(r => r.RequestId).Distinct().Count());
        foreach (ScriptedXenStoreDaemon.Request r in requests)
        {
            await _daemon.ReplyAsync(r, Encoding.ASCII.GetBytes("value of " + r.Strings[0]));
        }

        Assert.Equal("value of /a", Encoding.ASCII.GetString((await a)!));
        Assert.Equal("value of /b", Encoding.ASCII.GetString((await b)!));
        Assert.Equal("value of /c", Encoding.ASCII.GetString((await c)!));
    }

    [Fact]
    public async Task Replies_out_of_order_are_matched_by_req_id()
    {
        // xenstore.txt: "may receive the replies in any order and must use req_id".
        ValueTask<byte[]?> a = _connection.ReadAsync("/a");
        ValueTask<byte[]?> b = _connection.ReadAsync("/b");
        ScriptedXenStoreDaemon.Request ra = await _daemon.ReceiveAsync();
        ScriptedXenStoreDaemon.Request rb = await _daemon.ReceiveAsync();
        await _daemon.ReplyAsync(rb, "B"u8);
        await _daemon.ReplyAsync(ra, "A"u8);
        Assert.Equal("A"u8.ToArray(), await a);
        Assert.Equal("B"u8.ToArray(), await b);
    }

    [Fact]
    public async Task Enoent_reads_as_null_and_other_errors_are_typed()
    {
        ValueTask<byte[]?> missing = _connection.ReadAsync("/gone");
        await _daemon.ReplyAsync(await _daemon.ReceiveAsync(), 16, "ENOENT\0"u8);
        Assert.Null(await missing);

        ValueTask<IReadOnlyList<string>?> denied = _connection.DirectoryAsync("/secret");
        await _daemon.ReplyAsync(await _daemon.ReceiveAsync(), 16, "EACCES\0"u8);
        XenStoreErrorException error = await Assert.ThrowsAsync<XenStoreErrorException>(async () => await denied);
        Assert.Equal("EACCES", error.ErrorName);
        Assert.Equal("DIRECTORY", error.Operation);
        Assert.Equal("/secret", error.Path);

        // The connection is still usable after an ERROR reply.
        ValueTask<byte[]?> after = _connection.ReadAsync("/x");
        await _daemon.ReplyAsync(await _daemon.ReceiveAsync(), "1"u8);
        Assert.Equal("1"u8.ToArray(), await after);
    }

    [Fact]
    public async Task Reply_for_an_unknown_req_id_breaks_the_connection()
    {
        ValueTask<byte[]?> pending = _connection.ReadAsync("/a");
        ScriptedXenStoreDaemon.Request r = await _daemon.ReceiveAsync();
        await _daemon.SendFrameAsync(2, r.RequestId + 1000, 0, "x"u8);
        XenStoreProtocolException error = await Assert.ThrowsAsync<XenStoreProtocolException>(async () => await pending);
        Assert.Contains($"req_id {r.RequestId + 1000}", error.Message, StringComparison.Ordinal);
        Assert.True(_connection.IsBroken);
        await Assert.ThrowsAsync<XenStoreProtocolException>(async () => await _connection.ReadAsync("/b"));
    }

    [Fact]
    public async Task Header_claiming_more_than_4096_bytes_breaks_the_connection_without_waiting_for_them()
    {
        ValueTask<byte[]?> pending = _connection.ReadAsync("/a");
        ScriptedXenStoreDaemon.Request r = await _daemon.ReceiveAsync();
        await _daemon.SendFrameAsync(2, r.RequestId, 0, "short"u8, claimedLength: 4097);
        XenStoreProtocolException error = await Assert.ThrowsAsync<XenStoreProtocolException>(async () => await pending);
        Assert.Contains("4097", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_of_another_type_is_a_protocol_error()
    {
        ValueTask<byte[]?> pending = _connection.ReadAsync("/a");
        ScriptedXenStoreDaemon.Request r = await _daemon.ReceiveAsync();
        await _daemon.ReplyAsync(r, 1, "child\0"u8);
        await Assert.ThrowsAsync<XenStoreProtocolException>(async () => await pending);
    }

    [Fact]
    public async Task Directory_reply_without_final_nul_still_lists_the_last_child()
    {
        ValueTask<IReadOnlyList<string>?> list = _connection.DirectoryAsync("/d");
        await _daemon.ReplyAsync(await _daemon.ReceiveAsync(), "a\0b"u8);
        Assert.Equal(["a", "b"], (await list)!);
    }

    [Fact]
    public async Task Eof_in_the_middle_of_a_reply_fails_every_pending_call()
    {
        ValueTask<byte[]?> first = _connection.ReadAsync("/a");
        ValueTask<byte[]?> second = _connection.ReadAsync("/b");
        ScriptedXenStoreDaemon.Request r = await _daemon.ReceiveAsync();
        await _daemon.ReceiveAsync();
        await _daemon.SendRawAsync([2, 0, 0, 0, (byte)r.RequestId, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, (byte)'x']);
        _daemon.Hangup();
        XenStoreUnavailableException error = await Assert.ThrowsAsync<XenStoreUnavailableException>(async () => await first);
        Assert.Contains("middle of a reply (17 bytes", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<XenStoreUnavailableException>(async () => await second);
    }

    [Fact]
    public async Task Watch_events_between_replies_are_absorbed_and_queued()
    {
        ValueTask watch = _connection.WatchAsync("/local/domain", "tok");
        ScriptedXenStoreDaemon.Request w = await _daemon.ReceiveAsync();
        Assert.Equal(4u, w.Type);
        Assert.Equal(["/local/domain", "tok"], w.Strings);
        await _daemon.ReplyAsync(w, "OK\0"u8);
        await watch;

        ValueTask<byte[]?> read = _connection.ReadAsync("/a");
        ScriptedXenStoreDaemon.Request r = await _daemon.ReceiveAsync();
        await _daemon.SendFrameAsync(15, 0, 0, "/local/domain/5\0tok\0"u8);
        await _daemon.ReplyAsync(r, "v"u8);
        Assert.Equal("v"u8.ToArray(), await read);
        XenStoreWatchEvent e = await _connection.WatchEvents.ReadAsync();
        Assert.Equal(new XenStoreWatchEvent("/local/domain/5", "tok"), e);
    }

    [Fact]
    public async Task Request_over_4096_bytes_is_refused_and_never_sent()
    {
        string longPath = "/" + new string('a', 4095);
        await Assert.ThrowsAsync<ArgumentException>(async () => await _connection.ReadAsync(longPath));
        Assert.True(await _daemon.NothingArrivesAsync());
        Assert.False(_connection.IsBroken);
    }

    [Fact]
    public async Task Path_with_nul_is_refused_because_it_would_become_two_arguments()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await _connection.ReadAsync("/a\0/b"));
        Assert.True(await _daemon.NothingArrivesAsync());
    }

    [Fact]
    public async Task E2big_directory_is_fetched_in_parts_and_restarts_when_the_generation_changes()
    {
        ValueTask<IReadOnlyList<string>?> list = _connection.DirectoryAsync("/big");
        ScriptedXenStoreDaemon.Request d = await _daemon.ReceiveAsync();
        Assert.Equal(1u, d.Type);
        await _daemon.ReplyAsync(d, 16, "E2BIG\0"u8);

        ScriptedXenStoreDaemon.Request p0 = await _daemon.ReceiveAsync();
        Assert.Equal(22u, p0.Type);
        Assert.Equal(["/big", "0"], p0.Strings);
        await _daemon.ReplyAsync(p0, "7\0a\0bb\0"u8);
        ScriptedXenStoreDaemon.Request p1 = await _daemon.ReceiveAsync();
        Assert.Equal(["/big", "5"], p1.Strings);
        await _daemon.ReplyAsync(p1, "8\0c\0\0"u8); // generation changed: start over

        ScriptedXenStoreDaemon.Request q0 = await _daemon.ReceiveAsync();
        Assert.Equal(["/big", "0"], q0.Strings);
        await _daemon.ReplyAsync(q0, "8\0a\0bb\0"u8);
        ScriptedXenStoreDaemon.Request q1 = await _daemon.ReceiveAsync();
        Assert.Equal(["/big", "5"], q1.Strings);
        await _daemon.ReplyAsync(q1, "8\0c\0\0"u8);
        Assert.Equal(["a", "bb", "c"], (await list)!);
    }

    [Fact]
    public async Task Stalled_daemon_times_out_and_breaks_the_connection()
    {
        await using var daemon = new ScriptedXenStoreDaemon();
        Task accept = daemon.AcceptAsync();
        await using XenStoreConnection connection = await XenStoreConnection.OpenAsync(
            new XenStoreConnectionOptions { SocketPath = daemon.SocketPath, Timeout = TimeSpan.FromMilliseconds(200) });
        await accept;
        // The fake never answers (nor even reads the request).
        ValueTask<byte[]?> first = connection.ReadAsync("/a");
        await Assert.ThrowsAsync<XenStoreTimeoutException>(async () => await first);
        Assert.True(connection.IsBroken);
    }

    [Fact]
    public async Task Cancelled_call_leaves_the_connection_usable()
    {
        using var cancel = new CancellationTokenSource();
        ValueTask<byte[]?> abandoned = _connection.ReadAsync("/a", cancel.Token);
        ScriptedXenStoreDaemon.Request first = await _daemon.ReceiveAsync();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await abandoned);

        ValueTask<byte[]?> next = _connection.ReadAsync("/b");
        ScriptedXenStoreDaemon.Request second = await _daemon.ReceiveAsync();
        await _daemon.ReplyAsync(first, "late"u8);
        await _daemon.ReplyAsync(second, "b"u8);
        Assert.Equal("b"u8.ToArray(), await next);
        Assert.False(_connection.IsBroken);
    }

    [Fact]
    public async Task Cancelled_transaction_start_is_ended_with_abort_when_its_id_arrives()
    {
        using var cancel = new CancellationTokenSource();
        Task<XenStoreTransaction> begin = _connection.BeginTransactionAsync(cancel.Token);
        ScriptedXenStoreDaemon.Request start = await _daemon.ReceiveAsync();
        Assert.Equal(6u, start.Type);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => begin);

        await _daemon.ReplyAsync(start, "5\0"u8);
        ScriptedXenStoreDaemon.Request end = await _daemon.ReceiveAsync();
        Assert.Equal((7u, 5u), (end.Type, end.TransactionId));
        Assert.Equal(["F"], end.Strings);
    }
}
