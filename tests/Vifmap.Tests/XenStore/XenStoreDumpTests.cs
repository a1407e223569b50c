using System.Globalization;
using System.Text;
using CsCheck;
using Vifmap.XenStore;
using Vifmap.XenStore.Dump;

namespace Vifmap.Tests.XenStore;

/// <summary>Hand-written <c>xenstore-ls -f</c> dumps, spelled as Xen 4.17's <c>do_ls</c> and
/// <c>sanitise_value</c> print them (reference §4.6, §7 item 23).</summary>
public sealed class XenStoreDumpTests
{
    private static XenStoreDump Parse(string text) => XenStoreDump.Parse(Encoding.Latin1.GetBytes(text), "dump.txt");

    private static string[] Diagnostics(XenStoreDump reader) => [.. reader.Diagnostics.Select(d => d.ToString())];

    private static (XenStoreNodeState, string?) Node(XenStoreDump reader, string path)
        => reader.Tree.TryGetNode(path, out XenStoreTreeNode? node)
            ? (node.State, node.Value is null ? null : Encoding.Latin1.GetString(node.Value))
            : throw new Xunit.Sdk.XunitException("no node " + path);

    [Fact]
    public void Dump_longer_than_the_read_buffer_keeps_every_node_line_number_and_cut()
    {
        // Read a buffer at a time (issue 15): 40,000 lines, some cut across buffer ends, parents with
        // thousands of children in order. The ambiguous "ab\\..." on line 1 (an even run of backslashes:
        // a cut that left a lone backslash, or a real value) counts as cut because a certain cut of the
        // same width (3) comes 40,000 lines later: the widths are still found over the whole dump first.
        var text = new StringBuilder("/local/domain/1/x = \"ab\\\\...\"\n");
        for (int d = 2; d < 20_002; d++)
        {
            text.Append(CultureInfo.InvariantCulture, $"/local/domain/{d}/name = \"guest-{d}\"\n");
            text.Append(CultureInfo.InvariantCulture, $"/local/domain/{d}/device/vif/{d * 7919 % 20_000} = \"\"\n");
        }

        text.Append("/local/domain/1/y = \"abc\\...\"\n");

        XenStoreDump reader = Parse(text.ToString());

        Assert.Equal(3 + 2 + (20_000 * 5) + 1, reader.Tree.Count); // "/", local, domain; 1, x; 5 per guest; y
        Assert.Equal(
            Enumerable.Range(1, 20_001).Select(d => d.ToString(CultureInfo.InvariantCulture)),
            reader.Tree.TryGetNode("/local/domain", out XenStoreTreeNode? all) ? all.Children : null);
        Assert.Equal((XenStoreNodeState.Value, "guest-20001"), Node(reader, "/local/domain/20001/name"));
        Assert.Equal((XenStoreNodeState.Value, ""), Node(reader, "/local/domain/12345/device/vif/" + (12_345 * 7919 % 20_000).ToString(CultureInfo.InvariantCulture)));
        Assert.Equal((XenStoreNodeState.TruncatedValue, "ab"), Node(reader, "/local/domain/1/x"));
        Assert.Equal((XenStoreNodeState.TruncatedValue, "abc"), Node(reader, "/local/domain/1/y"));
        Assert.Equal([1, 40_002], reader.Diagnostics.Select(d => d.Location.Line));
    }

    [Fact]
    public void Plain_dump_gives_values_children_in_order_and_implied_ancestors()
    {
        XenStoreDump reader = Parse(
            "/local/domain/0 = \"\"\n" +
            "/local/domain/0/name = \"Domain-0\"\n" +
            "/local/domain/5 = \"\"\n" +
            "/local/domain/5/name = \"web\"\n" +
            "/local/domain/5/device = \"\"\n" +
            "/local/domain/5/device/vif = \"\"\n" +
            "/local/domain/5/device/vif/1 = \"\"\n" +
            "/local/domain/5/device/vif/0 = \"\"\n");

        Assert.Equal([], Diagnostics(reader));
        Assert.Equal((XenStoreNodeState.Value, "Domain-0"), Node(reader, "/local/domain/0/name"));
        Assert.Equal((XenStoreNodeState.Implied, null), Node(reader, "/local/domain"));
        Assert.Equal((XenStoreNodeState.Implied, null), Node(reader, "/"));
        Assert.Equal(["0", "5"], reader.Tree.TryGetNode("/local/domain", out XenStoreTreeNode? d) ? d.Children : null);
        Assert.Equal(["1", "0"], reader.Tree.TryGetNode("/local/domain/5/device/vif", out XenStoreTreeNode? v) ? v.Children : null);
        Assert.Equal(
            ["/", "/local", "/local/domain", "/local/domain/0", "/local/domain/0/name", "/local/domain/5", "/local/domain/5/name",
             "/local/domain/5/device", "/local/domain/5/device/vif", "/local/domain/5/device/vif/1", "/local/domain/5/device/vif/0"],
            reader.Tree.EnumerateDepthFirst().Select(n => n.Path));
    }

