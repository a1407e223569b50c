using System.Text;
using Vifmap.XenStore;

namespace Vifmap.LabTests.XenStore;

public sealed class XenStoreTreeCopierTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(256)]
    public async Task Copy_of_a_tree_keeps_values_states_and_child_order_whatever_the_parallelism(int inFlight)
    {
        XenStoreDump source = XenStoreDump.Parse(Encoding.ASCII.GetBytes(
            "/a = \"1\"\n/a/z = \"\\x00\"\n/a/b = \"2\"\n/a/b/c = \"3\"\n/a/locked:\n\n/d = \"\"\n"), "src");

        XenStoreTree copy = await XenStoreTreeCopier.CopyAsync(source, "/a", inFlight);

        Assert.Equal(
            ["/ Implied -", "/a Value 31", "/a/z Value 00", "/a/b Value 32", "/a/b/c Value 33", "/a/locked Unreadable -"],
            copy.EnumerateDepthFirst().Select(n => $"{n.Path} {n.State} {(n.Value is null ? "-" : Convert.ToHexString(n.Value))}"));
        Assert.Equal(["z", "b", "locked"], copy.TryGetNode("/a", out XenStoreTreeNode? a) ? a.Children : null);
    }

    [Fact]
    public async Task Copy_of_a_missing_root_is_empty()
    {
        XenStoreTree copy = await XenStoreTreeCopier.CopyAsync(XenStoreTree.Empty, "/nothing");
        Assert.Equal(0, copy.Count);
    }
}
