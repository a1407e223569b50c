using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Vifmap.Diagnostics;

namespace Vifmap.Config.Xm;

/// <summary>Runs the statements of an xm config in the namespace xm's <c>Opts.load</c> gives it (RELEASE-4.1.0
/// tools/python/xen/xm/opts.py:280-284 and 539-550: <c>sys</c>, <c>os</c>, <c>os.path</c>, everything of
/// <c>xen.util.ip</c> — which brings <c>re</c>, <c>socket</c>, <c>struct</c>, <c>errno</c> — and <c>xm_file</c>,
/// <c>xm_help</c>, <c>xm_vars</c>), without running Python. What cannot be known here is a <see cref="PyUnknown"/> that
/// says why: the dom0 host's answers (<c>os.uname()</c>, the environment, files, addresses), variables of xm's command
/// line, names assigned by skipped statements. An <c>if</c> whose condition is unknown runs every branch that may run and
/// keeps a name's value only where all of them agree. Python's exceptions on known values (a TypeError, an IndexError)
/// stop the run as they stopped xm.</summary>
internal sealed class PyEvaluator
{
    private readonly DiagnosticBag _diagnostics;
    private readonly string _source;
    private readonly List<string> _assignedOrder = [];
    private readonly Dictionary<string, SourceLocation> _declaredVariables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedUndefined = new(StringComparer.Ordinal);
    private readonly HashSet<PySkipped> _skipsRun = new(ReferenceEqualityComparer.Instance);
    private string? _starImport;
    private int _unknownsCreated;

    /// <summary>How many undecided <c>if</c> branches the statement being run is inside (0: it surely runs).</summary>
    private int _forks;
    private string? _forkReason;

    private PyEvaluator(string source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
    }

    /// <summary>The names the file assigned, in the order of their first assignment, with their final values;
    /// <see cref="PyRun.Stopped"/> when a Python exception ended the run.</summary>
    public static PyRun Run(string source, IReadOnlyList<PyStatement> statements, DiagnosticBag diagnostics)
    {
        var evaluator = new PyEvaluator(source, diagnostics);
        var scope = new Scope(Presets(source));
        evaluator.Execute(statements, scope);
        evaluator.ReportUnsureSkipsNotRun(statements);
        var values = new List<(string, PyValue)>();
        foreach (string name in evaluator._assignedOrder)
        {
            if (scope.Values.TryGetValue(name, out PyValue? value))
            {
                values.Add((name, value));
            }
        }

        return new PyRun(values, scope.Raised, evaluator._unknownsCreated > 0);
    }

    /// <summary>Python compiles the whole file before running any of it: a statement the subset skipped at a token it
    /// did not expect may be a syntax error that stops xm create, even in a branch that never runs or after the run
    /// stopped. Those not reported when run are reported here.</summary>
    private void ReportUnsureSkipsNotRun(IReadOnlyList<PyStatement> statements)
    {
        foreach (PyStatement statement in statements)
        {
            if (statement is PyIf conditional)
            {
                foreach ((PyExpr? _, IReadOnlyList<PyStatement> body) in conditional.Branches)
                {
                    ReportUnsureSkipsNotRun(body);
                }
            }
            else if (statement is PySkipped { MaybeNotPython: true } skipped && !_skipsRun.Contains(skipped))
            {
                _diagnostics.Warning(DiagnosticCodes.XmStatementSkipped,
                    $"skipped {skipped.What}, which does not run here: vifmap cannot tell whether it is Python; if it is not, xm create refuses the whole file",
                    skipped.Location);
            }
        }
    }

    private static Dictionary<string, PyValue> Presets(string source)
    {
        SourceLocation none = new(source, 0, 0);
        var presets = new Dictionary<string, PyValue>(StringComparer.Ordinal)
        {
            ["sys"] = new PyModule("sys", none),
            ["os"] = new PyModule("os", none),
            ["re"] = new PyModule("re", none),
            ["socket"] = new PyModule("socket", none),
            ["struct"] = new PyModule("struct", none),
            ["errno"] = new PyModule("errno", none),
            ["xm_file"] = new PyUnknown("is the config's path as xm found it on its search path", none),
            ["xm_help"] = new PyInt(0, false, none),
            ["xm_vars"] = new PyOpaque("instance", none),
            ["True"] = new PyBool(true, none),
            ["False"] = new PyBool(false, none),
        };
        foreach (string f in (string[])["get_defaultroute", "get_current_ipaddr", "get_current_ipmask", "get_current_ipgw",
                     "inet_aton", "inet_ntoa", "add_offset_to_ip", "check_subnet"])
        {
            presets[f] = new PyFunction("xen.util.ip." + f, null, none);
        }

        foreach (string f in (string[])["str", "int", "float", "len", "repr", "bool", "list", "tuple", "abs", "min", "max", "range"])
        {
            presets[f] = new PyFunction(f, null, none);
        }

        return presets;
    }

    private void Execute(IReadOnlyList<PyStatement> statements, Scope scope)
    {
        foreach (PyStatement statement in statements)
        {
            if (scope.Raised)
            {
                return;
            }

            try
            {
                ExecuteOne(statement, scope);
            }
            catch (PyRaise e)
            {
                Raise(scope, e.Error, e.Location);
            }
        }
    }

    private void Raise(Scope scope, string error, SourceLocation at)
    {
        scope.Raised = true;
        if (_forks == 0)
        {
            _diagnostics.Error(DiagnosticCodes.XmCreateStops,
                $"Python raises {error}: xm create stops here and creates no domain", at);
        }
        else
        {
            _diagnostics.Warning(DiagnosticCodes.XmCreateStops,
                $"Python raises {error} if this branch runs (the condition {_forkReason}): xm create then stops here", at);
        }
    }

