using System.Globalization;
using CsCheck;

namespace Vifmap.LabTests.Config.Xm;

/// <summary>CsCheck generators of xm configs in the Python subset, restricted to what Python 2 (which xm ran) and the
/// Python 3 of the oracle evaluate alike: no <c>/</c> (floor division on ints in 2 only), no <c>L</c> or <c>0NN</c>
/// literals, no <c>print</c> statement, no ordering comparisons (2 orders any two types, 3 raises), ASCII text only.
/// Unknowns come in through <c>os.uname()</c>, undefined names and <c>for</c> loops.</summary>
internal static class XmConfigGen
{
    private static readonly string[] s_names = ["a", "b", "c", "vif", "name", "builder", "device_model"];

    private static readonly Gen<string> s_name = Gen.OneOf(s_names);

    private static readonly Gen<string> s_stringPiece = Gen.Frequency(
        (20, Gen.Char["abcxyz0189=,:._- "].Select(c => c.ToString())),
        (2, Gen.OneOf("%s", "%d", "%%", "%03d", "%-3s")),
        (1, Gen.OneOf("\\n", "\\t", "\\\\", "\\'", "\\\"", "'", "\"")));

    private static readonly Gen<string> s_string = Gen.Select(
        Gen.OneOf("'", "\"", "'''"), s_stringPiece.Array[0, 6],
        (q, pieces) => q + string.Concat(pieces.Where(p => !(q == "'''" && p.Contains('\'', StringComparison.Ordinal)))) + q);

    // Number forms Python 2 and 3 read alike, malformed ones both refuse (08, 0x, 1abc, 0b12: the whole file is a syntax
    // error, even when the number sits in a branch that never runs) and floats spelled with a leading zero.
    private static readonly Gen<string> s_int = Gen.Frequency(
        (20, Gen.Int[0, 300].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (4, Gen.OneOf("0x1f", "-7", "True", "False", "None")),
        (1, Gen.OneOf("09.5", "08e1", ".5", "1e3", "0o17", "08", "0x", "1abc", "0b12", "1e+")));

    private static Gen<string> Expression(int depth) => depth <= 0
        ? Gen.Frequency((4, s_string), (3, s_int), (3, s_name), (1, Gen.OneOf("os.uname()[4]", "os.uname()[0]")))
        : Gen.Frequency(
            (6, Expression(0)),
            (2, Gen.Select(Expression(depth - 1), Expression(depth - 1), (a, b) => $"{a} + {b}")),
            (2, Gen.Select(s_string, Expression(depth - 1), (f, x) => $"{f} % {x}")),
            (1, Gen.Select(s_string, Expression(depth - 1), Expression(depth - 1), (f, x, y) => $"{f} % ({x}, {y})")),
            (1, Gen.Select(Expression(depth - 1), Gen.Int[0, 3], (x, n) => $"{x} * {n}")),
            (2, Expression(depth - 1).Array[0, 3].Select(items => "[" + string.Join(", ", items) + "]")),
            (1, Expression(depth - 1).Array[0, 3].Select(items => "(" + string.Join(", ", items) + (items.Length == 1 ? ",)" : ")"))),
            (1, Gen.Select(Expression(depth - 1), Gen.Int[-2, 2], (x, i) => $"({x})[{i}]")),
            (1, Gen.Select(Expression(depth - 1), Gen.Int[0, 2], Gen.Int[0, 4], (x, i, j) => $"({x})[{i}:{j}]")),
            (1, Gen.Select(Condition(depth - 1), Expression(depth - 1), Expression(depth - 1), (c, x, y) => $"({x} if {c} else {y})")),
            (1, Gen.Select(Gen.OneOf("str", "len"), Expression(depth - 1), (f, x) => $"{f}({x})")),
            (1, Gen.Select(Expression(depth - 1), Gen.OneOf(".strip()", ".upper()", ".lower()"), (x, m) => $"({x}){m}")));

    private static Gen<string> Condition(int depth) => Gen.Frequency(
        (3, Gen.Select(Expression(depth), Gen.OneOf("==", "!=", "in", "not in"), Expression(depth), (a, op, b) => $"{a} {op} {b}")),
        (1, Expression(depth).Select(x => "not " + x)),
        (1, Gen.Select(Expression(depth), Expression(depth), (a, b) => $"{a} and {b}")),
        (1, Gen.OneOf("os.uname()[4] == 'x86_64'", "re.search('64', os.uname()[4])", "os.uname()[0] == 'Linux'")));

    private static Gen<string> Statement(int depth, string indent)
    {
        Gen<string> simple = Gen.Frequency(
            (8, Gen.Select(s_name, Expression(2), (n, e) => $"{indent}{n} = {e}")),
            (2, Gen.Select(s_name, Expression(1), (n, e) => $"{indent}{n} += {e}")),
            (1, Gen.Select(s_name, s_name, Expression(1), Expression(1), (n, m, e, f) => $"{indent}{n}, {m} = {e}, {f}")),
            (2, Gen.Select(s_name, Expression(1), (n, e) => $"{indent}{n}.append({e})")),
            (1, Gen.Select(s_name, s_name, (n, m) => $"{indent}{n} = {m}")), // two names, one list: changes show through both
            (1, Gen.Select(s_name, Gen.Int[0, 2], (n, k) => $"{indent}{n} *= {k}")),
            (1, Gen.OneOf($"{indent}import os, re", $"{indent}pass", $"{indent}import os.path")),
            (1, Gen.Select(s_name, s_name, (n, m) => $"{indent}for {n} in [1, 2]:\n{indent}    {m} = {n}")));
        if (depth <= 0)
        {
            return simple;
        }

        string inner = indent + "    ";
        Gen<string> block = Statement(depth - 1, inner).Array[1, 3].Select(lines => string.Join("\n", lines));
        Gen<string> conditional = Gen.Select(
            Condition(1), block, Gen.Select(Condition(1), block).Array[0, 2], block, Gen.Bool,
            (c, body, elifs, otherwise, hasElse) =>
                $"{indent}if {c}:\n{body}" + string.Concat(elifs.Select(e => $"\n{indent}elif {e.Item1}:\n{e.Item2}"))
                + (hasElse ? $"\n{indent}else:\n{otherwise}" : string.Empty));
        return Gen.Frequency((4, simple), (1, conditional));
    }

    private static readonly Gen<string> s_literal = Gen.Frequency((3, s_string), (2, s_int), (1, Gen.OneOf("[]", "['']", "()")));

    /// <summary>Whole files: every name first gets a literal, so that a NameError (which xm's command line may prevent,
    /// and Vifmap therefore does not take as the end of the run) never happens; then the statements.</summary>
    public static readonly Gen<string> Config = Gen.Select(
        s_literal.Array[s_names.Length],
        Statement(2, string.Empty).Array[1, 8],
        (first, rest) => string.Join("\n", first.Select((value, i) => $"{s_names[i]} = {value}").Concat(rest)) + "\n");
}
