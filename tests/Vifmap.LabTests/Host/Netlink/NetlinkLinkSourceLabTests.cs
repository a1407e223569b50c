using System.Text.Json;
using Vifmap.Host;
using Vifmap.Host.Netlink;
using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.Host.Netlink;

/// <summary>The RTM_GETLINK dump against the kernel, on the demo host's real veths, taps and bridges in
/// their network namespace. The oracle is iproute2: <c>ip -j -s -d link show</c> in the same namespace,
/// read straight from its JSON here (not through Vifmap's parser).</summary>
public sealed class NetlinkLinkSourceLabTests
{
    [SkippableFact]
    public async Task Dump_matches_ip_link_for_every_interface()
    {
        LabRequirement.SkipUnlessLabAvailable();
        await using LabHost host = await LabHost.StartDemoAsync();
        using var source = new NetlinkLinkSource("/run/netns/" + host.Namespace);

        IReadOnlyList<NetLink> links = await source.ReadLinksAsync();
        string ipJson = (await host.InNamespaceAsync("/usr/sbin/ip", "-j", "-s", "-d", "link", "show")).EnsureSuccess("ip link").StdOut;

        using JsonDocument ip = JsonDocument.Parse(ipJson);
        var expected = ip.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("ifname").GetString()!);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), links.Select(l => l.Name));
        Assert.Contains(links, l => l.Name == "vif2.0-emu");
        foreach (NetLink link in links)
        {
            JsonElement e = expected[link.Name];
            JsonElement rx = e.GetProperty("stats64").GetProperty("rx");
            JsonElement tx = e.GetProperty("stats64").GetProperty("tx");
            Assert.Equal(
                (e.GetProperty("ifindex").GetInt32(), e.GetProperty("operstate").GetString()!.ToLowerInvariant(), e.GetProperty("mtu").GetInt32(),
                    e.TryGetProperty("master", out JsonElement m) ? m.GetString() : null,
                    e.TryGetProperty("address", out JsonElement a) ? a.GetString() : null,
                    e.TryGetProperty("linkinfo", out JsonElement li) ? li.GetProperty("info_kind").GetString() : null),
                (link.Ifindex!.Value, link.OperState!, link.Mtu!.Value, link.Master, link.Address, link.Kind));
            Assert.Equal(
                (rx.GetProperty("bytes").GetInt64(), rx.GetProperty("packets").GetInt64(), rx.GetProperty("errors").GetInt64(), rx.GetProperty("dropped").GetInt64(),
                    tx.GetProperty("bytes").GetInt64(), tx.GetProperty("packets").GetInt64(), tx.GetProperty("errors").GetInt64(), tx.GetProperty("dropped").GetInt64()),
                (link.RxBytes!.Value, link.RxPackets!.Value, link.RxErrors!.Value, link.RxDropped!.Value, link.TxBytes!.Value, link.TxPackets!.Value, link.TxErrors!.Value, link.TxDropped!.Value));

            // ip prints LOWER_UP for the kernel's carrier on an admin-up link (NO-CARRIER otherwise).
            string[] flags = [.. e.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!)];
            if (flags.Contains("UP"))
            {
                Assert.Equal(flags.Contains("LOWER_UP"), link.Carrier);
            }
        }

        // The scenario's frames: 10 × 60 bytes written into vif2.0-emu (dom0 counts them as received).
        Assert.Equal((600L, 10L), (links.Single(l => l.Name == "vif2.0-emu").RxBytes, links.Single(l => l.Name == "vif2.0-emu").RxPackets));
    }
}
