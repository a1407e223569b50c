using CsCheck;

namespace Vifmap.LabTests.Config;

/// <summary>CsCheck generators of xl.cfg texts: valid files built from the grammar (reference §1.2),
/// and malformed ones made from them by inserting xl's known troublemakers or random bytes,
/// deleting bytes, or switching to CRLF.</summary>
internal static class XlConfigGen
{
    public static readonly string[] Names = ["name", "memory", "vif", "disk", "type", "builder", "a.b", "x_1", "vcpus", "extra"];

    private static readonly Gen<string> s_name = Gen.OneOf(Names);

    private static readonly Gen<string> s_blank = Gen.OneOf("", "", " ", "  ", "\t", " \t");

    private static readonly Gen<string> s_number = Gen.Frequency(
        (6, Gen.Long[0, 1L << 40].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (4, Gen.OneOf("0", "010", "08", "0x10", "0x", "0xffffffffffffffff", "99999999999999999999", "1e5", "12abc", "0x1x", "9223372036854775807", "9223372036854775808", "00", "0777")));

    private static readonly Gen<string> s_stringPiece = Gen.Frequency(
        (30, Gen.Char["abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 =,:.-_/"].Select(c => c.ToString())),
        (2, Gen.OneOf("\\n", "\\t", "\\\"", "\\'", "\\\\", "\\a", "\\r", "\\v")),
        (1, Gen.OneOf("\\101", "\\1 2", "\\1234", "\\7", "\\0", "\\8", "\\x41", "\\q", "\\1+5", "\\1-", "é", "#", "\t", "[", "]")));

    private static readonly Gen<string> s_string = Gen.Select(
        Gen.OneOf('"', '\''),
        s_stringPiece.Array[0, 12],
        (q, pieces) => q + string.Concat(pieces) + q);

    private static readonly Gen<string> s_atom = Gen.Frequency((3, s_string), (2, s_number));

    private static readonly Gen<string> s_listSpace = Gen.Frequency((6, s_blank), (1, Gen.OneOf("\n", " \n  ", "\n# in list\n", "\n\n")));

    private static Gen<string> Value(int depth) => depth <= 0
        ? s_atom
        : Gen.Frequency(
            (4, s_atom),
            (1, Gen.Select(
                Value(depth - 1).Array[0, 4],
                s_listSpace.Array[6],
                Gen.Bool,
                (items, sp, trailing) => "[" + sp[0] + string.Join(sp[1] + "," + sp[2], items) + sp[3]
                    + (trailing && items.Length > 0 ? "," + sp[4] : string.Empty) + "]")));

    private static readonly Gen<string> s_statement = Gen.Select(
        s_name, s_blank, Gen.Frequency((5, Gen.Const("=")), (1, Gen.Const("+="))), s_blank, Value(3),
        (n, b1, op, b2, v) => n + b1 + op + b2 + v);

    private static readonly Gen<string> s_line = Gen.Frequency(
        (10, Gen.Select(s_statement, s_blank, (s, b) => s + b)),
        (2, Gen.Select(s_statement, s_statement, s_blank, (a, b, sp) => a + ";" + sp + b)),
        (2, Gen.Select(s_statement, (s) => s + " # trailing comment")),
        (2, Gen.OneOf("# comment", "#", "", "  ", ";", "#!python")),
        (1, Gen.Select(s_statement, s => s + ";")));

    private static readonly Gen<string> s_valid = Gen.Select(
        s_line.Array[0, 10],
        Gen.OneOf("\n", "\n", "\n", "", "\n\n"),
        (lines, end) => string.Join("\n", lines) + end);

    /// <summary>Things libxlutil rejects or treats specially (reference §1, §7.22).</summary>
    private static readonly Gen<string> s_troublemaker = Gen.OneOf(
        "Name", "-1", "1.5", "$", "\"unterminated", "'x", "\r", "\\x41", "\"\\x41\"", "\"\\q\"", "\"\\101\"",
        " a b", "=", "+=", ",", "[", "]", "[ , ]", "\n", " 5", "\"s\"", "import os", "(", ")", ":", "#",
        "# c", "é", "\x01", "a", "a = ", "\n]", "[\n", "x += [1]", "x += \"s\"", "x = 1", "_a", "0X1");

    /// <summary>Short runs of any printable ASCII, blanks and the control bytes flex treats specially.</summary>
    private static readonly Gen<string> s_soup = Gen.String[Gen.Char["\t\n\v\f\r !\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~\x7f\u00e9"], 1, 6];

    private static readonly Gen<Func<string, string>> s_mutation = Gen.Frequency(
        (5, Gen.Select(Gen.Int[0, int.MaxValue], s_troublemaker, (at, what) => (Func<string, string>)(s => s.Insert(at % (s.Length + 1), what)))),
        (2, Gen.Select(Gen.Int[0, int.MaxValue], Gen.Char[" \t\n#=+[],;'\"\\.-aZ0x\r"], (at, c) => (Func<string, string>)(s => s.Insert(at % (s.Length + 1), c.ToString())))),
        (2, Gen.Int[0, int.MaxValue].Select(at => (Func<string, string>)(s => s.Length == 0 ? s : s.Remove(at % s.Length, 1)))),
        (2, Gen.Select(Gen.Int[0, int.MaxValue], s_soup, (at, what) => (Func<string, string>)(s => s.Insert(at % (s.Length + 1), what)))),
        (1, Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 8], (at, n) => (Func<string, string>)(s => s.Length == 0 ? s : s.Remove(at % s.Length, Math.Min(n, s.Length - (at % s.Length)))))),
        (1, Gen.Const((Func<string, string>)(s => s.Replace("\n", "\r\n", StringComparison.Ordinal)))),
        (1, Gen.OneOf("# no newline", "#", "$", "-", "x = 1 #", "\n# last").Select(tail => (Func<string, string>)(s => s.TrimEnd('\n') + "\n" + tail))));

    private static readonly Gen<string> s_malformed = Gen.Select(
        s_valid, s_mutation.Array[1, 3],
        (text, mutations) => mutations.Aggregate(text, (t, m) => m(t)));

    /// <summary>Many mutations: several errors per file, for bison's recovery and its silences.</summary>
    private static readonly Gen<string> s_manyErrors = Gen.Select(
        s_valid, s_mutation.Array[4, 12],
        (text, mutations) => mutations.Aggregate(text, (t, m) => m(t)));

    /// <summary>Any sequence of the grammar's tokens (and a few lexical errors): every state meets every token.</summary>
    private static readonly Gen<string> s_tokenSoup = Gen.Frequency(
        (4, Gen.OneOf("a", "vif", "=", "+=", "'s'", "\"t\"", "1", "0x1", "[", "]", ",", ";", "\n", "\n", "# c\n", "\n\n")),
        (1, Gen.OneOf("$", "Name", "'\\q'", "\r\n", "-", "é", "'x"))).Array[1, 30].Select(tokens => string.Join(" ", tokens));

    /// <summary>Valid by construction, mutated (some mutations leave the file valid), or token soup.</summary>
    public static readonly Gen<string> Config = Gen.Frequency((4, s_valid), (3, s_malformed), (1, s_manyErrors), (2, s_tokenSoup));
}
