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
        XenStoreDump dump = XenStoreDump.Parse(Encoding.ASCII.GetBytes(ls.StdOut), "xenstore-ls.txt");
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);
        XenStoreTree live = await XenStoreTreeCopier.CopyAsync(client, "/");

        Assert.Equal([], dump.Diagnostics.Select(d => d.ToString()));
        string[] dumpNodes = [.. dump.Tree.EnumerateDepthFirst().Skip(1).Select(Describe)];
        string[] liveNodes = [.. live.EnumerateDepthFirst().Skip(1).Select(Describe)]; // "/" itself is not in a dump
        Assert.Equal(liveNodes, dumpNodes);
        Assert.True(dumpNodes.Length > 4 * (2 + 3 * 29));
        Assert.Equal(new byte[] { 0xff, 0xfe, 0x80, 0, 1 }, dump.Tree.TryGetNode("/hostile/binary", out XenStoreTreeNode? binary) ? binary.Value : null);
    }

    [SkippableFact]
    public async Task Dump_made_on_a_terminal_flags_cut_values_and_keeps_their_known_prefix()
    {
        LabRequirement.SkipUnless(File.Exists("/usr/bin/script"), "/usr/bin/script (bsdutils) is needed to give xenstore-ls a terminal");
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        string a49 = new('a', 49);
        await xs.WriteAsync([
            ("/t/long", new string('x', 100)),
            ("/t/cut-after-backslash", a49 + "\\n-rest"),   // escaped: 49 a, "\\n": the cut (at 50) leaves a lone backslash
            ("/t/cut-in-hex", new string('b', 48) + "\\xff-rest"), // escaped: 48 b, "\\xff": cut after "\\x"
            ("/t/real-dots", "ends\\\\..."),                      // a real value ending in backslash and "..."
            ("/t/short", "fits"),
        ]);

        // A 60-column pseudo-terminal: xenstore-ls -f then cuts values at 60 - 2 - 8 = 50 characters
        // (reference §4.6: the TIOCGWINSZ check runs after -f is parsed).
        LabProcessResult ls = (await LabProcess.RunAsync("/usr/bin/script", ["-qc", "stty cols 60; xenstore-ls -f /t", "/dev/null"], xs.Env)).EnsureSuccess("script xenstore-ls");
        XenStoreDump dump = XenStoreDump.Parse(Encoding.ASCII.GetBytes(ls.StdOut), "tty.txt");

        Assert.Equal(
            ["tty.txt:1:12: warning: the value of /t/long was cut by xenstore-ls (it ends in \\...): only its first 50 bytes are known; make the dump without a terminal (xenstore-ls -f > file) [VM491]",
             "tty.txt:2:27: warning: the value of /t/cut-after-backslash was cut by xenstore-ls (it ends in \\...): only its first 49 bytes are known; make the dump without a terminal (xenstore-ls -f > file) [VM491]",
             "tty.txt:3:18: warning: the value of /t/cut-in-hex was cut by xenstore-ls (it ends in \\...): only its first 48 bytes are known; make the dump without a terminal (xenstore-ls -f > file) [VM491]"],
            dump.Diagnostics.Select(d => d.ToString()));
        AssertNode(dump, "/t/long", XenStoreNodeState.TruncatedValue, new string('x', 50));
        AssertNode(dump, "/t/cut-after-backslash", XenStoreNodeState.TruncatedValue, a49);
        AssertNode(dump, "/t/cut-in-hex", XenStoreNodeState.TruncatedValue, new string('b', 48));
        AssertNode(dump, "/t/real-dots", XenStoreNodeState.Value, "ends\\...");
        AssertNode(dump, "/t/short", XenStoreNodeState.Value, "fits");
    }

    private static void AssertNode(XenStoreDump dump, string path, XenStoreNodeState state, string value)
    {
        Assert.True(dump.Tree.TryGetNode(path, out XenStoreTreeNode? node), path);
        Assert.Equal((state, value), (node.State, Encoding.Latin1.GetString(node.Value!)));
    }

    private static string Describe(XenStoreTreeNode node)
        => $"{node.Path} {node.State} {(node.Value is null ? "-" : Convert.ToHexString(node.Value))} [{string.Join(',', node.Children)}]";
}
