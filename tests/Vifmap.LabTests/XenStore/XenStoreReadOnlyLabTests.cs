using System.Globalization;
using Vifmap.LabTests.Lab;
using Vifmap.XenStore;

namespace Vifmap.LabTests.XenStore;

/// <summary>Vifmap never writes to xenstore: proven with the daemon's own trace log (<c>-T</c>), which
/// records every request a connection sent.</summary>
public sealed class XenStoreReadOnlyLabTests
{
    // Request names as xenstored 4.17 prints them in the trace (sockmsg_string).
    private static readonly string[] s_readOnlyTypes =
        ["READ", "DIRECTORY", "DIRECTORY_PART", "GET_DOMAIN_PATH", "TRANSACTION_START", "TRANSACTION_END", "WATCH", "UNWATCH"];

    [SkippableFact]
    public async Task Every_client_operation_sends_only_read_transaction_and_watch_requests()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync(trace: true);
        await xs.BulkWriteAsync([
            .. LabGuestTree.Host(guests: 3, nicsPerGuest: 2),
            .. Enumerable.Range(0, 800).Select(i => ("/wide/child-" + i.ToString("D4", CultureInfo.InvariantCulture), "x")),
        ]);
        LabProcessResult before = await xs.RunClientAsync("xenstore-ls", ["-f", "/"]);

        await using (XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs))
        {
            string marker = XenStoreLabClient.NewMarker();
            Assert.Null(await client.ReadAsync(marker));
            await client.ReadAsync("/local/domain/1/name");
            await client.DirectoryAsync("/wide"); // E2BIG, then DIRECTORY_PART
            await client.GetDomainPathAsync(1);
            await client.ReadConsistentAsync(async (view, ct) => await view.DirectoryAsync("/local/domain", ct));
            await using (XenStoreTransaction transaction = await client.BeginTransactionAsync())
            {
                await transaction.ReadAsync("/local/domain/2/name");
            }

            await client.WatchAsync("/local/domain", "t");
            await client.UnwatchAsync("/local/domain", "t");
            await XenStoreTreeCopier.CopyAsync(client, "/");
            await client.ReadAsync("/bad//path").AsTask().ContinueWith(_ => { }, TaskScheduler.Default);

            List<(string Type, string Arguments)> sent = XenStoreLabClient.RequestsOfConnectionThatSent(xs.ReadTraceLog(), marker);
            Assert.All(sent, request => Assert.Contains(request.Type, s_readOnlyTypes));
            Assert.Equal(s_readOnlyTypes.Order(StringComparer.Ordinal), sent.Select(r => r.Type).Distinct().Order(StringComparer.Ordinal));
            Assert.DoesNotContain(sent, r => r.Type == "TRANSACTION_END" && r.Arguments != "T" && r.Arguments != "F");
        }

        LabProcessResult after = await xs.RunClientAsync("xenstore-ls", ["-f", "/"]);
        Assert.Equal(before.StdOut, after.StdOut);
    }
}