    private void ExecuteOne(PyStatement statement, Scope scope)
    {
        switch (statement)
        {
            case PyAssign a:
            {
                PyValue value = Evaluate(a.Value, scope);
                foreach (PyExpr target in a.Targets)
                {
                    Bind(target, value, scope);
                }

                break;
            }

            case PyAugmentedAssign aug:
            {
                if (aug.Target is not PyName name)
                {
                    SkipTarget(aug.Target, scope);
                    break;
                }

                PyValue current = Lookup(name, scope);
                PyValue operand = Evaluate(aug.Value, scope);
                if (current is PyUnknown { MayBe.Count: > 0 } through && aug.Operator is "+" or "*")
                {
                    // list += x and list *= n change the list in place; which list this is, is not known.
                    Taint(scope, through.MayBe, $"{name.Name} {aug.Operator}=", aug.Location);
                }

                // list += x extends the list in place with any iterable (list.__iadd__), not only a list.
                PyValue result = current is PyList list && aug.Operator == "+"
                    ? Extend(list, operand, aug.Location)
                    : Binary(aug.Operator, current, operand, aug.Location);

                if (current is PyList && aug.Operator == "+" && HoldsItself(operand, current))
                {
                    Assign(name.Name, SelfHolding(name.Name, aug.Location), scope, aliasOf: current);
                    break;
                }

                // list += and list *= change the list in place (__iadd__, __imul__): every name sharing it sees it.
                Assign(name.Name, result, scope, aliasOf: aug.Operator is "+" or "*" && current is PyList ? current : null);
                break;
            }

            case PyExpressionStatement e:
                ExecuteExpressionStatement(e, scope);
                break;
            case PyImport import:
                foreach ((string module, string? alias) in import.Modules)
                {
                    // import a.b binds a (the package); import a.b as c binds c to a.b.
                    string bound = alias ?? module.Split('.')[0];
                    Assign(bound, new PyModule(alias is null ? bound : module, import.Location), scope);
                }

                break;
            case PyFromImport from:
                if (from.Names.Count == 0)
                {
                    _starImport ??= from.Module;
                    _diagnostics.Warning(DiagnosticCodes.XmStatementSkipped,
                        $"skipped `from {from.Module} import *': vifmap does not know what names it brings, so names the file does not assign are unknown from here",
                        from.Location);
                    break;
                }

                foreach ((string name, string? alias) in from.Names)
                {
                    PyValue value = from.Module is "os" && name == "path"
                        ? new PyModule("os.path", from.Location)
                        : KnownAttribute(new PyModule(from.Module, from.Location), name, from.Location)
                            ?? new PyUnknown($"is {from.Module}.{name}, which vifmap does not evaluate", from.Location);
                    Assign(alias ?? name, value, scope);
                }

                break;
            case PyIf conditional:
                ExecuteIf(conditional, scope);
                break;
            case PyPass:
                break;
            case PySkipped skipped:
                _skipsRun.Add(skipped);
                string names = skipped.AssignedNames.Count == 0 ? string.Empty
                    : $"; what it assigns is unknown ({string.Join(", ", skipped.AssignedNames)})";
                _diagnostics.Warning(DiagnosticCodes.XmStatementSkipped,
                    $"skipped {skipped.What}: it is outside the Python subset vifmap evaluates{names}", skipped.Location);
                // The statement may change in place any list it can reach (x.append in a skipped for, or v.append
                // for v in the lists of vifs): every name that shares one sees the change.
                foreach (string mentioned in skipped.MentionedNames)
                {
                    if (scope.Values.GetValueOrDefault(mentioned) is { } reachable)
                    {
                        Taint(scope, PyValues.ListsIn(reachable), $"{skipped.What}, which vifmap skipped,", skipped.Location);
                    }
                }

                foreach (string name in skipped.AssignedNames)
                {
                    Assign(name, new PyUnknown($"is assigned by {skipped.What} at line {skipped.Location.Line}, which vifmap skipped", skipped.Location), scope);
                }

                break;
        }
    }

    private void ExecuteExpressionStatement(PyExpressionStatement statement, Scope scope)
    {
        // xm_vars.var('vmid', …) declares a variable of xm's command line (xmexample2, xmexample3); check() validates it.
        if (statement.Expression is PyCall { Function: PyAttribute { Target: PyName { Name: "xm_vars" }, Name: string varsMethod } } declaration
            && scope.Values.GetValueOrDefault("xm_vars") is PyOpaque)
        {
            if (varsMethod == "var" && declaration.Arguments.Count > 0 && Evaluate(declaration.Arguments[0], scope) is PyStr { Value: var declared })
            {
                _declaredVariables.TryAdd(declared, statement.Location);
            }

            return;
        }

        // list.append / list.extend on a name change the list in place.
        if (statement.Expression is PyCall { Function: PyAttribute { Target: PyName list, Name: "append" or "extend" } method } call
            && call.Keywords.Count == 0 && call.Arguments.Count == 1)
        {
            PyValue target = Lookup(list, scope);
            PyValue argument = Evaluate(call.Arguments[0], scope);
            if (target is PyList && HoldsItself(argument, target))
            {
                Assign(list.Name, SelfHolding(list.Name, call.Location), scope, aliasOf: target);
                return;
            }

            if (target is PyUnknown { MayBe.Count: > 0 } through)
            {
                Taint(scope, through.MayBe, $"{list.Name}.{method.Name}()", call.Location);
            }
            PyValue result = (target, method.Name, argument) switch
            {
                (PyUnknown, _, _) => target,
                (PyList l, "append", _) => new PyList(Growable(l.Items).Add(argument), l.Location),
                (PyList l, "extend", _) => Extend(l, argument, call.Location),
                _ => throw new PyRaise($"AttributeError: '{target.TypeName}' object has no attribute '{method.Name}'", call.Location),
            };
            Assign(list.Name, result, scope, aliasOf: target is PyList ? target : null);
            return;
        }

        _ = Evaluate(statement.Expression, scope);
    }

    /// <summary>Whether adding <paramref name="added"/> to <paramref name="list"/> makes a list that holds itself
    /// (<c>x.append(x)</c>, <c>x += [x]</c>; also <c>x += x</c>, which does not, to be safe).</summary>
    private static bool HoldsItself(PyValue added, PyValue list) => PyValues.ListsIn(added).Any(l => ReferenceEquals(l, list));

    /// <summary>Python's list then holds itself; the evaluator's lists are values and cannot.</summary>
    private static PyUnknown SelfHolding(string name, SourceLocation at)
        => new($"holds itself ({name} was added to {name}), which vifmap does not model", at);

    /// <summary>A list's items as a list that grows without copying: the evaluator's lists are values, so an append makes a
    /// new one, and copying every item each time made a config of 20,000 appends take seconds (issue 15).</summary>
    private static ImmutableList<PyValue> Growable(IReadOnlyList<PyValue> items)
        => items as ImmutableList<PyValue> ?? ImmutableList.CreateRange(items);

    /// <summary><c>list.extend(x)</c> and <c>list += x</c>: the items of any iterable (a str gives its characters).</summary>
    private static PyValue Extend(PyList list, PyValue items, SourceLocation at) => items switch
    {
        PyList l => new PyList(Growable(list.Items).AddRange(l.Items), at),
        PyTuple t => new PyList(Growable(list.Items).AddRange(t.Items), at),
        PyStr s => new PyList(Growable(list.Items).AddRange(s.Value.Select(c => (PyValue)new PyStr(c.ToString(), s.IsUnicode, s.Location))), at),
        PyDict d => new PyList(Growable(list.Items).AddRange(d.Entries.Select(e => e.Key)), at),
        PyUnknown u => u with { Location = at, IsString = false, MayBe = MayBeAny([list, u]) },
        _ => throw new PyRaise($"TypeError: '{items.TypeName}' object is not iterable", at),
    };

    private void ExecuteIf(PyIf conditional, Scope scope)
    {
        var possible = new List<IReadOnlyList<PyStatement>>();
        bool noneTaken = true;
        string? reason = null;
        foreach ((PyExpr? condition, IReadOnlyList<PyStatement> body) in conditional.Branches)
        {
            if (condition is null)
            {
                possible.Add(body);
                noneTaken = false;
                break;
            }

            PyValue? value = reason is null ? Evaluate(condition, scope) : EvaluateIfReached(condition, scope, reason);
            if (value is null)
            {
                // Reaching this condition raises: neither it, nor a later branch, nor "no branch" can follow.
                noneTaken = false;
                break;
            }

            bool? truth = PyValues.Truth(value);
            if (truth == false)
            {
                continue;
            }

            possible.Add(body);
            if (truth == true)
            {
                noneTaken = false;
                break;
            }

            reason ??= ((PyUnknown)value).Reason;
        }

        if (possible.Count == 1 && !noneTaken)
        {
            Execute(possible[0], scope);
            return;
        }

        if (possible.Count == 0)
        {
            return;
        }

        // Undecided: run each branch that may run on its own copy, then keep what they agree on.
        string? outerReason = _forkReason;
        _forks++;
        _forkReason = reason;
        var outcomes = new List<Scope>();
        foreach (IReadOnlyList<PyStatement> body in possible)
        {
            Scope branch = scope.Copy();
            Execute(body, branch);
            outcomes.Add(branch);
        }

        if (noneTaken)
        {
            outcomes.Add(scope.Copy());
        }

        _forks--;
        _forkReason = outerReason;
        Merge(scope, outcomes, conditional, reason!);
    }

