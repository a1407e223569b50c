using Vifmap.Diagnostics;

namespace Vifmap.Config.Xm;

/// <summary>An expression of the Python subset xm configs use.</summary>
internal abstract record PyExpr(SourceLocation Location);

internal sealed record PyLiteral(PyValue Value, SourceLocation Location) : PyExpr(Location);

internal sealed record PyName(string Name, SourceLocation Location) : PyExpr(Location);

internal sealed record PyAttribute(PyExpr Target, string Name, SourceLocation Location) : PyExpr(Location);

internal sealed record PyCall(PyExpr Function, IReadOnlyList<PyExpr> Arguments, IReadOnlyList<(string Name, PyExpr Value)> Keywords, SourceLocation Location)
    : PyExpr(Location);

internal sealed record PySubscript(PyExpr Target, PyExpr Index, SourceLocation Location) : PyExpr(Location);

/// <summary><c>x[lower:upper]</c> (a step is not in the subset).</summary>
internal sealed record PySlice(PyExpr Target, PyExpr? Lower, PyExpr? Upper, SourceLocation Location) : PyExpr(Location);

/// <summary>A binary operator: <c>+ - * / // % | &amp; ^ &lt;&lt; &gt;&gt; **</c>.</summary>
internal sealed record PyBinary(string Operator, PyExpr Left, PyExpr Right, SourceLocation Location) : PyExpr(Location);

/// <summary>Unary <c>- + ~ not</c>.</summary>
internal sealed record PyUnary(string Operator, PyExpr Operand, SourceLocation Location) : PyExpr(Location);

/// <summary>A chain of comparisons, <c>a &lt; b == c</c> meaning <c>a &lt; b and b == c</c>.</summary>
internal sealed record PyCompare(PyExpr First, IReadOnlyList<(string Operator, PyExpr Right)> Rest, SourceLocation Location) : PyExpr(Location);

/// <summary><c>and</c> / <c>or</c>, which yield one of their operands.</summary>
internal sealed record PyBoolean(string Operator, PyExpr Left, PyExpr Right, SourceLocation Location) : PyExpr(Location);

/// <summary><c>a if condition else b</c>.</summary>
internal sealed record PyConditional(PyExpr Condition, PyExpr WhenTrue, PyExpr WhenFalse, SourceLocation Location) : PyExpr(Location);

internal sealed record PyListDisplay(IReadOnlyList<PyExpr> Items, SourceLocation Location) : PyExpr(Location);

internal sealed record PyTupleDisplay(IReadOnlyList<PyExpr> Items, SourceLocation Location) : PyExpr(Location);

internal sealed record PyDictDisplay(IReadOnlyList<(PyExpr Key, PyExpr Value)> Entries, SourceLocation Location) : PyExpr(Location);

/// <summary>A statement of the subset, or one outside it that is skipped.</summary>
internal abstract record PyStatement(SourceLocation Location);

/// <summary><c>a = b = value</c>; a target is a name or a tuple/list of names (unpacking); other targets
/// (<c>x[0] = …</c>, <c>o.a = …</c>) are kept so that evaluation can say they were skipped.</summary>
internal sealed record PyAssign(IReadOnlyList<PyExpr> Targets, PyExpr Value, SourceLocation Location) : PyStatement(Location);

/// <summary><c>name += value</c> and the other augmented assignments; <see cref="Operator"/> is the binary operator.</summary>
internal sealed record PyAugmentedAssign(PyExpr Target, string Operator, PyExpr Value, SourceLocation Location) : PyStatement(Location);

internal sealed record PyExpressionStatement(PyExpr Expression, SourceLocation Location) : PyStatement(Location);

/// <summary><c>import a.b as c, d</c>: each module's dotted name and the name it is bound to.</summary>
internal sealed record PyImport(IReadOnlyList<(string Module, string? Alias)> Modules, SourceLocation Location) : PyStatement(Location);

/// <summary><c>from module import a as b, c</c>, or <c>from module import *</c> (<see cref="Names"/> empty).</summary>
internal sealed record PyFromImport(string Module, IReadOnlyList<(string Name, string? Alias)> Names, SourceLocation Location) : PyStatement(Location);

/// <summary><c>if</c>/<c>elif</c>/<c>else</c>: each branch with its condition (null for <c>else</c>).</summary>
internal sealed record PyIf(IReadOnlyList<(PyExpr? Condition, IReadOnlyList<PyStatement> Body)> Branches, SourceLocation Location)
    : PyStatement(Location);

internal sealed record PyPass(SourceLocation Location) : PyStatement(Location);

/// <summary>A statement outside the subset, not evaluated. <see cref="What"/> names it for the warning
/// ("a for loop", "a function definition (def vmid_check)"); <see cref="AssignedNames"/> are the names it may
/// bind at the top level, which become unknown. <see cref="MaybeNotPython"/>: skipped at a token the subset did not
/// expect, so Python itself may refuse it, and with it the whole file, even where the statement never runs.</summary>
internal sealed record PySkipped(string What, IReadOnlyList<string> AssignedNames, SourceLocation Location) : PyStatement(Location)
{
    public bool MaybeNotPython { get; init; }

    /// <summary>Every name the statement mentions: what it may change in place (<c>for v in vifs: v.append(…)</c>
    /// changes the lists in vifs without assigning vifs).</summary>
    public IReadOnlyList<string> MentionedNames { get; init; } = [];
}
