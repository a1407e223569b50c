using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Vifmap.Diagnostics;

namespace Vifmap.Config.Xm;

/// <summary>A value the evaluator computed, with where it was written (a literal's position, or the expression that
/// built it): a vif spec taken from a variable still points at its literal. Values are immutable; a list method that
/// mutates (<c>append</c>) rebinds every name that shares the list.</summary>
internal abstract record PyValue(SourceLocation Location)
{
    /// <summary>Python 2's <c>type(x).__name__</c>, as messages name it.</summary>
    public abstract string TypeName { get; }
}

/// <summary>A Python 2 <c>str</c> (bytes, shown here as their UTF-8 reading) or, with <see cref="IsUnicode"/>, a <c>unicode</c>.</summary>
internal sealed record PyStr(string Value, bool IsUnicode, SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => IsUnicode ? "unicode" : "str";
}

/// <summary>An <c>int</c>, or with <see cref="IsLong"/> a <c>long</c> (<c>10L</c>): xm keeps the first, drops the second.</summary>
internal sealed record PyInt(long Value, bool IsLong, SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => IsLong ? "long" : "int";
}

internal sealed record PyFloat(double Value, SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => "float";
}

internal sealed record PyBool(bool Value, SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => "bool";
}

internal sealed record PyNone(SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => "NoneType";
}

internal sealed record PyList(IReadOnlyList<PyValue> Items, SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => "list";
}

internal sealed record PyTuple(IReadOnlyList<PyValue> Items, SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => "tuple";
}

internal sealed record PyDict(IReadOnlyList<(PyValue Key, PyValue Value)> Entries, SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => "dict";
}

/// <summary>A module object (<c>os</c>, <c>os.path</c>, <c>re</c>, …), named by its dotted name.</summary>
internal sealed record PyModule(string Name, SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => "module";
}

/// <summary>A function the evaluator knows by its dotted name (<c>str</c>, <c>os.uname</c>, <c>re.search</c>), or a
/// method bound to <see cref="Self"/> (<c>'a,b'.split</c>, <c>vif.append</c>).</summary>
internal sealed record PyFunction(string Name, PyValue? Self, SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => Self is null ? "builtin_function_or_method" : "instancemethod";
}

/// <summary>Any other object (a function the file defines, a match object, <c>xm_vars</c>): only its truth is known.</summary>
internal sealed record PyOpaque(string Type, SourceLocation Location) : PyValue(Location)
{
    public override string TypeName => Type;
}

/// <summary>A value the evaluator cannot know without running Python on the dom0 host: <see cref="Reason"/> says why,
/// in words that finish "… because it …" ("depends on os.uname(), the dom0 host's answer").</summary>
/// <remarks><see cref="IsString"/>: the value is surely a <c>str</c> (an element of <c>os.uname()</c>, or built from one with
/// <c>+</c>), so <c>os.uname()[4] + 1</c> still raises TypeError as it did in xm. <see cref="MayBe"/>: the lists the value
/// may be or hold (<c>b if os.uname()[4] == 'x' else c</c> is b or c). Python's lists are shared objects, so a change in
/// place through the unknown (<c>+=</c>, <c>append</c>) may change any of them.</remarks>
internal sealed record PyUnknown(string Reason, SourceLocation Location, bool IsString = false) : PyValue(Location)
{
    public override string TypeName => IsString ? "str" : "unknown";

    public IReadOnlyList<PyValue> MayBe { get; init; } = [];
}

/// <summary>What Python 2 says about values: truth, equality, <c>str()</c> and <c>repr()</c>.</summary>
internal static class PyValues
{
    /// <summary>The methods of list and dict that change the object in place.</summary>
    public static readonly FrozenSet<string> InPlaceMethods = FrozenSet.Create(StringComparer.Ordinal,
        "append", "extend", "insert", "remove", "pop", "sort", "reverse", "update", "setdefault", "clear");