    private void Merge(Scope scope, List<Scope> outcomes, PyIf conditional, string reason)
    {
        List<Scope> survivors = outcomes.Where(o => !o.Raised).ToList();
        if (survivors.Count == 0)
        {
            Raise(scope, "an exception in every branch", conditional.Location);
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Scope s in survivors)
        {
            names.UnionWith(s.Values.Keys);
        }

        foreach (string name in names)
        {
            PyValue? first = survivors[0].Values.GetValueOrDefault(name);
            bool agree = first is not null && survivors.All(s => s.Values.GetValueOrDefault(name) is { } v && PyValues.SameObject(v, first));
            if (agree)
            {
                scope.Values[name] = first!;
            }
            else
            {
                scope.Values[name] = new PyUnknown(
                    $"is set by the if at line {conditional.Location.Line}, and which branch runs is not known: its condition {reason}",
                    conditional.Location)
                {
                    MayBe = MayBeAny(survivors.Select(s => s.Values.GetValueOrDefault(name)).OfType<PyValue>()),
                };
            }
        }
    }

    private void Bind(PyExpr target, PyValue value, Scope scope)
    {
        switch (target)
        {
            case PyName name:
                Assign(name.Name, value, scope);
                break;
            case PyTupleDisplay or PyListDisplay:
            {
                IReadOnlyList<PyExpr> targets = target is PyTupleDisplay t ? t.Items : ((PyListDisplay)target).Items;
                IReadOnlyList<PyValue>? items = value switch
                {
                    PyTuple tv => tv.Items,
                    PyList lv => lv.Items,
                    PyStr s => [.. s.Value.Select(c => (PyValue)new PyStr(c.ToString(), s.IsUnicode, s.Location))],
                    _ => null,
                };
                if (value is PyUnknown)
                {
                    foreach (PyExpr each in targets)
                    {
                        Bind(each, value, scope);
                    }

                    break;
                }

                if (items is null)
                {
                    throw new PyRaise($"TypeError: '{value.TypeName}' object is not iterable", target.Location);
                }

                if (items.Count != targets.Count)
                {
                    throw new PyRaise(items.Count > targets.Count ? "ValueError: too many values to unpack" : $"ValueError: need more than {items.Count} values to unpack", target.Location);
                }

                for (int i = 0; i < targets.Count; i++)
                {
                    Bind(targets[i], items[i], scope);
                }

                break;
            }

            default:
                SkipTarget(target, scope);
                break;
        }
    }

    /// <summary><c>x[0] = …</c>, <c>o.a = …</c>: not evaluated; the name they change becomes unknown.</summary>
    private void SkipTarget(PyExpr target, Scope scope)
    {
        PyExpr root = target;
        while (root is PySubscript or PyAttribute or PySlice)
        {
            root = root switch
            {
                PySubscript s => s.Target,
                PyAttribute a => a.Target,
                _ => ((PySlice)root).Target,
            };
        }

        string? name = (root as PyName)?.Name;
        _diagnostics.Warning(DiagnosticCodes.XmStatementSkipped,
            $"skipped an assignment to an element or attribute: it is outside the Python subset vifmap evaluates{(name is null ? string.Empty : $"; {name} is unknown from here")}",
            target.Location);
        if (name is not null)
        {
            // x[0] = … changes the list x is in place: every name that shares it (y = x) changes too.
            if (scope.Values.GetValueOrDefault(name) is { } before)
            {
                Taint(scope, PyValues.ListsIn(before), "an assignment to an element, which vifmap skipped,", target.Location);
            }

            Assign(name, new PyUnknown($"is changed in place at line {target.Location.Line}, which vifmap skipped", target.Location), scope);
        }
    }

    /// <summary>Binds <paramref name="name"/>; when the value replaces a list changed in place (<paramref name="aliasOf"/>),
    /// every other name bound to that same list sees the change too.</summary>
    private void Assign(string name, PyValue value, Scope scope, PyValue? aliasOf = null)
    {
        if (!_assignedOrder.Contains(name))
        {
            _assignedOrder.Add(name);
        }

        if (aliasOf is not null)
        {
            // Python's lists are shared objects: every name bound to the list, or to a list, tuple or dict holding it,
            // sees the change. Containers are rebuilt once each (memo), so names that shared one still share it.
            var memo = new Dictionary<PyValue, PyValue>(ReferenceEqualityComparer.Instance);
            foreach (string other in scope.Values.Keys.ToList())
            {
                scope.Values[other] = Replace(scope.Values[other], aliasOf, value, memo);
            }
        }

        scope.Values[name] = value;
    }

    private static PyValue Replace(PyValue value, PyValue old, PyValue replacement, Dictionary<PyValue, PyValue> memo)
    {
        if (ReferenceEquals(value, old))
        {
            return replacement;
        }

        if (value is PyUnknown { MayBe.Count: > 0 } unknown)
        {
            // An unknown that may be the old list may now be the new one; a list that became unknown is followed no more.
            return unknown.MayBe.Any(l => ReferenceEquals(l, old))
                ? unknown with { MayBe = [.. unknown.MayBe.Where(l => !ReferenceEquals(l, old)).Concat(PyValues.ListsIn(replacement))] }
                : value;
        }

        if (value is not (PyList or PyTuple or PyDict))
        {
            return value;
        }

        if (memo.TryGetValue(value, out PyValue? done))
        {
            return done;
        }

        memo[value] = value; // a container holding itself is left as it is
        PyValue result = value switch
        {
            PyList l => ReplaceItems(l.Items, old, replacement, memo) is { } items ? new PyList(items, l.Location) : l,
            PyTuple t => ReplaceItems(t.Items, old, replacement, memo) is { } items ? new PyTuple(items, t.Location) : t,
            _ => ReplaceEntries((PyDict)value, old, replacement, memo),
        };
        memo[value] = result;
        return result;
    }

    private static PyValue[]? ReplaceItems(IReadOnlyList<PyValue> items, PyValue old, PyValue replacement, Dictionary<PyValue, PyValue> memo)
    {
        PyValue[] replaced = [.. items.Select(i => Replace(i, old, replacement, memo))];
        return replaced.Where((r, i) => !ReferenceEquals(r, items[i])).Any() ? replaced : null;
    }

    private static PyDict ReplaceEntries(PyDict dict, PyValue old, PyValue replacement, Dictionary<PyValue, PyValue> memo)
    {
        (PyValue Key, PyValue Value)[] entries = [.. dict.Entries.Select(e => (e.Key, Replace(e.Value, old, replacement, memo)))];
        return entries.Where((e, i) => !ReferenceEquals(e.Value, dict.Entries[i].Value)).Any() ? new PyDict(entries, dict.Location) : dict;
    }

    private PyValue Lookup(PyName name, Scope scope)
    {
        if (scope.Values.TryGetValue(name.Name, out PyValue? value))
        {
            return value;
        }

        if (_starImport is not null)
        {
            return new PyUnknown($"may come from `from {_starImport} import *'", name.Location);
        }

        if (_reportedUndefined.Add(name.Name))
        {
            string declared = _declaredVariables.TryGetValue(name.Name, out SourceLocation at)
                ? $" (declared with xm_vars.var at line {at.Line})" : string.Empty;
            _diagnostics.Warning(DiagnosticCodes.XmCommandLineVariable,
                $"`{name.Name}' is not set in the file{declared}: xm takes it from its command line (xm create FILE {name.Name}=…) or stops with NameError; vifmap cannot know its value",
                name.Location);
        }

        return new PyUnknown($"uses {name.Name}, a variable of xm's command line", name.Location);
    }