    [Theory]
    [InlineData("tab\\there", "tab\there")]
    [InlineData("nl\\ncr\\r", "nl\ncr\r")]
    [InlineData("back\\\\slash", "back\\slash")]
    [InlineData("\\000\\001\\007", "\u0000\u0001\u0007")]
    [InlineData("\\x08\\x1b\\x7f\\xff", "\u0008\u001b\u007f\u00ff")]
    [InlineData("quote \" inside \"", "quote \" inside \"")]
    [InlineData(" = \"looks like a separator\"", " = \"looks like a separator\"")]
    [InlineData("", "")]
    public void Escapes_are_decoded_to_the_original_bytes(string printed, string bytes)
    {
        XenStoreDump reader = Parse($"/v = \"{printed}\"\n");
        Assert.Equal([], Diagnostics(reader));
        Assert.Equal((XenStoreNodeState.Value, bytes), Node(reader, "/v"));
    }

    [Fact]
    public void Unreadable_node_is_a_path_with_a_colon_then_an_empty_line()
    {
        XenStoreDump reader = Parse(
            "/local/domain/7 = \"\"\n" +
            "/local/domain/7/secret:\n" +
            "\n" +
            "/local/domain/7/name = \"db\"\n");

        Assert.Equal([], Diagnostics(reader));
        Assert.Equal((XenStoreNodeState.Unreadable, null), Node(reader, "/local/domain/7/secret"));
        Assert.Equal(["secret", "name"], reader.Tree.TryGetNode("/local/domain/7", out XenStoreTreeNode? n) ? n.Children : null);
    }

    [Fact]
    public async Task Reading_an_unreadable_node_fails_as_the_daemon_would_and_missing_nodes_are_null()
    {
        XenStoreDump reader = Parse("/a:\n\n/b = \"x\"\n");
        XenStoreErrorException error = await Assert.ThrowsAsync<XenStoreErrorException>(async () => await reader.ReadAsync("/a"));
        Assert.Equal("EACCES", error.ErrorName);
        Assert.Null(await reader.ReadAsync("/c"));
        Assert.Null(await reader.DirectoryAsync("/c"));
        Assert.Equal("x"u8.ToArray(), await reader.ReadAsync("/b"));
        Assert.Equal(["a", "b"], (await reader.DirectoryAsync("/"))!);
    }

    [Fact]
    public void Value_cut_on_a_terminal_is_flagged_with_its_known_prefix()
    {
        // 60 columns: values cut at 50 characters of escaped text, then "\..." (Xen 4.17 do_ls).
        string fifty = new('x', 50);
        XenStoreDump reader = Parse(
            $"/a = \"{fifty}\\...\"\n" +
            $"/b = \"{new string('y', 48)}\\x\\...\"\n" +
            $"/c = \"{new string('z', 49)}\\\\...\"\n" +
            "/d = \"ends\\\\...\"\n");

        Assert.Equal(
            ["dump.txt:1:7: warning: the value of /a was cut by xenstore-ls (it ends in \\...): only its first 50 bytes are known; make the dump without a terminal (xenstore-ls -f > file) [VM491]",
             "dump.txt:2:7: warning: the value of /b was cut by xenstore-ls (it ends in \\...): only its first 48 bytes are known; make the dump without a terminal (xenstore-ls -f > file) [VM491]",
             "dump.txt:3:7: warning: the value of /c was cut by xenstore-ls (it ends in \\...): only its first 49 bytes are known; make the dump without a terminal (xenstore-ls -f > file) [VM491]"],
            Diagnostics(reader));
        Assert.Equal((XenStoreNodeState.TruncatedValue, fifty), Node(reader, "/a"));
        Assert.Equal((XenStoreNodeState.TruncatedValue, new string('y', 48)), Node(reader, "/b"));
        // Even backslash run at the dump's cut width (50): a cut that left a lone backslash.
        Assert.Equal((XenStoreNodeState.TruncatedValue, new string('z', 49)), Node(reader, "/c"));
        // Even run at another width: a real value ending in a backslash and "...".
        Assert.Equal((XenStoreNodeState.Value, "ends\\..."), Node(reader, "/d"));
    }