    /// <summary>"a" or "an" before a type name in a message.</summary>
    public static string Article(string typeName) => typeName.Length > 0 && typeName[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a";

    /// <summary>Python's truth of <paramref name="value"/>, or null when it is unknown.</summary>
    public static bool? Truth(PyValue value) => value switch
    {
        PyStr s => s.Value.Length > 0,
        PyInt i => i.Value != 0,
        PyFloat f => f.Value != 0,
        PyBool b => b.Value,
        PyNone => false,
        PyList l => l.Items.Count > 0,
        PyTuple t => t.Items.Count > 0,
        PyDict d => d.Entries.Count > 0,
        PyUnknown => null,
        _ => true,
    };

    /// <summary>Python's <c>==</c>, or null when either side is unknown. Numbers compare across int, long, float and bool.</summary>
    public static bool? Equal(PyValue a, PyValue b)
    {
        if (a is PyUnknown || b is PyUnknown)
        {
            return null;
        }

        if (AsNumber(a) is double x && AsNumber(b) is double y)
        {
            return x == y;
        }

        return (a, b) switch
        {
            (PyStr s, PyStr t) => string.Equals(s.Value, t.Value, StringComparison.Ordinal),
            (PyNone, PyNone) => true,
            (PyList l, PyList m) => SequenceEqual(l.Items, m.Items),
            (PyTuple l, PyTuple m) => SequenceEqual(l.Items, m.Items),
            (PyModule m, PyModule n) => m.Name == n.Name,
            (PyFunction f, PyFunction g) => f.Name == g.Name && f.Self is null && g.Self is null,
            (PyDict, PyDict) or (PyOpaque, PyOpaque) or (PyFunction, PyFunction) => null,
            _ => false,
        };
    }

    /// <summary>Whether two values are the same for merging the branches of an undecided <c>if</c>: equal and of one type
    /// (<c>1</c> and <c>1.0</c> differ for xm, which keeps int and float apart only in what it prints).</summary>
    /// <summary>Whether a name that is <paramref name="a"/> on one path and <paramref name="b"/> on another is one value:
    /// equal, and holding the very same lists and dicts (two empty lists are two objects, and a change to one is not a
    /// change to the other).</summary>
    public static bool SameObject(PyValue a, PyValue b)
    {
        if (!Same(a, b))
        {
            return false;
        }

        IReadOnlyList<PyValue> x = ListsIn(a);
        IReadOnlyList<PyValue> y = ListsIn(b);
        return x.Count == y.Count && x.Zip(y).All(p => ReferenceEquals(p.First, p.Second));
    }

    /// <summary>Python's equality as far as it is known; two unknowns are the same when they have the same reason
    /// (which lists they may be is <see cref="SameObject"/>'s question).</summary>

    public static bool Same(PyValue a, PyValue b)
        => a.TypeName == b.TypeName && (a is PyUnknown u && b is PyUnknown v ? u.Reason == v.Reason : Equal(a, b) == true);

    /// <summary>The lists and dicts <paramref name="value"/> is or holds, at any depth, and those an unknown may be: what
    /// a change in place through it may reach.</summary>
    public static IReadOnlyList<PyValue> ListsIn(PyValue value)
    {
        var found = new List<PyValue>();
        var seen = new HashSet<PyValue>(ReferenceEqualityComparer.Instance);
        Collect(value);
        return found;

        void Collect(PyValue v)
        {
            if (v is not (PyList or PyTuple or PyDict or PyUnknown) || !seen.Add(v))
            {
                return;
            }

            if (v is PyList or PyDict)
            {
                found.Add(v);
            }

            IEnumerable<PyValue> inner = v switch
            {
                PyList l => l.Items,
                PyTuple t => t.Items,
                PyDict d => d.Entries.Select(e => e.Value),
                _ => ((PyUnknown)v).MayBe,
            };
            foreach (PyValue item in inner)
            {
                Collect(item);
            }
        }
    }

    private static bool? SequenceEqual(IReadOnlyList<PyValue> a, IReadOnlyList<PyValue> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        bool unknown = false;
        for (int i = 0; i < a.Count; i++)
        {
            bool? e = Equal(a[i], b[i]);
            if (e == false)
            {
                return false;
            }

            unknown |= e is null;
        }

        return unknown ? null : true;
    }

    public static double? AsNumber(PyValue value) => value switch
    {
        PyInt i => i.Value,
        PyFloat f => f.Value,
        PyBool b => b.Value ? 1 : 0,
        _ => null,
    };

    /// <summary>Python 2's <c>str(x)</c>, or null for a value without a known text.</summary>
    public static string? Str(PyValue value) => value switch
    {
        PyStr s => s.Value,
        PyInt i => i.Value.ToString(CultureInfo.InvariantCulture),
        PyFloat f => FloatText(f.Value, 12),
        PyBool b => b.Value ? "True" : "False",
        PyNone => "None",
        PyList or PyTuple or PyDict => Repr(value),
        _ => null,
    };

    /// <summary>Python 2's <c>repr(x)</c>, or null for a value without a known text.</summary>
    public static string? Repr(PyValue value)
    {
        switch (value)
        {
            case PyStr s:
                return (s.IsUnicode ? "u" : string.Empty) + QuoteRepr(s.Value);
            case PyInt i:
                return i.Value.ToString(CultureInfo.InvariantCulture) + (i.IsLong ? "L" : string.Empty);
            case PyFloat f:
                return FloatText(f.Value, 17);
            case PyList l:
                return Join("[", l.Items, "]");
            case PyTuple t:
                return t.Items.Count == 1 ? Join("(", t.Items, ",)") : Join("(", t.Items, ")");
            case PyDict d:
            {
                var parts = new List<string>();
                foreach ((PyValue k, PyValue v) in d.Entries)
                {
                    if (Repr(k) is not string ks || Repr(v) is not string vs)
                    {
                        return null;
                    }

                    parts.Add(ks + ": " + vs);
                }

                return "{" + string.Join(", ", parts) + "}";
            }

            default:
                return Str(value);
        }
    }

    private static string? Join(string open, IReadOnlyList<PyValue> items, string close)
    {
        var parts = new List<string>(items.Count);
        foreach (PyValue item in items)
        {
            if (Repr(item) is not string r)
            {
                return null;
            }

            parts.Add(r);
        }

        return open + string.Join(", ", parts) + close;
    }

    /// <summary>Python 2's repr of a str: single quotes unless the text has a single quote and no double quote.</summary>
    private static string QuoteRepr(string text)
    {
        char quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var b = new StringBuilder().Append(quote);
        foreach (char c in text)
        {
            _ = c switch
            {
                '\\' => b.Append(@"\\"),
                '\n' => b.Append(@"\n"),
                '\r' => b.Append(@"\r"),
                '\t' => b.Append(@"\t"),
                _ when c == quote => b.Append('\\').Append(c),
                < ' ' or '\x7f' => b.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => b.Append(c),
            };
        }

        return b.Append(quote).ToString();
    }

    /// <summary>A float as Python 2 prints it: <c>%.12g</c> for str, <c>%.17g</c> for repr, with <c>.0</c> on whole numbers.</summary>
    public static string FloatText(double value, int digits)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        string text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        text = text.Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.Ordinal) ? text : text + ".0";
    }
}