    private PyValue Evaluate(PyExpr expression, Scope scope)
    {
        PyValue value = EvaluateCore(expression, scope);
        if (value is PyUnknown)
        {
            _unknownsCreated++;
        }

        return value;
    }

    private PyValue EvaluateCore(PyExpr expression, Scope scope)
    {
        switch (expression)
        {
            case PyLiteral l:
                return l.Value;
            case PyName n:
                return Lookup(n, scope);
            case PyListDisplay list:
                return new PyList([.. list.Items.Select(i => Evaluate(i, scope))], list.Location);
            case PyTupleDisplay tuple:
                return new PyTuple([.. tuple.Items.Select(i => Evaluate(i, scope))], tuple.Location);
            case PyDictDisplay dict:
                return new PyDict([.. dict.Entries.Select(e => (Evaluate(e.Key, scope), Evaluate(e.Value, scope)))], dict.Location);
            case PyUnary u:
            {
                PyValue operand = Evaluate(u.Operand, scope);
                if (u.Operator == "not")
                {
                    return PyValues.Truth(operand) is bool b ? new PyBool(!b, u.Location) : Unknown(operand, u.Location);
                }

                return (u.Operator, operand) switch
                {
                    (_, PyUnknown) => Unknown(operand, u.Location),
                    ("-", PyInt i) when i.Value != long.MinValue => new PyInt(-i.Value, i.IsLong, u.Location),
                    ("-", PyFloat f) => new PyFloat(-f.Value, u.Location),
                    ("-", PyBool b) => new PyInt(b.Value ? -1 : 0, false, u.Location),
                    ("+", PyInt or PyFloat) => operand with { Location = u.Location },
                    ("~", PyInt i) => new PyInt(~i.Value, i.IsLong, u.Location),
                    _ => throw new PyRaise($"TypeError: bad operand type for unary {u.Operator}: '{operand.TypeName}'", u.Location),
                };
            }

            case PyBinary b:
                return Binary(b.Operator, Evaluate(b.Left, scope), Evaluate(b.Right, scope), b.Location);
            case PyBoolean b:
            {
                PyValue left = Evaluate(b.Left, scope);
                bool? truth = PyValues.Truth(left);
                if (truth is null)
                {
                    PyValue? right = EvaluateIfReached(b.Right, scope, ((PyUnknown)left).Reason);
                    return Unknown(left, b.Location, right);
                }

                return (b.Operator == "and") == truth.Value ? Evaluate(b.Right, scope) : left;
            }

            case PyConditional c:
            {
                PyValue condition = Evaluate(c.Condition, scope);
                return PyValues.Truth(condition) switch
                {
                    true => Evaluate(c.WhenTrue, scope),
                    false => Evaluate(c.WhenFalse, scope),
                    null => MergeBranches(
                        EvaluateIfReached(c.WhenTrue, scope, ((PyUnknown)condition).Reason),
                        EvaluateIfReached(c.WhenFalse, scope, ((PyUnknown)condition).Reason), (PyUnknown)condition, c.Location),
                };
            }

            case PyCompare c:
                return Compare(c, scope);
            case PyAttribute a:
                return Attribute(Evaluate(a.Target, scope), a);
            case PySubscript s:
                return Subscript(Evaluate(s.Target, scope), Evaluate(s.Index, scope), s.Location);
            case PySlice s:
                return Slice(Evaluate(s.Target, scope), s.Lower is null ? null : Evaluate(s.Lower, scope),
                    s.Upper is null ? null : Evaluate(s.Upper, scope), s.Location);
            case PyCall call:
                return Call(call, scope);
            default:
                throw new InvalidOperationException($"unhandled expression {expression.GetType().Name}");
        }
    }

    /// <summary>The value of <c>a if c else b</c> with c unknown; a side that raises (null) leaves the other.</summary>
    private static PyValue MergeBranches(PyValue? a, PyValue? b, PyUnknown condition, SourceLocation at) => (a, b) switch
    {
        (null, null) => throw new PyRaise("an exception on both sides of a conditional expression", at),
        (null, _) => b!,
        (_, null) => a,
        _ => MergeValues(a, b, condition, at),
    };

    private static PyValue MergeValues(PyValue a, PyValue b, PyUnknown condition, SourceLocation at)
        => PyValues.SameObject(a, b) ? a
            : new PyUnknown(condition.Reason, at, IsString: a is PyStr or PyUnknown { IsString: true } && b is PyStr or PyUnknown { IsString: true })
            {
                MayBe = MayBeAny([a, b]),
            };

    /// <summary>The lists a value that is one of <paramref name="candidates"/> may be or hold.</summary>
    private static PyValue[] MayBeAny(IEnumerable<PyValue> candidates)
        => [.. candidates.SelectMany(PyValues.ListsIn).Distinct(ReferenceEqualityComparer.Instance).Cast<PyValue>()];

    /// <summary>A change in place through a value vifmap cannot follow: each list it may have reached is unknown from
    /// here, under every name and in every container that holds it, as Python's shared lists would be.</summary>
    private static void Taint(Scope scope, IReadOnlyList<PyValue> lists, string how, SourceLocation at)
    {
        foreach (PyValue list in lists.ToList())
        {
            var changed = new PyUnknown($"may have been changed in place by {how} at line {at.Line}, and which list that changes is not known", at);
            var memo = new Dictionary<PyValue, PyValue>(ReferenceEqualityComparer.Instance);
            foreach (string name in scope.Values.Keys.ToList())
            {
                scope.Values[name] = Replace(scope.Values[name], list, changed, memo);
            }
        }
    }

    /// <summary>Evaluates an expression that runs only if an unknown (<paramref name="reason"/>) goes one way: an exception
    /// there is a warning ("if this runs") and gives null, not the end of the run.</summary>
    private PyValue? EvaluateIfReached(PyExpr expression, Scope scope, string reason)
    {
        try
        {
            return Evaluate(expression, scope);
        }
        catch (PyRaise e)
        {
            _diagnostics.Warning(DiagnosticCodes.XmCreateStops,
                $"Python raises {e.Error} if this runs (it depends on a value that {reason}): xm create then stops here", e.Location);
            return null;
        }
    }

    /// <summary>The unknown that makes a result unknown: the first unknown operand's reason, at the expression. It may
    /// hold any list the operands hold (<c>x + os.listdir('/')</c> still holds x's items).</summary>
    private static PyUnknown Unknown(PyValue a, SourceLocation at, PyValue? b = null)
        => new((a as PyUnknown ?? b as PyUnknown)?.Reason ?? "depends on a value vifmap cannot know", at)
        {
            MayBe = b is null ? PyValues.ListsIn(a) : MayBeAny([a, b]),
        };

