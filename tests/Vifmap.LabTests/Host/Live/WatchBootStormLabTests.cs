using System.Text.Json.Nodes;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Host.Live;

/// <summary>A boot storm under `vifmap watch`: 1,000 guests × 4 NICs written into the real daemon at
/// once (the tree of tests/lab/host-tree.sh through the pipelined xs-bulk-write, as fast as the daemon takes them).
/// Every NIC must be reported — by its own nic-added, or by a present event after a resync — and the
/// watcher's memory must stay bounded (what is pending is a set of marked domains, not a queue).</summary>
public sealed class WatchBootStormLabTests
{
    private const int Guests = 1000;
    private const int Nics = 4;

    [SkippableFact]
    public async Task Every_nic_of_a_1000_guest_boot_storm_is_reported_and_memory_stays_bounded()
    {
        LabRequirement.SkipUnlessLabAvailable();
        await using WatchLab lab = await WatchLab.StartAsync();
        await lab.WriteNodesAsync("xs_dom0; xs_domain 5000 ready 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a5000 pv; xs_nic 0 5000 0 00:16:3e:50:00:00 xenbr0 vif");
        lab.StartWatch();
        Assert.Equal("present", (string?)(await lab.NextAsync(1))[0]["type"]);

        // The tree of tests/lab/host-tree.sh (LabGuestTree.Host is kept equal to it by a lab test).
        List<(string, string)> pairs = [.. LabGuestTree.Host(Guests, Nics)];
        await lab.Xenstore.BulkWriteAsync(pairs);

        // Collect until every NIC is accounted for (or a generous time passes on a busy machine).
        var reported = new HashSet<(int, int)>();
        int resyncs = 0;
        long peakKb = 0;
        // The 4.17 daemon slows to a crawl under 60,000 writes with watchers attached (about 45 s here, against
        // 1 s without any watch): the storm and the catching-up take minutes on a busy machine.
        DateTime giveUp = DateTime.UtcNow.AddSeconds(300);
        while (reported.Count < Guests * Nics && DateTime.UtcNow < giveUp)
        {
            List<JsonObject> batch = await lab.DrainAsync(0.5);
            peakKb = Math.Max(peakKb, lab.WatchPeakRssKb());
            foreach (JsonObject e in batch)
            {
                string type = (string)e["type"]!;
                if (type == "resync")
                {
                    resyncs++;
                }
                else if (type is "nic-added" or "present" && (int)e["domid"]! <= Guests)
                {
                    reported.Add(((int)e["domid"]!, (int)e["devid"]!));
                }
            }
        }

        Assert.Equal(Guests * Nics, reported.Count);

        // Bounded: the 4,000 NICs' map and the runtime fit well under 200 MB whatever the event rate.
        Assert.InRange(peakKb, 1, 200 * 1024);
        Console.WriteLine($"boot storm: {reported.Count} NICs reported, {resyncs} resyncs, watcher peak RSS {peakKb / 1024} MB");
    }
}
