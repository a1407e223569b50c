using System.Text;
using Vifmap.LabTests.Lab;
using Vifmap.XenStore;

namespace Vifmap.LabTests.XenStore;

/// <summary>A dump made by the real <c>xenstore-ls -f</c> reads back as exactly what the live client
/// copies from the same daemon: same nodes, same bytes, same child order.</summary>
public sealed class XenStoreDumpLabTests
{
    [SkippableFact]
    public async Task Dump_of_real_xenstore_ls_matches_the_live_tree_byte_for_byte()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.BulkWriteAsync(LabGuestTree.Host(guests: 4, nicsPerGuest: 3));
        // Values xenstore-ls must escape: tab, newline, CR, backslash, bytes < 010 (octal),
        // others (hex), a quote (not escaped), non-UTF-8 bytes, and the longest value a write allows.
        await xs.WriteAsync([
            ("/hostile/control", "a\\tb\\nc\\rd\\\\e\\001f\\x1b[0m\\x7f"),
            ("/hostile/binary", "\\xff\\xfe\\x80\\000\\x01"),
            ("/hostile/quote", "x\" = \"y"),
            ("/hostile/dots", "ends with \\\\..."),
            ("/hostile/empty", ""),
        ]);
        await xs.WriteAsync("/hostile/long", new string('L', 4096 - "/hostile/long".Length - 1));

        LabProcessResult ls = (await xs.RunClientAsync("xenstore-ls", ["-f", "/"])).EnsureSuccess("xenstore-ls -f /");
        XenStoreDumpReader dump = XenStoreDumpReader.Parse(Encoding.ASCII.GetBytes(ls.StdOut), "xenstore-ls.txt");
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);
        XenStoreTree live = await XenStoreTreeCopier.CopyAsync(client, "/");

        Assert.Equal([], dump.Diagnostics.Select(d => d.ToString()));
        string[] dumpNodes = [.. dump.Tree.EnumerateDepthFirst().Skip(1).Select(Describe)];
        string[] liveNodes = [.. live.EnumerateDepthFirst().Skip(1).Select(Describe)]; // "/" itself is not in a dump
        Assert.Equal(liveNodes, dumpNodes);
        Assert.True(dumpNodes.Length > 4 * (2 + 3 * 29));
        Assert.Equal(new byte[] { 0xff, 0xfe, 0x80, 0, 1 }, dump.Tree.TryGetNode("/hostile/binary", out XenStoreTreeNode? binary) ? binary.Value : null);
    }

    private static string Describe(XenStoreTreeNode node)
        => $"{node.Path} {node.State} {(node.Value is null ? "-" : Convert.ToHexString(node.Value))} [{string.Join(',', node.Children)}]";
}