    private static PyValue Binary(string op, PyValue left, PyValue right, SourceLocation at)
    {
        if (left is PyUnknown || right is PyUnknown)
        {
            return UnknownBinary(op, left, right, at);
        }

        switch (op, left, right)
        {
            case ("+", PyStr a, PyStr b):
                return new PyStr(a.Value + b.Value, a.IsUnicode || b.IsUnicode, at);
            case ("+", PyList a, PyList b):
                return new PyList([.. a.Items, .. b.Items], at);
            case ("+", PyTuple a, PyTuple b):
                return new PyTuple([.. a.Items, .. b.Items], at);
            case ("*", PyStr s, PyInt n):
                return RepeatString(s, n.Value, at);
            case ("*", PyInt n, PyStr s):
                return RepeatString(s, n.Value, at);
            case ("*", PyList or PyTuple, PyInt or PyBool) when IntegerOf(right) <= 10_000:
                return RepeatSequence(left, IntegerOf(right), at);
            case ("*", PyInt or PyBool, PyList or PyTuple) when IntegerOf(left) <= 10_000:
                return RepeatSequence(right, IntegerOf(left), at);
            case ("%", PyStr format, _):
            {
                string? text = PyFormatting.Format(format.Value, right, out string? error);
                if (error is not null)
                {
                    throw new PyRaise(error, at);
                }

                return text is null ? new PyUnknown(FirstUnknownReason(right) ?? "uses a format vifmap does not copy", at)
                    : new PyStr(text, format.IsUnicode, at);
            }
        }

        if (IsInteger(left) && IsInteger(right))
        {
            long a = IntegerOf(left);
            long b = IntegerOf(right);
            bool isLong = left is PyInt { IsLong: true } || right is PyInt { IsLong: true };
            try
            {
                long? result = op switch
                {
                    "+" => checked(a + b),
                    "-" => checked(a - b),
                    "*" => checked(a * b),

                    // Python 2: / on two ints is floor division, like //.
                    "/" or "//" => b == 0 ? throw new PyRaise("ZeroDivisionError: integer division or modulo by zero", at) : FloorDiv(a, b),
                    "%" => b == 0 ? throw new PyRaise("ZeroDivisionError: integer division or modulo by zero", at) : a - (b * FloorDiv(a, b)),
                    "|" => a | b,
                    "&" => a & b,
                    "^" => a ^ b,
                    "<<" when b is >= 0 and < 63 => checked(a << (int)b) >> (int)b == a ? a << (int)b : null,
                    ">>" when b >= 0 => a >> (int)Math.Min(b, 63),
                    "**" when b >= 0 => Power(a, b),
                    _ => null,
                };
                if (result is long r)
                {
                    return new PyInt(r, isLong, at);
                }
            }
            catch (OverflowException)
            {
            }

            if (op is "<<" or ">>" or "**" && b < 0 && op != "**")
            {
                throw new PyRaise("ValueError: negative shift count", at);
            }

            return new PyUnknown("is a number beyond 64 bits", at);
        }

        if (PyValues.AsNumber(left) is double x && PyValues.AsNumber(right) is double y && op is "+" or "-" or "*" or "/" or "//" or "%" or "**")
        {
            if (y == 0 && op is "/" or "//" or "%")
            {
                throw new PyRaise("ZeroDivisionError: float division by zero", at);
            }

            double value = op switch
            {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "/" => x / y,
                "//" => Math.Floor(x / y),
                "%" => x - (y * Math.Floor(x / y)),
                _ => Math.Pow(x, y),
            };
            return new PyFloat(value, at);
        }

        string message = op == "+" && left is PyStr
            ? $"TypeError: cannot concatenate '{left.TypeName}' and '{right.TypeName}' objects"
            : $"TypeError: unsupported operand type(s) for {op}: '{left.TypeName}' and '{right.TypeName}'";
        throw new PyRaise(message, at);
    }

    /// <summary>An operation on an unknown: unknown, except that a value known to be a str still refuses what a str
    /// refuses (<c>+</c> with a non-str, <c>*</c> with a non-int), and keeps being a str through <c>+</c> and <c>*</c>.</summary>
    private static PyValue UnknownBinary(string op, PyValue left, PyValue right, SourceLocation at)
    {
        PyUnknown unknown = Unknown(left, at, right);
        bool leftStr = left is PyStr or PyUnknown { IsString: true };
        bool rightStr = right is PyStr or PyUnknown { IsString: true };
        bool leftKnownType = left is not PyUnknown || leftStr;
        bool rightKnownType = right is not PyUnknown || rightStr;
        if (op == "+" && (leftStr || rightStr))
        {
            if (leftStr && rightStr)
            {
                return unknown with { IsString = true };
            }

            PyValue other = leftStr ? right : left;
            if (other is not PyUnknown && other is not PyStr)
            {
                throw new PyRaise(leftStr
                    ? $"TypeError: cannot concatenate 'str' and '{other.TypeName}' objects"
                    : $"TypeError: unsupported operand type(s) for +: '{other.TypeName}' and 'str'", at);
            }
        }

        if (op == "%" && leftStr)
        {
            return unknown with { IsString = true };
        }

        if (op == "*" && leftKnownType && rightKnownType && (leftStr || rightStr))
        {
            PyValue other = leftStr ? right : left;
            if (IsInteger(other))
            {
                return unknown with { IsString = true };
            }

            if (other is not PyUnknown)
            {
                throw new PyRaise($"TypeError: can't multiply sequence by non-int of type '{other.TypeName}'", at);
            }
        }

        return unknown;
    }

    private static string? FirstUnknownReason(PyValue value) => value switch
    {
        PyUnknown u => u.Reason,
        PyTuple t => t.Items.Select(FirstUnknownReason).FirstOrDefault(r => r is not null),
        PyDict d => d.Entries.Select(e => FirstUnknownReason(e.Value)).FirstOrDefault(r => r is not null),
        _ => null,
    };

    private static bool IsInteger(PyValue v) => v is PyInt or PyBool;

    private static long IntegerOf(PyValue v) => v is PyInt i ? i.Value : ((PyBool)v).Value ? 1 : 0;

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static long Power(long a, long b)
    {
        long result = 1;
        for (long i = 0; i < b; i++)
        {
            result = checked(result * a);
            if (result == 0 || (result == 1 && a == 1))
            {
                break;
            }
        }

        return result;
    }

    private static PyValue RepeatSequence(PyValue sequence, long n, SourceLocation at)
    {
        IReadOnlyList<PyValue> items = sequence is PyList l ? l.Items : ((PyTuple)sequence).Items;
        PyValue[] repeated = [.. Enumerable.Repeat(items, (int)Math.Max(0, n)).SelectMany(x => x)];
        return sequence is PyList ? new PyList(repeated, at) : new PyTuple(repeated, at);
    }

    private static PyValue RepeatString(PyStr s, long n, SourceLocation at) => n > 100_000
        ? new PyUnknown("is a string too long to build", at)
        : new PyStr(n <= 0 ? string.Empty : string.Concat(Enumerable.Repeat(s.Value, (int)n)), s.IsUnicode, at);

    private PyValue Compare(PyCompare compare, Scope scope)
    {
        PyValue left = Evaluate(compare.First, scope);
        PyValue result = new PyBool(true, compare.Location);
        foreach ((string op, PyExpr rightExpr) in compare.Rest)
        {
            PyValue right = Evaluate(rightExpr, scope);
            PyValue step = CompareOne(op, left, right, compare.Location);
            if (PyValues.Truth(step) == false)
            {
                return step;
            }

            if (step is PyUnknown)
            {
                result = step;
            }

            left = right;
        }

        return result;
    }