    [Fact]
    public void Permissions_from_dash_p_are_ignored_after_the_value()
    {
        XenStoreDump reader = Parse(
            "/tool = \"\" . . . . . . . . . . . . . . . . . . . . . . . . . .  (n0)\n" +
            "/local/domain/5/name = \"a\"b\"  (n5,r0)\n");
        Assert.Equal([], Diagnostics(reader));
        Assert.Equal((XenStoreNodeState.Value, ""), Node(reader, "/tool"));
        Assert.Equal((XenStoreNodeState.Value, "a\"b"), Node(reader, "/local/domain/5/name"));
    }

    [Fact]
    public void Garbage_lines_are_skipped_with_a_diagnostic_each_and_the_rest_is_read()
    {
        XenStoreDump reader = Parse(
            "/ok = \"1\"\n" +
            "tool = \"\"\n" +
            "/no-closing-quote = \"abc\n" +
            "random words\u001b[31m\n" +
            "relative/path = \"x\"\n" +
            "/bad//path = \"x\"\n" +
            "/ok = \"2\"\n" +
            "/odd = \"\\q\\x4\"\n" +
            "/also-ok = \"3\"\r\n");

        Assert.Equal(
            ["dump.txt:2:1: warning: not a xenstore-ls -f line, skipped: 'tool = \"\"' (xenstore-ls -f lines start with the full path; was -f left out?) [VM490]",
             "dump.txt:3:1: warning: not a xenstore-ls -f line, skipped: '/no-closing-quote = \"abc' [VM490]",
             "dump.txt:4:1: warning: not a xenstore-ls -f line, skipped: 'random words\\x1b[31m' (xenstore-ls -f lines start with the full path; was -f left out?) [VM490]",
             "dump.txt:5:1: warning: not a xenstore-ls -f line, skipped: 'relative/path = \"x\"' (xenstore-ls -f lines start with the full path; was -f left out?) [VM490]",
             "dump.txt:6:1: warning: '/bad//path' is not an absolute xenstore path; line skipped [VM494]",
             "dump.txt:7:1: warning: /ok appears more than once; the first line is kept [VM493]",
             "dump.txt:8:9: warning: the value of /odd has an escape xenstore-ls does not print; decoded as xenstore-write would [VM492]"],
            Diagnostics(reader));
        Assert.Equal((XenStoreNodeState.Value, "1"), Node(reader, "/ok"));
        Assert.Equal((XenStoreNodeState.Value, "q\u0004"), Node(reader, "/odd"));
        Assert.Equal((XenStoreNodeState.Value, "3"), Node(reader, "/also-ok"));
        Assert.Equal(["/", "/ok", "/odd", "/also-ok"], reader.Tree.EnumerateDepthFirst().Select(n => n.Path));
    }

    [Fact]
    public void Many_garbage_lines_are_reported_up_to_a_limit()
    {
        XenStoreDump reader = Parse(string.Concat(Enumerable.Repeat("junk\n", 150)));
        Assert.Equal(101, reader.Diagnostics.Count);
        Assert.Equal("dump.txt:101:1: warning: more than 100 unusable lines; the rest are skipped without a report [VM495]", reader.Diagnostics[^1].ToString());
    }

    [Fact]
    public void Empty_and_binary_inputs_never_throw()
    {
        Assert.Equal(0, XenStoreDump.Parse([], "e").Tree.Count);
        XenStoreDump binary = XenStoreDump.Parse([0, 0xff, 10, 0x2f, 0x80, 0x20, 0x3d, 0x20, 0x22, 0x22, 10], "b");
        Assert.Equal(2, binary.Diagnostics.Count);
    }

    [Fact]
    public void Any_bytes_escaped_as_xenstore_ls_does_decode_back_exactly()
    {
        Gen.Byte.Array[0, 4096].Sample(bytes =>
        {
            string escaped = XenStoreValueEscaping.Escape(bytes);
            byte[] decoded = XenStoreValueEscaping.Unescape(Encoding.ASCII.GetBytes(escaped), cutAtEnd: false, out int problem);
            Assert.Equal(-1, problem);
            Assert.Equal(bytes, decoded);
        });
    }

