using System.Globalization;
using System.Text;
using Vifmap.LabTests.Lab;
using Vifmap.XenStore;

namespace Vifmap.LabTests.XenStore;

/// <summary>The client against the real Xen 4.17 C xenstored. Expected values are the ones the test
/// wrote with the real xenstore-write (or known daemon behaviour: xenstore.txt, real-xen-lab.md).</summary>
public sealed class XenStoreConnectionLabTests
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reads_values_and_lists_children_in_the_daemons_order(bool inline)
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.WriteAsync([("/local/domain/5/name", "web"), ("/local/domain/5/device/vif/0/mac", "00:16:3e:00:00:05"), ("/local/domain/5/device/vif/1/mac", "00:16:3e:00:00:06")]);
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs, inline: inline);

        AssertBytes(Encoding.ASCII.GetBytes("web"), await client.ReadAsync("/local/domain/5/name"));
        Assert.Equal(["name", "device"], (await client.DirectoryAsync("/local/domain/5"))!);
        Assert.Equal(["0", "1"], (await client.DirectoryAsync("/local/domain/5/device/vif"))!);
        Assert.Equal([], (await client.DirectoryAsync("/local/domain/5/name"))!);
        // An intermediate node made by xenstore-write has an empty value.
        AssertBytes([], await client.ReadAsync("/local/domain/5/device"));
        Assert.Equal(["tool", "local"], (await client.DirectoryAsync("/"))!);
    }

    [SkippableFact]
    public async Task Missing_node_reads_and_lists_as_null()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);

        Assert.Null(await client.ReadAsync("/local/domain/99/name"));
        Assert.Null(await client.DirectoryAsync("/local/domain/99"));
    }

    [SkippableFact]
    public async Task Malformed_path_is_a_typed_einval()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);

        XenStoreErrorException error = await Assert.ThrowsAsync<XenStoreErrorException>(async () => await client.ReadAsync("/bad//path"));
        Assert.Equal(XenStoreErrorNames.EINVAL, error.ErrorName);
        Assert.Equal("READ", error.Operation);
        Assert.Equal("/bad//path", error.Path);
        Assert.False(client.IsBroken);
    }

    [SkippableFact]
    public async Task Get_domain_path_is_local_domain_of_the_domid()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);

        Assert.Equal("/local/domain/0", await client.GetDomainPathAsync(0));
        Assert.Equal("/local/domain/42", await client.GetDomainPathAsync(42));
    }

    [SkippableFact]
    public async Task Hostile_values_round_trip_as_exact_bytes()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        // xenstore-write decodes these escapes (unsanitise_value) before writing raw bytes.
        await xs.WriteAsync([("/h/control", "a\\t\\n\\r\\001\\x1b[31m\\x7f"), ("/h/latin1", "caf\\xe9\\xff\\xfe"), ("/h/quote", "say \"hi\" \\\\ back")]);
        // The longest value a WRITE can carry with path "/h/big": 4096 - 7 (path and its NUL).
        string big = new('z', 4089);
        await xs.WriteAsync("/h/big", big);
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);

        AssertBytes(new byte[] { (byte)'a', 9, 10, 13, 1, 0x1b, (byte)'[', (byte)'3', (byte)'1', (byte)'m', 0x7f }, await client.ReadAsync("/h/control"));
        AssertBytes(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xe9, 0xff, 0xfe }, await client.ReadAsync("/h/latin1"));
        AssertBytes(Encoding.ASCII.GetBytes("say \"hi\" \\ back"), await client.ReadAsync("/h/quote"));
        byte[]? read = await client.ReadAsync("/h/big");
        Assert.Equal(4089, read!.Length);
        Assert.Equal(Encoding.ASCII.GetBytes(big), read);
    }

    [SkippableFact]
    public async Task Directory_over_4096_bytes_answers_e2big_and_is_read_in_parts()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync(trace: true);
        // 682 names "c0000".."c0681" take 682 * 6 = 4092 bytes with their NULs.
        var exact = Enumerable.Range(0, 682).Select(i => "c" + i.ToString("D4", CultureInfo.InvariantCulture)).ToList();
        // /fits gets one more child of 3 characters: 4096 bytes, the largest DIRECTORY reply.
        // /over gets one of 4 characters: 4097 bytes, so the daemon answers E2BIG.
        // /huge has 3000 children (18000 bytes): five DIRECTORY_PART replies.
        var huge = Enumerable.Range(0, 3000).Select(i => "n" + i.ToString("D4", CultureInfo.InvariantCulture)).ToList();
        await xs.BulkWriteAsync([
            .. exact.Select(n => ("/fits/" + n, "")), ("/fits/abc", ""),
            .. exact.Select(n => ("/over/" + n, "")), ("/over/abcd", ""),
            .. huge.Select(n => ("/huge/" + n, n)),
        ]);
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);
        string marker = XenStoreLabClient.NewMarker();
        Assert.Null(await client.ReadAsync(marker));

        Assert.Equal([.. exact, "abc"], (await client.DirectoryAsync("/fits"))!);
        Assert.Equal([.. exact, "abcd"], (await client.DirectoryAsync("/over"))!);
        Assert.Equal(huge, (await client.DirectoryAsync("/huge"))!);

        List<(string Type, string Arguments)> sent = XenStoreLabClient.RequestsOfConnectionThatSent(xs.ReadTraceLog(), marker);
        Assert.DoesNotContain(sent, r => r.Type == "DIRECTORY_PART" && r.Arguments.StartsWith("/fits", StringComparison.Ordinal));
        Assert.Contains(sent, r => r.Type == "DIRECTORY_PART" && r.Arguments.StartsWith("/over", StringComparison.Ordinal));
        Assert.True(sent.Count(r => r.Type == "DIRECTORY_PART" && r.Arguments.StartsWith("/huge", StringComparison.Ordinal)) >= 5);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Thousands_of_concurrent_requests_each_get_their_own_answer(bool inline)
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.BulkWriteAsync(Enumerable.Range(0, 2000).Select(i => ($"/p/{i}/v", "value-" + i.ToString(CultureInfo.InvariantCulture))));
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs, inline: inline);

        // 2000 reads, 2000 directory listings and 1000 reads of missing nodes, all in flight at once.
        var reads = Enumerable.Range(0, 2000).Select(i => client.ReadAsync($"/p/{i}/v").AsTask()).ToArray();
        var lists = Enumerable.Range(0, 2000).Select(i => client.DirectoryAsync($"/p/{i}").AsTask()).ToArray();
        var missing = Enumerable.Range(0, 1000).Select(i => client.ReadAsync($"/p/{i}/absent").AsTask()).ToArray();
        await Task.WhenAll(Task.WhenAll(reads), Task.WhenAll(lists), Task.WhenAll(missing));

        for (int i = 0; i < 2000; i++)
        {
            Assert.Equal("value-" + i.ToString(CultureInfo.InvariantCulture), Encoding.ASCII.GetString(reads[i].Result!));
            Assert.Equal(["v"], lists[i].Result!);
        }

        Assert.All(missing, m => Assert.Null(m.Result));
    }

    [SkippableFact]
    public async Task Consistent_read_commits_a_read_only_transaction()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync(trace: true);
        await xs.WriteAsync([("/local/domain/3/name", "db"), ("/local/domain/3/domid", "3")]);
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);
        string marker = XenStoreLabClient.NewMarker();
        Assert.Null(await client.ReadAsync(marker));

        string name = await client.ReadConsistentAsync(async (view, ct) =>
            Encoding.ASCII.GetString((await view.ReadAsync("/local/domain/3/name", ct))!) + "/" + (await view.DirectoryAsync("/local/domain/3", ct))!.Count);
        Assert.Equal("db/2", name);

        List<(string Type, string Arguments)> sent = XenStoreLabClient.RequestsOfConnectionThatSent(xs.ReadTraceLog(), marker);
        Assert.Equal(["READ", "TRANSACTION_START", "READ", "DIRECTORY", "TRANSACTION_END"], sent.Select(r => r.Type));
        Assert.Equal("T", sent[^1].Arguments);
    }

    [SkippableFact]
    public async Task Write_by_someone_else_during_a_consistent_read_makes_it_retry_and_see_the_new_value()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.WriteAsync("/local/domain/3/name", "before");
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);

        int runs = 0;
        string seen = await client.ReadConsistentAsync(async (view, ct) =>
        {
            runs++;
            string value = Encoding.ASCII.GetString((await view.ReadAsync("/local/domain/3/name", ct))!);
            if (runs == 1)
            {
                // Another client changes the node this transaction has read: the commit must fail
                // with EAGAIN (Xen 4.17 finalize_transaction compares generations).
                await xs.WriteAsync("/local/domain/3/name", "after");
            }

            return value;
        });

        Assert.Equal(2, runs);
        Assert.Equal("after", seen);
    }

    [SkippableFact]
    public async Task Consistent_read_gives_up_with_eagain_when_every_attempt_conflicts()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.WriteAsync("/c/n", "0");
        await using XenStoreConnection client = await XenStoreConnection.OpenAsync(new XenStoreConnectionOptions
        {
            SocketPath = xs.SocketPath,
            ConsistentReadAttempts = 3,
        });

        int runs = 0;
        XenStoreErrorException error = await Assert.ThrowsAsync<XenStoreErrorException>(() => client.ReadConsistentAsync(async (view, ct) =>
        {
            runs++;
            await view.ReadAsync("/c/n", ct);
            await xs.WriteAsync("/c/n", runs.ToString(CultureInfo.InvariantCulture));
            return 0;
        }));

        Assert.Equal(3, runs);
        Assert.Equal(XenStoreErrorNames.EAGAIN, error.ErrorName);
        Assert.Equal("TRANSACTION_END", error.Operation);
        Assert.False(client.IsBroken);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Watch_reports_the_path_first_then_each_change_below_it(bool inline)
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.WriteAsync("/local/domain/5/name", "web");
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs, inline: inline);

        await client.WatchAsync("/local/domain/5", "vifmap");
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal(new XenStoreWatchEvent("/local/domain/5", "vifmap"), await client.WatchEvents.ReadAsync(wait.Token));

        await xs.WriteAsync("/local/domain/5/name", "web2");
        Assert.Equal(new XenStoreWatchEvent("/local/domain/5/name", "vifmap"), await client.WatchEvents.ReadAsync(wait.Token));

        // Replies still flow while events arrive.
        AssertBytes(Encoding.ASCII.GetBytes("web2"), await client.ReadAsync("/local/domain/5/name"));
        await client.UnwatchAsync("/local/domain/5", "vifmap");
    }

    /// <summary>The one-shot commands' mode: each reply's continuation runs on the thread that read it and sends
    /// the next request from there. Chains of reads, each started by the previous one's continuation, must
    /// all come back right.</summary>
    [SkippableFact]
    public async Task With_replies_completed_inline_requests_sent_from_reply_continuations_are_answered()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.BulkWriteAsync(Enumerable.Range(0, 1000).Select(i => ($"/c/{i}", ((i + 7) % 1000).ToString(CultureInfo.InvariantCulture))));
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs, inline: true);

        // Each node names the next; 40 chains of 100 reads each, all in flight together.
        async Task<int> FollowAsync(int start)
        {
            int node = start;
            for (int step = 0; step < 100; step++)
            {
                byte[]? value = await client.ReadAsync($"/c/{node}").ConfigureAwait(false);
                node = int.Parse(Encoding.ASCII.GetString(value!), CultureInfo.InvariantCulture);
            }

            return node;
        }

        int[] ends = await Task.WhenAll(Enumerable.Range(0, 40).Select(FollowAsync)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, 40).Select(s => (s + 700) % 1000), ends);
    }

    private static void AssertBytes(byte[] expected, byte[]? actual)
        => Assert.Equal(Convert.ToHexString(expected), actual is null ? "(null)" : Convert.ToHexString(actual));
}