    private static PyValue CompareOne(string op, PyValue left, PyValue right, SourceLocation at)
    {
        bool? outcome;
        switch (op)
        {
            case "==":
                outcome = PyValues.Equal(left, right);
                break;
            case "!=":
                outcome = !PyValues.Equal(left, right);
                break;
            case "is" or "is not":
                outcome = left is PyUnknown || right is PyUnknown ? null
                    : left is PyNone || right is PyNone || left is PyBool || right is PyBool ? PyValues.Same(left, right)
                    : null;
                if (op == "is not")
                {
                    outcome = !outcome;
                }

                break;
            case "in" or "not in":
                outcome = Contains(right, left, at);
                if (op == "not in")
                {
                    outcome = !outcome;
                }

                break;
            default:
                int? order = (left, right) switch
                {
                    (PyUnknown, _) or (_, PyUnknown) => null,
                    (PyStr a, PyStr b) => Math.Sign(string.CompareOrdinal(a.Value, b.Value)),
                    _ when PyValues.AsNumber(left) is double x && PyValues.AsNumber(right) is double y => x.CompareTo(y),
                    _ => null,
                };
                outcome = order is int o ? op switch { "<" => o < 0, "<=" => o <= 0, ">" => o > 0, _ => o >= 0 } : null;
                break;
        }

        if (outcome is bool known)
        {
            return new PyBool(known, at);
        }

        return left is PyUnknown || right is PyUnknown
            ? Unknown(left, at, right)
            : new PyUnknown($"compares a {left.TypeName} with a {right.TypeName}, which vifmap does not evaluate", at);
    }

    private static bool? Contains(PyValue container, PyValue item, SourceLocation at)
    {
        switch (container)
        {
            case PyUnknown:
                return null;
            case PyStr s:
                if (item is PyUnknown)
                {
                    return null;
                }

                if (item is not PyStr needle)
                {
                    throw new PyRaise("TypeError: 'in <string>' requires string as left operand", at);
                }

                return s.Value.Contains(needle.Value, StringComparison.Ordinal);
            case PyList or PyTuple:
            {
                IReadOnlyList<PyValue> items = container is PyList l ? l.Items : ((PyTuple)container).Items;
                bool unknown = false;
                foreach (PyValue each in items)
                {
                    bool? e = PyValues.Equal(each, item);
                    if (e == true)
                    {
                        return true;
                    }

                    unknown |= e is null;
                }

                return unknown ? null : false;
            }

            case PyDict d:
                return d.Entries.Any(e => PyValues.Equal(e.Key, item) == true) ? true
                    : d.Entries.Any(e => PyValues.Equal(e.Key, item) is null) ? null : false;
            default:
                throw new PyRaise($"TypeError: argument of type '{container.TypeName}' is not iterable", at);
        }
    }

    /// <summary>Python 2's list methods: those the evaluator does not run are skipped calls, not AttributeErrors.</summary>
    private static readonly HashSet<string> s_listMethods = new(StringComparer.Ordinal)
    {
        "append", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort",
    };

    /// <summary>Python 2's dict methods, none of which the evaluator runs.</summary>
    private static readonly HashSet<string> s_dictMethods = new(StringComparer.Ordinal)
    {
        "clear", "copy", "fromkeys", "get", "has_key", "items", "iteritems", "iterkeys", "itervalues", "keys", "pop",
        "popitem", "setdefault", "update", "values", "viewitems", "viewkeys", "viewvalues",
    };

    private static readonly HashSet<string> s_stringMethods = new(StringComparer.Ordinal)
    {
        "strip", "lstrip", "rstrip", "lower", "upper", "replace", "join", "split", "startswith", "endswith", "find",
    };

    private PyValue Attribute(PyValue target, PyAttribute attribute)
    {
        SourceLocation at = attribute.Location;
        switch (target)
        {
            case PyUnknown:
                // It may be a method of any list the unknown may be: Call taints them if it changes its object.
                return Unknown(target, at);
            case PyModule m:
                if (KnownAttribute(m, attribute.Name, at) is { } known)
                {
                    return known;
                }

                _diagnostics.Warning(DiagnosticCodes.XmStatementSkipped,
                    $"{m.Name}.{attribute.Name} is not one of the module attributes vifmap evaluates: its value is unknown", at);
                return new PyUnknown($"uses {m.Name}.{attribute.Name}, which vifmap does not evaluate", at);
            case PyStr when s_stringMethods.Contains(attribute.Name):
            case PyList when s_listMethods.Contains(attribute.Name):
            case PyDict when s_dictMethods.Contains(attribute.Name):
                return new PyFunction($"{target.TypeName}.{attribute.Name}", target, at);
            case PyOpaque:
                return new PyUnknown($"uses the attribute {attribute.Name} of an object vifmap does not model", at);
            default:
                throw new PyRaise($"AttributeError: '{target.TypeName}' object has no attribute '{attribute.Name}'", at);
        }
    }

    /// <summary>The module attributes the evaluator models; null for others. Functions whose answer is the dom0 host's
    /// (os.uname, os.getenv, os.path.exists, socket.gethostname, …) are modelled as returning unknowns.</summary>
    private static PyValue? KnownAttribute(PyModule module, string name, SourceLocation at) => (module.Name, name) switch
    {
        ("os", "path") => new PyModule("os.path", at),
        ("os", "uname" or "getenv" or "getcwd" or "listdir" or "getpid" or "getuid") => new PyFunction("os." + name, null, at),
        ("os", "environ") => new PyUnknown("is xm's environment (os.environ)", at),
        ("os", "sep") => new PyStr("/", false, at),
        ("os.path", "join" or "basename" or "dirname" or "exists" or "isfile" or "isdir" or "islink" or "abspath" or "realpath")
            => new PyFunction("os.path." + name, null, at),
        ("re", "search" or "match") => new PyFunction("re." + name, null, at),
        ("re", "I" or "IGNORECASE") => new PyInt(2, false, at),
        ("sys", "platform") => new PyUnknown("is sys.platform, the dom0 host's", at),
        ("sys", "argv") => new PyUnknown("is xm's command line (sys.argv)", at),
        ("socket", "gethostname" or "getfqdn") => new PyFunction("socket." + name, null, at),
        _ => null,
    };

    private static PyValue Subscript(PyValue target, PyValue index, SourceLocation at)
    {
        if (target is PyUnknown || index is PyUnknown)
        {
            return Unknown(target, at, index);
        }

        switch (target)
        {
            case PyList or PyTuple or PyStr:
            {
                if (!IsInteger(index))
                {
                    throw new PyRaise($"TypeError: {target.TypeName} indices must be integers, not {index.TypeName}", at);
                }

                int count = target switch { PyList l => l.Items.Count, PyTuple t => t.Items.Count, _ => ((PyStr)target).Value.Length };
                long i = IntegerOf(index);
                long at0 = i < 0 ? i + count : i;
                if (at0 < 0 || at0 >= count)
                {
                    throw new PyRaise($"IndexError: {(target is PyStr ? "string" : target.TypeName)} index out of range", at);
                }

                return target switch
                {
                    PyList l => l.Items[(int)at0],
                    PyTuple t => t.Items[(int)at0],
                    _ => new PyStr(((PyStr)target).Value[(int)at0].ToString(), ((PyStr)target).IsUnicode, at),
                };
            }

            case PyDict d:
            {
                foreach ((PyValue k, PyValue v) in d.Entries)
                {
                    bool? e = PyValues.Equal(k, index);
                    if (e == true)
                    {
                        return v;
                    }

                    if (e is null)
                    {
                        return new PyUnknown("looks up a key vifmap cannot compare", at);
                    }
                }

                throw new PyRaise($"KeyError: {PyValues.Repr(index)}", at);
            }

            default:
                throw new PyRaise($"TypeError: '{target.TypeName}' object is unsubscriptable", at);
        }
    }

