using Vifmap.Host;
using Vifmap.LabTests.Lab;
using Vifmap.XenStore;

namespace Vifmap.LabTests.Host;

/// <summary><see cref="WatchGuardedRead"/> against the real xenstored: reads outside transactions are kept
/// only when no write came in meanwhile. A write made after the unguarded read (the test hook runs the
/// real xenstore-write there) must show in the result, read again in a transaction.</summary>
public sealed class WatchGuardedReadLabTests
{
    private static readonly HostMapOptions Options = new() { BackendDomid = 0, Source = "live" };

    private static async Task<(XenstoredLab Xs, XenStoreConnection Connection)> StartAsync(bool trace = false)
    {
        LabRequirement.SkipUnlessLabAvailable();
        XenstoredLab xs = await XenstoredLab.StartAsync(trace);
        await xs.BulkWriteAsync([("/local/domain/0/name", "Domain-0"), .. LabGuestTree.Host(guests: 3, nicsPerGuest: 2)]);
        return (xs, await XenStoreConnection.OpenAsync(new XenStoreConnectionOptions { SocketPath = xs.SocketPath }));
    }

    private static DomainFacts Domain(HostFacts facts, int domid) => facts.Domains.Single(d => d.Domid == domid);

    [SkippableFact]
    public async Task A_quiet_host_reads_as_in_transactions_and_sends_no_transaction()
    {
        (XenstoredLab xs, XenStoreConnection connection) = await StartAsync(trace: true);
        await using (xs)
        await using (connection)
        {
            int before = xs.ReadTraceLog().Length;
            HostFacts guarded = await WatchGuardedRead.ReadAsync(connection, Options, CancellationToken.None);
            string[] types = [.. xs.ReadTraceLog()[before..].Split('\n').Where(l => l.StartsWith("IN ", StringComparison.Ordinal)).Select(l => l.Split(' ', 6)[4])];
            HostFacts transactional = await HostFactsReader.ReadAsync(new XenStoreTransactionScope(connection, null), Options);

            Assert.Equal(4, guarded.Domains.Count);
            Assert.Equal(Describe(transactional), Describe(guarded));
            Assert.Equal("WATCH", types[0]);
            Assert.Equal("UNWATCH", types[^1]);
            Assert.DoesNotContain("TRANSACTION_START", types);
        }
    }

    [SkippableFact]
    public async Task A_write_during_the_read_is_read_again_for_that_domain()
    {
        (XenstoredLab xs, XenStoreConnection connection) = await StartAsync();
        await using (xs)
        await using (connection)
        {
            HostFacts facts = await WatchGuardedRead.ReadAsync(connection, Options, CancellationToken.None, async () =>
            {
                await xs.WriteAsync("/local/domain/2/name", "renamed");
                await xs.WriteAsync("/local/domain/0/backend/vif/3/1/state", "5");
            });

            Assert.Equal("renamed", Domain(facts, 2).Name);
            Assert.Equal("5", Domain(facts, 3).Nics!.Single(n => n.Devid == 1).Backend!.State);
            Assert.Equal("guest-1", Domain(facts, 1).Name); // untouched domains keep what was read
        }
    }

    [SkippableFact]
    public async Task A_domain_destroyed_during_the_read_is_gone_and_its_backend_an_orphan()
    {
        (XenstoredLab xs, XenStoreConnection connection) = await StartAsync();
        await using (xs)
        await using (connection)
        {
            HostFacts facts = await WatchGuardedRead.ReadAsync(connection, Options, CancellationToken.None,
                () => xs.RemoveAsync("/local/domain/3"));

            Assert.DoesNotContain(facts.Domains, d => d.Domid == 3);
            Assert.Equal([0, 1], facts.OrphanBackends[3]);
        }
    }

    private static string Describe(HostFacts facts) => string.Join('\n', facts.Domains.Select(d =>
        $"{d.Domid} {d.Name} {d.VmPath} [{string.Join(',', (d.Nics ?? []).Select(n => $"{n.Devid}:{n.FrontendState}:{n.Backend?.State}:{n.Backend?.Mac}:{n.Backend?.Bridge}"))}]"));
}