    [Fact]
    public void Random_text_never_makes_the_parser_throw()
    {
        Gen.Byte.Array[0, 2000].Sample(bytes =>
        {
            XenStoreDump reader = XenStoreDump.Parse(bytes, "fuzz");
            Assert.NotNull(reader.Tree);
        });
    }

    [Fact]
    public void Escape_matches_sanitise_value_spelling()
    {
        Assert.Equal("a\\tb\\nc\\rd\\\\e\\000\\007\\x08\\x1b\\x7f\\x80\\xff\"~ ", XenStoreValueEscaping.Escape("a\tb\nc\rd\\e\u0000\u0007\u0008\u001b\u007f"u8.ToArray().Concat(new byte[] { 0x80, 0xff, (byte)'"', (byte)'~', (byte)' ' }).ToArray()));
    }

    [Fact]
    public void Path_thirty_thousand_levels_deep_costs_memory_linear_in_the_input()
    {
        // Issue 9 item 6: 60 KB of input took 1.7 GB because every implied ancestor kept its full
        // path (quadratic in depth). Allocation is counted, not timed: linear stays within a few MB.
        string deep = string.Concat(Enumerable.Repeat("/a", 30_000));
        byte[] text = Encoding.ASCII.GetBytes(deep + " = \"bottom\"\n");

        long before = GC.GetAllocatedBytesForCurrentThread();
        XenStoreDump reader = XenStoreDump.Parse(text, "deep.txt");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 64L * 1024 * 1024, $"parsing 60 KB allocated {allocated:N0} bytes");
        Assert.Empty(reader.Diagnostics);
        Assert.Equal(30_001, reader.Tree.Count);
        Assert.True(reader.Tree.TryGetNode(deep, out XenStoreTreeNode? bottom));
        Assert.Equal("bottom"u8.ToArray(), bottom.Value);
        Assert.Equal(deep, bottom.Path);
        Assert.Equal(30_001, reader.Tree.EnumerateDepthFirst().Count());
    }

    [Fact]
    public void Tree_lookup_ignores_a_trailing_slash_and_refuses_relative_or_doubled_paths()
    {
        XenStoreDump reader = Parse("/a/b = \"1\"\n");

        Assert.True(reader.Tree.TryGetNode("/a/b/", out _));
        Assert.True(reader.Tree.TryGetNode("/", out XenStoreTreeNode? root));
        Assert.Equal("/", root.Path);
        Assert.False(reader.Tree.TryGetNode("a/b", out _));
        Assert.False(reader.Tree.TryGetNode("/a//b", out _));
        Assert.False(reader.Tree.TryGetNode("", out _));
        Assert.Equal("/a/b", reader.Tree.TryGetNode("/a/b", out XenStoreTreeNode? b) ? b.Path : null);
    }

    [Fact]
    public void A_line_shares_with_the_line_before_only_whole_segments()
    {
        // The builder walks only what differs from the line before (issue 15): "/a/1" is no ancestor of
        // "/a/10", "/a/b" no ancestor of "/a/bc", and "/" and a parent after its child are nodes already.
        XenStoreDump reader = Parse(
            "/a/1/x = \"1\"\n/a/10/x = \"10\"\n/a/1 = \"one\"\n/a/b/c = \"c\"\n/a/bc = \"bc\"\n/a/b = \"b\"\n/ = \"root\"\n/a/1/x = \"again\"\n/a/10/x/y = \"y\"\n");

        Assert.Equal((XenStoreNodeState.Value, "1"), Node(reader, "/a/1/x"));
        Assert.Equal((XenStoreNodeState.Value, "10"), Node(reader, "/a/10/x"));
        Assert.Equal((XenStoreNodeState.Value, "one"), Node(reader, "/a/1"));
        Assert.Equal((XenStoreNodeState.Value, "bc"), Node(reader, "/a/bc"));
        Assert.Equal((XenStoreNodeState.Value, "b"), Node(reader, "/a/b"));
        Assert.Equal((XenStoreNodeState.Value, "root"), Node(reader, "/"));
        Assert.Equal((XenStoreNodeState.Value, "y"), Node(reader, "/a/10/x/y"));
        Assert.Equal(["1", "10", "b", "bc"], reader.Tree.TryGetNode("/a", out XenStoreTreeNode? a) ? a.Children : null);
        Assert.Equal(10, reader.Tree.Count); // /, a, 1, x, 10, x, b, c, bc, y
        Assert.Equal(["dump.txt:8:1: warning: /a/1/x appears more than once; the first line is kept [VM493]"], Diagnostics(reader));
    }
}