    private static PyValue Slice(PyValue target, PyValue? lower, PyValue? upper, SourceLocation at)
    {
        if (target is PyUnknown || lower is PyUnknown || upper is PyUnknown)
        {
            // A slice is a new list, but its items are the target's own: Unknown keeps the lists the target holds.
            return Unknown(target, at, lower is PyUnknown ? lower : upper);
        }

        int count = target switch
        {
            PyList l => l.Items.Count,
            PyTuple t => t.Items.Count,
            PyStr s => s.Value.Length,
            _ => throw new PyRaise($"TypeError: '{target.TypeName}' object is unsubscriptable", at),
        };
        int Bound(PyValue? v, int fallback)
        {
            if (v is null or PyNone)
            {
                return fallback;
            }

            if (!IsInteger(v))
            {
                throw new PyRaise("TypeError: slice indices must be integers or None", at);
            }

            long i = IntegerOf(v);
            i = i < 0 ? i + count : i;
            return (int)Math.Clamp(i, 0, count);
        }

        int from = Bound(lower, 0);
        int to = Math.Max(from, Bound(upper, count));
        return target switch
        {
            PyList l => new PyList([.. l.Items.Skip(from).Take(to - from)], at),
            PyTuple t => new PyTuple([.. t.Items.Skip(from).Take(to - from)], at),
            _ => new PyStr(((PyStr)target).Value[from..to], ((PyStr)target).IsUnicode, at),
        };
    }

    private PyValue Call(PyCall call, Scope scope)
    {
        PyValue function = Evaluate(call.Function, scope);
        List<PyValue> args = [.. call.Arguments.Select(a => Evaluate(a, scope))];
        foreach ((string _, PyExpr value) in call.Keywords)
        {
            _ = Evaluate(value, scope);
        }

        SourceLocation at = call.Location;

        // x.append(…) and the like inside an expression (a statement x.append(…) on a name is followed exactly): the
        // object it changes, or any list an unknown x may be, is unknown from here.
        string? inPlace = call.Function is PyAttribute { Name: var method } && PyValues.InPlaceMethods.Contains(method) ? method : null;
        if (function is PyUnknown unknown)
        {
            if (inPlace is not null)
            {
                Taint(scope, unknown.MayBe, $"{inPlace}()", at);
            }

            return Unknown(unknown, at);
        }

        if (function is not PyFunction f)
        {
            if (function is PyOpaque)
            {
                return new PyUnknown("is the result of a call vifmap does not run", at);
            }

            throw new PyRaise($"TypeError: '{function.TypeName}' object is not callable", at);
        }

        if (inPlace is not null && f.Self is PyList or PyDict)
        {
            Taint(scope, [f.Self], f.Name + "()", at);
        }

        if (call.Keywords.Count > 0)
        {
            return SkippedCall(f.Name, at);
        }

        return BuiltinCall(f, args, at) ?? SkippedCall(f.Name, at);
    }

    private PyUnknown SkippedCall(string name, SourceLocation at)
    {
        _diagnostics.Warning(DiagnosticCodes.XmStatementSkipped,
            $"skipped a call of {name}(): vifmap evaluates only a few functions; its result is unknown", at);
        return new PyUnknown($"is the result of {name}(), which vifmap does not run", at);
    }

