using Vifmap.Config;
using Vifmap.Diagnostics;

namespace Vifmap.Tests.Config;

/// <summary>Token boundaries of libxlu_cfg_l.l, and the lexer's promise to allocate nothing while
/// it reads a well-formed file (conventions: spans on hot paths, allocate only for values).</summary>
public sealed class XlConfigLexerTests
{
    private static readonly byte[] s_config =
        "# guest\nname = \"web\"\nmemory = 0x200;vcpus=2\nvif = [ 'bridge=xenbr0', [ 1 ], ]\nx.y_z += \"\\t\"\n"u8.ToArray();

    [Fact]
    public void Tokens_follow_flex_longest_match()
    {
        var bag = new DiagnosticBag();
        var lexer = new XlConfigLexer(s_config, "t.cfg", bag);
        var kinds = new List<string>();
        for (XlToken t = lexer.Next(); t.Kind != XlTokenKind.End; t = lexer.Next())
        {
            kinds.Add($"{t.Kind}@{t.Line}:{t.Column}/{t.Length}");
        }

        Assert.Equal(
        [
            "Newline@1:1/8",
            "Ident@2:1/4", "Assign@2:6/1", "String@2:8/5", "Newline@2:13/1",
            "Ident@3:1/6", "Assign@3:8/1", "Number@3:10/5", "Semicolon@3:15/1", "Ident@3:16/5", "Assign@3:21/1", "Number@3:22/1", "Newline@3:23/1",
            "Ident@4:1/3", "Assign@4:5/1", "OpenBracket@4:7/1", "String@4:9/15", "Comma@4:24/1", "OpenBracket@4:26/1", "Number@4:28/1",
            "CloseBracket@4:30/1", "Comma@4:31/1", "CloseBracket@4:33/1", "Newline@4:34/1",
            "Ident@5:1/5", "AppendAssign@5:7/2", "String@5:10/4", "Newline@5:14/1",
        ], kinds);
        Assert.Empty(bag.Items);
    }

    [Fact]
    public void Lexing_a_valid_file_allocates_nothing()
    {
        var bag = new DiagnosticBag();
        LexAll(s_config, bag);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int tokens = 0;
        for (int i = 0; i < 100; i++)
        {
            tokens += LexAll(s_config, bag);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2800, tokens);
        Assert.Equal(0, allocated);
    }

    private static int LexAll(ReadOnlySpan<byte> text, DiagnosticBag bag)
    {
        var lexer = new XlConfigLexer(text, "t.cfg", bag);
        int n = 0;
        while (lexer.Next().Kind != XlTokenKind.End)
        {
            n++;
        }

        return n;
    }
}