    /// <summary>The functions the evaluator runs, or null for a call it does not model.</summary>
    private static PyValue? BuiltinCall(PyFunction f, List<PyValue> args, SourceLocation at)
    {
        string host = $"is the answer of {f.Name}() on the dom0 host";
        switch (f.Name)
        {
            case "os.uname":
                // (sysname, nodename, release, version, machine): five strings only the host knows.
                return new PyTuple([.. ((string[])["sysname", "nodename", "release", "version", "machine"])
                    .Select((field, i) => (PyValue)new PyUnknown($"depends on os.uname()[{i}] (the {field}), the dom0 host's", at, IsString: true))], at);
            case "os.getenv" or "os.getcwd" or "os.listdir" or "os.getpid" or "os.getuid" or "os.path.exists" or "os.path.isfile"
                or "os.path.isdir" or "os.path.islink" or "os.path.abspath" or "os.path.realpath" or "socket.gethostname" or "socket.getfqdn":
            case var ip when ip.StartsWith("xen.util.ip.get_", StringComparison.Ordinal):
                return new PyUnknown(host, at);
        }

        if (args.Any(a => a is PyUnknown) && f.Name is not ("len" or "str.join"))
        {
            return Unknown(args.First(a => a is PyUnknown), at);
        }

        return (f.Name, args.Count) switch
        {
            ("str", 0) => new PyStr(string.Empty, false, at),
            ("str", 1) => PyValues.Str(args[0]) is string s ? new PyStr(s, false, at) : null,
            ("repr", 1) => PyValues.Repr(args[0]) is string r ? new PyStr(r, false, at) : null,
            ("int", 1 or 2) => ToInt(args, at),
            ("float", 1) => args[0] switch
            {
                PyStr s when double.TryParse(s.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => new PyFloat(d, at),
                PyStr s => throw new PyRaise($"ValueError: invalid literal for float(): {s.Value}", at),
                _ when PyValues.AsNumber(args[0]) is double d => new PyFloat(d, at),
                _ => null,
            },
            ("bool", 1) => PyValues.Truth(args[0]) is bool b ? new PyBool(b, at) : new PyUnknown("is the truth of an unknown value", at),
            ("len", 1) => args[0] switch
            {
                PyStr s => new PyInt(s.Value.Length, false, at),
                PyList l => new PyInt(l.Items.Count, false, at),
                PyTuple t => new PyInt(t.Items.Count, false, at),
                PyDict d => new PyInt(d.Entries.Count, false, at),
                PyUnknown u => new PyUnknown(u.Reason, at),
                _ => throw new PyRaise($"TypeError: object of type '{args[0].TypeName}' has no len()", at),
            },
            ("list", 1) => args[0] switch { PyList l => l with { Location = at }, PyTuple t => new PyList(t.Items, at), _ => null },
            ("tuple", 1) => args[0] switch { PyTuple t => t with { Location = at }, PyList l => new PyTuple(l.Items, at), _ => null },
            ("abs", 1) => args[0] switch { PyInt i when i.Value != long.MinValue => new PyInt(Math.Abs(i.Value), i.IsLong, at), PyFloat d => new PyFloat(Math.Abs(d.Value), at), _ => null },
            ("range", 1) when args[0] is PyInt { Value: >= 0 and <= 10_000 } n => new PyList([.. Enumerable.Range(0, (int)n.Value).Select(i => (PyValue)new PyInt(i, false, at))], at),
            ("range", 2) when args[0] is PyInt a && args[1] is PyInt b && b.Value - a.Value <= 10_000 =>
                new PyList([.. Enumerable.Range(0, (int)Math.Max(0, b.Value - a.Value)).Select(i => (PyValue)new PyInt(a.Value + i, false, at))], at),
            ("os.path.join", >= 1) when args.All(a => a is PyStr) => new PyStr(JoinPath(args.Select(a => ((PyStr)a).Value)), false, at),
            ("os.path.basename", 1) when args[0] is PyStr p => new PyStr(p.Value[(p.Value.LastIndexOf('/') + 1)..], false, at),
            ("os.path.dirname", 1) when args[0] is PyStr p => new PyStr(DirName(p.Value), false, at),
            ("re.search" or "re.match", 2 or 3) when args[0] is PyStr p && args[1] is PyStr s => RegexMatch(f.Name == "re.match", p.Value, s.Value, args.Count == 3 ? args[2] : null, at),
            _ when f.Self is PyStr self => StringMethod(f.Name[(f.Name.IndexOf('.', StringComparison.Ordinal) + 1)..], self, args, at),
            _ => null,
        };
    }

    private static PyValue? ToInt(List<PyValue> args, SourceLocation at)
    {
        if (args.Count == 2 && (args[0] is not PyStr || args[1] is not PyInt { Value: 0 or (>= 2 and <= 36) }))
        {
            return null;
        }

        int radix = args.Count == 2 ? (int)((PyInt)args[1]).Value : 10;
        switch (args[0])
        {
            case PyInt i:
                return i with { Location = at };
            case PyBool b:
                return new PyInt(b.Value ? 1 : 0, false, at);
            case PyFloat f when Math.Abs(f.Value) < 9e18:
                return new PyInt((long)Math.Truncate(f.Value), false, at);
            case PyStr s:
            {
                string text = s.Value.Trim().Replace("_", "?", StringComparison.Ordinal);
                bool negative = text.StartsWith('-');
                string digits = text.TrimStart('+', '-');
                if (radix == 16 && digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                {
                    digits = digits[2..];
                }

                try
                {
                    long value = 0;
                    foreach (char c in digits)
                    {
                        int d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
                        value = d < radix ? checked((value * radix) + d) : throw new FormatException();
                    }

                    if (digits.Length == 0 || radix == 0)
                    {
                        throw new FormatException();
                    }

                    return new PyInt(negative ? -value : value, false, at);
                }
                catch (Exception e) when (e is FormatException or OverflowException)
                {
                    if (e is OverflowException)
                    {
                        return null;
                    }

                    throw new PyRaise($"ValueError: invalid literal for int() with base {radix}: {PyValues.Repr(s)}", at);
                }
            }

            default:
                return null;
        }
    }

    private static string JoinPath(IEnumerable<string> parts)
    {
        string result = string.Empty;
        foreach (string p in parts)
        {
            result = p.StartsWith('/') || result.Length == 0 ? p : result.EndsWith('/') ? result + p : result + "/" + p;
        }

        return result;
    }

    private static string DirName(string path)
    {
        int slash = path.LastIndexOf('/');
        string head = slash < 0 ? string.Empty : path[..(slash + 1)];
        return head.Length > 0 && head.Trim('/').Length > 0 ? head.TrimEnd('/') : head;
    }

    /// <summary><c>re.search</c>/<c>re.match</c> on known strings. The patterns xm configs use (<c>'64'</c>, <c>'x86'</c>) mean
    /// the same to .NET's engine; a pattern it cannot read gives unknown rather than a guess.</summary>
    private static PyValue RegexMatch(bool anchored, string pattern, string text, PyValue? flags, SourceLocation at)
    {
        try
        {
            RegexOptions options = RegexOptions.CultureInvariant | (flags is PyInt { Value: 2 } ? RegexOptions.IgnoreCase : RegexOptions.None);
            var regex = new Regex(anchored ? @"\A(?:" + pattern + ")" : pattern, options, TimeSpan.FromSeconds(1));
            return regex.IsMatch(text) ? new PyOpaque("_sre.SRE_Match", at) : new PyNone(at);
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return new PyUnknown("is a regular expression match vifmap does not evaluate", at);
        }
    }

    private static PyValue? StringMethod(string name, PyStr self, List<PyValue> args, SourceLocation at)
    {
        string s = self.Value;
        PyStr Text(string value) => new(value, self.IsUnicode, at);
        string? Arg(int i) => i < args.Count ? (args[i] as PyStr)?.Value : null;
        return (name, args.Count) switch
        {
            ("strip", 0) => Text(s.Trim(' ', '\t', '\n', '\r', '\v', '\f')),
            ("lstrip", 0) => Text(s.TrimStart(' ', '\t', '\n', '\r', '\v', '\f')),
            ("rstrip", 0) => Text(s.TrimEnd(' ', '\t', '\n', '\r', '\v', '\f')),
            ("strip", 1) when Arg(0) is string c => Text(s.Trim(c.ToCharArray())),
            ("lstrip", 1) when Arg(0) is string c => Text(s.TrimStart(c.ToCharArray())),
            ("rstrip", 1) when Arg(0) is string c => Text(s.TrimEnd(c.ToCharArray())),
            ("lower", 0) => Text(AsciiCase(s, upper: false)),
            ("upper", 0) => Text(AsciiCase(s, upper: true)),
            ("replace", 2) when Arg(0) is { Length: > 0 } a && Arg(1) is string b => Text(s.Replace(a, b, StringComparison.Ordinal)),
            ("startswith", 1) when Arg(0) is string p => new PyBool(s.StartsWith(p, StringComparison.Ordinal), at),
            ("endswith", 1) when Arg(0) is string p => new PyBool(s.EndsWith(p, StringComparison.Ordinal), at),
            ("find", 1) when Arg(0) is string p => new PyInt(s.IndexOf(p, StringComparison.Ordinal), false, at),
            ("split", 1) when Arg(0) is { Length: > 0 } sep => new PyList([.. s.Split(sep).Select(p => (PyValue)Text(p))], at),
            ("join", 1) => args[0] switch
            {
                PyList or PyTuple when (args[0] is PyList l ? l.Items : ((PyTuple)args[0]).Items) is var items =>
                    items.Any(i => i is PyUnknown) ? Unknown(items.First(i => i is PyUnknown), at)
                    : items.All(i => i is PyStr) ? Text(string.Join(s, items.Select(i => ((PyStr)i).Value)))
                    : throw new PyRaise("TypeError: sequence item: expected string", at),
                PyUnknown u => new PyUnknown(u.Reason, at),
                _ => null,
            },
            _ => null,
        };
    }

    private static string AsciiCase(string s, bool upper)
        => string.Create(s.Length, (s, upper), static (span, state) =>
        {
            for (int i = 0; i < state.s.Length; i++)
            {
                char c = state.s[i];
                span[i] = state.upper ? (c is >= 'a' and <= 'z' ? (char)(c - 32) : c) : (c is >= 'A' and <= 'Z' ? (char)(c + 32) : c);
            }
        });

    /// <summary>The names of one path through the file; a copy per branch of an undecided <c>if</c>.</summary>
    private sealed class Scope(Dictionary<string, PyValue> values)
    {
        public Dictionary<string, PyValue> Values { get; } = values;

        /// <summary>A Python exception ended this path.</summary>
        public bool Raised { get; set; }

        public Scope Copy() => new(new Dictionary<string, PyValue>(Values, StringComparer.Ordinal)) { Raised = Raised };
    }

    /// <summary>A Python exception the evaluator is sure of (the values it involves are known).</summary>
    private sealed class PyRaise(string error, SourceLocation location) : Exception(error)
    {
        public string Error { get; } = error;

        public SourceLocation Location { get; } = location;
    }
}

/// <summary>The outcome of running a file: each name it assigned, in first-assignment order, with its final value.</summary>
/// <remarks><see cref="UsedUnknowns"/>: some value on the way was unknown (even if no final value is), so Python may have
/// gone another way than the one Vifmap could follow.</remarks>
internal sealed record PyRun(IReadOnlyList<(string Name, PyValue Value)> Values, bool Stopped, bool UsedUnknowns);
