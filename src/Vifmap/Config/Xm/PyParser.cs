using System.Globalization;
using Vifmap.Diagnostics;

namespace Vifmap.Config.Xm;

/// <summary>Parses the tokens of an xm config into the statements of the subset (<see cref="PyStatement"/>). A statement
/// outside the subset is not an error: it becomes a <see cref="PySkipped"/> naming what it is and the names it may
/// assign, because it may well be valid Python that xm ran. Only what is surely a Python syntax error (an unexpected
/// indent, a block without its indented body, an expression cut off by the end of the line) is reported as one.</summary>
internal sealed class PyParser
{
    private static readonly HashSet<string> s_keywords = new(StringComparer.Ordinal)
    {
        "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else", "except", "exec", "finally",
        "for", "from", "global", "if", "import", "in", "is", "lambda", "not", "or", "pass", "print", "raise", "return",
        "try", "while", "with", "yield",
    };

    private static readonly HashSet<string> s_augmented = new(StringComparer.Ordinal)
    {
        "+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", "<<=", ">>=",
    };

    private readonly IReadOnlyList<PyToken> _tokens;
    private int _pos;

    private PyParser(IReadOnlyList<PyToken> tokens) => _tokens = tokens;

    /// <summary>The statements, or the first sure syntax error (Python then runs none of the file).</summary>
    public static (IReadOnlyList<PyStatement> Statements, Diagnostic? Error) Parse(IReadOnlyList<PyToken> tokens)
    {
        var parser = new PyParser(tokens);
        try
        {
            return (parser.ParseBlockUntil(PyTokenKind.EndOfFile), null);
        }
        catch (SyntaxErrorException e)
        {
            return ([], e.Diagnostic);
        }
    }

    private PyToken Peek => _tokens[_pos];

    private PyToken PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private PyToken Advance() => _tokens[_pos < _tokens.Count - 1 ? _pos++ : _pos];

    private List<PyStatement> ParseBlockUntil(PyTokenKind end)
    {
        var statements = new List<PyStatement>();
        while (Peek.Kind != end && Peek.Kind != PyTokenKind.EndOfFile)
        {
            if (Peek.Kind == PyTokenKind.Newline)
            {
                Advance();
                continue;
            }

            if (Peek.Kind == PyTokenKind.Indent)
            {
                throw SyntaxError("unexpected indent", Peek.Location);
            }

            statements.AddRange(ParseStatement());
        }

        return statements;
    }

    private IEnumerable<PyStatement> ParseStatement()
    {
        PyToken first = Peek;
        if (first.Kind == PyTokenKind.Name)
        {
            switch (first.Text)
            {
                case "if":
                    return [ParseIf()];
                case "def" or "class":
                    return [SkipCompound($"a {(first.Text == "def" ? "function" : "class")} definition ({first.Text} {PeekAt(1).Text})",
                        bodyAssigns: false, [PeekAt(1).Text])];
                case "for" or "while" or "try" or "with":
                    return [SkipCompound($"a {first.Text} statement", bodyAssigns: true, [])];
                case "elif" or "else" or "except" or "finally":
                    throw SyntaxError($"'{first.Text}' without the statement it continues", first.Location);
            }
        }
        else if (first.Is("@"))
        {
            return [SkipCompound("a decorated definition", bodyAssigns: false, [])];
        }

        return ParseSimpleStatements();
    }

    private List<PyStatement> ParseSimpleStatements()
    {
        var statements = new List<PyStatement>();
        while (true)
        {
            statements.Add(ParseSmallStatement());
            if (Peek.Is(";"))
            {
                Advance();
                if (Peek.Kind is PyTokenKind.Newline or PyTokenKind.EndOfFile)
                {
                    break;
                }

                continue;
            }

            break;
        }

        if (Peek.Kind == PyTokenKind.Newline)
        {
            Advance();
        }
        else if (Peek.Kind != PyTokenKind.EndOfFile)
        {
            // A name, number or string right after a whole statement is never Python (a = 'it's'); anything else may be
            // Python the subset does not read, or no Python at all: skip the rest.
            if (IsOperand(Peek))
            {
                throw SyntaxError($"invalid syntax: {Peek} after a complete statement", Peek.Location);
            }

            statements.Add(SkipRestOfLine($"text after a statement ({Peek})", Peek.Location) with { MaybeNotPython = true });
        }

        return statements;
    }

    private PyStatement ParseSmallStatement()
    {
        int start = _pos;
        PyToken first = Peek;
        try
        {
            if (first.Kind == PyTokenKind.Name && s_keywords.Contains(first.Text))
            {
                switch (first.Text)
                {
                    case "pass":
                        Advance();
                        return new PyPass(first.Location);
                    case "import":
                        return ParseImport();
                    case "from":
                        return ParseFromImport();
                    case "lambda" or "not":
                        break; // an expression statement
                    default:
                        throw new SkipException($"{PyValues.Article(first.Text)} {first.Text} statement");
                }
            }

            PyExpr expression = ParseTestList();
            if (Peek.Is("="))
            {
                var targets = new List<PyExpr> { expression };
                PyExpr value = expression;
                while (Peek.Is("="))
                {
                    Advance();
                    value = ParseTestList();
                    targets.Add(value);
                }

                targets.RemoveAt(targets.Count - 1);
                foreach (PyExpr target in targets)
                {
                    CheckTarget(target);
                }

                return new PyAssign(targets, value, first.Location);
            }

            if (Peek.Kind == PyTokenKind.Operator && s_augmented.Contains(Peek.Text))
            {
                if (expression is not (PyName or PySubscript or PyAttribute or PySlice))
                {
                    throw SyntaxError("illegal expression for augmented assignment", expression.Location);
                }

                string op = Advance().Text[..^1];
                return new PyAugmentedAssign(expression, op, ParseTestList(), first.Location);
            }

            return new PyExpressionStatement(expression, first.Location);
        }
        catch (SkipException e)
        {
            _pos = start;
            return SkipRestOfLine(e.What, first.Location, stopAtSemicolon: false) with { MaybeNotPython = e.MaybeNotPython };
        }
    }

    /// <summary>Python assigns to names, elements, attributes, slices and brackets of those; anything else (a literal, an
    /// operator, a call) is "can't assign to …", a syntax error.</summary>
    private static void CheckTarget(PyExpr target)
    {
        switch (target)
        {
            case PyName or PySubscript or PyAttribute or PySlice:
                return;
            case PyTupleDisplay t:
                foreach (PyExpr item in t.Items)
                {
                    CheckTarget(item);
                }

                return;
            case PyListDisplay l:
                foreach (PyExpr item in l.Items)
                {
                    CheckTarget(item);
                }

                return;
            default:
                string what = target switch
                {
                    PyLiteral => "literal",
                    PyCall => "function call",
                    PyCompare => "comparison",
                    PyConditional => "conditional expression",
                    PyDictDisplay => "literal",
                    _ => "operator",
                };
                throw SyntaxError($"can't assign to {what}", target.Location);
        }
    }

    /// <summary>Skips to the end of the logical line, collecting the names it may assign.</summary>
    private PySkipped SkipRestOfLine(string what, SourceLocation at, bool stopAtSemicolon = false)
    {
        int start = _pos;
        while (Peek.Kind is not (PyTokenKind.Newline or PyTokenKind.EndOfFile) && !(stopAtSemicolon && Peek.Is(";")))
        {
            Advance();
        }

        return new PySkipped(what, AssignedNames(start, _pos), at) { MentionedNames = MentionedNames(start, _pos) };
    }

    /// <summary>Skips a compound statement: its header line and its indented block (or the statements after its colon).
    /// The names it may bind are those the header and, with <paramref name="bodyAssigns"/>, the block assign (a
    /// function's or class's body binds its own names, not the file's).</summary>
    private PySkipped SkipCompound(string what, bool bodyAssigns, IReadOnlyList<string> binds)
    {
        PyToken first = Peek;
        int start = _pos;
        var names = new List<string>(binds);
        while (true)
        {
            SkipClause();
            PyToken next = Peek;
            bool continues = next.Kind == PyTokenKind.Name && next.Text is "elif" or "else" or "except" or "finally";
            if (!continues)
            {
                break;
            }
        }

        if (bodyAssigns)
        {
            names.AddRange(AssignedNames(start, _pos));
        }

        return new PySkipped(what, [.. names.Distinct(StringComparer.Ordinal)], first.Location) { MentionedNames = MentionedNames(start, _pos) };
    }

    /// <summary>One clause (<c>for …:</c> and its body): the header to its end of line, then an indented block if one follows.</summary>
    private void SkipClause()
    {
        SourceLocation header = Peek.Location;
        bool sawColon = false;
        bool bodyOnLine = false;
        while (Peek.Kind is not (PyTokenKind.Newline or PyTokenKind.EndOfFile))
        {
            PyToken t = Advance();
            if (sawColon)
            {
                bodyOnLine = true;
            }

            sawColon |= t.Is(":");
        }

        if (Peek.Kind == PyTokenKind.Newline)
        {
            Advance();
        }

        if (Peek.Kind != PyTokenKind.Indent)
        {
            if (!bodyOnLine)
            {
                throw SyntaxError("expected an indented block", Peek.Location.Line > header.Line ? Peek.Location : header);
            }

            return;
        }

        int depth = 0;
        do
        {
            PyToken t = Advance();
            depth += t.Kind == PyTokenKind.Indent ? 1 : t.Kind == PyTokenKind.Dedent ? -1 : 0;
        }
        while (depth > 0 && Peek.Kind != PyTokenKind.EndOfFile);
    }

    /// <summary>The names a stretch of skipped tokens may bind: assignment targets at the start of a statement
    /// (<c>a = </c>, <c>a, b = </c>, <c>a += </c>, <c>a[0] = </c>, <c>a.x = </c>), loop variables, <c>as</c> names, imported names,
    /// and lists changed in place (<c>a.append(…)</c>). Names inside brackets (keyword arguments) are not targets.</summary>
    private string[] MentionedNames(int start, int end)
        => [.. _tokens.Skip(start).Take(end - start).Where(t => t.Kind == PyTokenKind.Name && !s_keywords.Contains(t.Text))
            .Select(t => t.Text).Distinct(StringComparer.Ordinal)];

    private List<string> AssignedNames(int start, int end)
    {
        var names = new List<string>();
        int depth = 0;
        bool statementStart = true;
        var pending = new List<string>();
        for (int i = start; i < end; i++)
        {
            PyToken t = _tokens[i];
            PyToken next = i + 1 < end ? _tokens[i + 1] : default;
            if (t.Kind is PyTokenKind.Newline or PyTokenKind.Indent or PyTokenKind.Dedent || t.Is(";") || (t.Is(":") && depth == 0))
            {
                statementStart = true;
                pending.Clear();
                continue;
            }

            if (t.Kind == PyTokenKind.Operator)
            {
                depth += t.Text is "(" or "[" or "{" ? 1 : t.Text is ")" or "]" or "}" ? -1 : 0;
                if (depth == 0 && (t.Text == "=" || s_augmented.Contains(t.Text)))
                {
                    names.AddRange(pending);
                    pending.Clear();
                }
                else if (depth == 0 && t.Text != ",")
                {
                    // x[...] = / x.a = : the base name stays pending through its subscripts and attributes
                    statementStart = false;
                }

                continue;
            }

            if (t.Kind != PyTokenKind.Name)
            {
                statementStart = false;
                continue;
            }

            bool afterBinder = i > start && _tokens[i - 1].Kind == PyTokenKind.Name && _tokens[i - 1].Text is "for" or "as" or "import" or "global";
            bool inForTargets = i > start && _tokens[i - 1].Is(",") && pending.Count > 0 && depth == 0;
            if (afterBinder || (t.Text != "in" && inForTargets && !statementStart))
            {
                names.Add(t.Text);
                continue;
            }

            if (depth == 0 && next.Is(".") && i + 2 < end && PyValues.InPlaceMethods.Contains(_tokens[i + 2].Text))
            {
                names.Add(t.Text);
            }

            if (statementStart && depth == 0 && !s_keywords.Contains(t.Text))
            {
                pending.Add(t.Text);
            }

            statementStart = statementStart && (next.Is(",") || next.Is("=") || next.Is("[") || next.Is(".") || s_augmented.Contains(next.Text ?? string.Empty));
        }

        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    private PyStatement ParseIf()
    {
        int start = _pos;
        PyToken first = Peek;
        var branches = new List<(PyExpr?, IReadOnlyList<PyStatement>)>();
        try
        {
            while (true)
            {
                PyToken keyword = Advance(); // if / elif / else
                PyExpr? condition = keyword.Text == "else" ? null : ParseTest();
                if (!Peek.Is(":"))
                {
                    throw IsOperand(Peek) ? Unexpected("':'") : new SkipException($"an if statement ({Peek} where ':' was expected)", maybeNotPython: true);
                }

                Advance();
                branches.Add((condition, ParseSuite(keyword.Location)));
                if (keyword.Text == "else" || !(Peek.Kind == PyTokenKind.Name && Peek.Text is "elif" or "else"))
                {
                    break;
                }
            }
        }
        catch (SkipException e)
        {
            _pos = start;
            return SkipCompound(e.What, bodyAssigns: true, []) with { MaybeNotPython = e.MaybeNotPython };
        }

        return new PyIf(branches, first.Location);
    }

    private List<PyStatement> ParseSuite(SourceLocation header)
    {
        if (Peek.Kind != PyTokenKind.Newline)
        {
            return ParseSimpleStatements();
        }

        Advance();
        if (Peek.Kind != PyTokenKind.Indent)
        {
            throw SyntaxError("expected an indented block", Peek.Kind == PyTokenKind.EndOfFile ? header : Peek.Location);
        }

        Advance();
        List<PyStatement> body = ParseBlockUntil(PyTokenKind.Dedent);
        if (Peek.Kind == PyTokenKind.Dedent)
        {
            Advance();
        }

        return body;
    }

    private PyImport ParseImport()
    {
        PyToken keyword = Advance();
        var modules = new List<(string, string?)>();
        do
        {
            if (modules.Count > 0)
            {
                Advance();
            }

            string module = ParseDottedName();
            string? alias = null;
            if (Peek.Is("as"))
            {
                Advance();
                alias = ExpectName();
            }

            modules.Add((module, alias));
        }
        while (Peek.Is(","));
        return new PyImport(modules, keyword.Location);
    }

    private PyFromImport ParseFromImport()
    {
        PyToken keyword = Advance();
        if (Peek.Is("."))
        {
            throw new SkipException("a relative import");
        }

        string module = ParseDottedName();
        if (!Peek.Is("import"))
        {
            throw new SkipException("a from statement");
        }

        Advance();
        var names = new List<(string, string?)>();
        if (Peek.Is("*"))
        {
            Advance();
            return new PyFromImport(module, names, keyword.Location);
        }

        bool parenthesised = Peek.Is("(");
        if (parenthesised)
        {
            Advance();
        }

        do
        {
            if (names.Count > 0)
            {
                Advance();
                if (parenthesised && Peek.Is(")"))
                {
                    break;
                }
            }

            string name = ExpectName();
            string? alias = null;
            if (Peek.Is("as"))
            {
                Advance();
                alias = ExpectName();
            }

            names.Add((name, alias));
        }
        while (Peek.Is(","));
        if (parenthesised)
        {
            Expect(")");
        }

        return new PyFromImport(module, names, keyword.Location);
    }

    private string ParseDottedName()
    {
        string name = ExpectName();
        while (Peek.Is(".") && PeekAt(1).Kind == PyTokenKind.Name)
        {
            Advance();
            name += "." + Advance().Text;
        }

        return name;
    }

    private string ExpectName()
    {
        if (Peek.Kind != PyTokenKind.Name || s_keywords.Contains(Peek.Text))
        {
            throw Unexpected("a name");
        }

        return Advance().Text;
    }

    private void Expect(string op)
    {
        if (!Peek.Is(op))
        {
            throw Unexpected($"'{op}'");
        }

        Advance();
    }

    /// <summary>An expression cut off by the end of a line is a sure syntax error; any other surprise may be Python the
    /// subset does not read, so the statement is skipped.</summary>
    private Exception Unexpected(string expected)
    {
        PyToken t = Peek;
        if (t.Kind == PyTokenKind.Name && t.Text is "lambda" or "yield")
        {
            return new SkipException($"a {t.Text} expression");
        }

        // Where an operator or bracket must come, a name, number or string is never Python; where an expression must
        // come, only the operand tokens the subset reads (and lambda/yield, above) are Python.
        bool sure = t.Kind is PyTokenKind.Newline or PyTokenKind.EndOfFile or PyTokenKind.Indent or PyTokenKind.Dedent
            || (expected == "an expression" && t.Kind is PyTokenKind.Operator or PyTokenKind.Name)
            || (expected.StartsWith('\'') && IsOperand(t))
            || expected is "')'" or "']'" or "'}'" or "'else'" or "a name";
        return sure
            ? SyntaxError($"invalid syntax: {t} where {expected} was expected", t.Location)
            : new SkipException($"an expression ({t} where {expected} was expected)", maybeNotPython: true);
    }

    private static bool IsOperand(PyToken t) => t.Kind is PyTokenKind.Number or PyTokenKind.String
        || (t.Kind == PyTokenKind.Name && !s_keywords.Contains(t.Text));

    private static SyntaxErrorException SyntaxError(string what, SourceLocation at) => new(DiagnosticCatalogue.Create(
        DiagnosticCodes.XmCreateStops,
        $"Python syntax error ({what}): xm create stops with \"Errors were found at line {at.Line} while processing …\" and reads no setting of the file",
        at));

    /// <summary><c>testlist</c>: one expression, or a tuple written without brackets (<c>a = 1, 2</c>).</summary>
    private PyExpr ParseTestList()
    {
        PyExpr first = ParseTest();
        if (!Peek.Is(","))
        {
            return first;
        }

        var items = new List<PyExpr> { first };
        while (Peek.Is(","))
        {
            Advance();
            if (!StartsExpression(Peek))
            {
                break;
            }

            items.Add(ParseTest());
        }

        return new PyTupleDisplay(items, first.Location);
    }

    private static bool StartsExpression(PyToken t) => t.Kind switch
    {
        PyTokenKind.Name => !s_keywords.Contains(t.Text) || t.Text is "not" or "lambda",
        PyTokenKind.Number or PyTokenKind.String => true,
        PyTokenKind.Operator => t.Text is "(" or "[" or "{" or "-" or "+" or "~" or "`",
        _ => false,
    };

    private PyExpr ParseTest()
    {
        if (Peek.Is("lambda"))
        {
            throw new SkipException("a lambda expression");
        }

        PyExpr value = ParseOr();
        if (Peek.Is("if"))
        {
            Advance();
            PyExpr condition = ParseOr();
            if (!Peek.Is("else"))
            {
                throw Unexpected("'else'");
            }

            Advance();
            return new PyConditional(condition, value, ParseTest(), value.Location);
        }

        return value;
    }

    private PyExpr ParseOr()
    {
        PyExpr left = ParseAnd();
        while (Peek.Is("or"))
        {
            Advance();
            left = new PyBoolean("or", left, ParseAnd(), left.Location);
        }

        return left;
    }

    private PyExpr ParseAnd()
    {
        PyExpr left = ParseNot();
        while (Peek.Is("and"))
        {
            Advance();
            left = new PyBoolean("and", left, ParseNot(), left.Location);
        }

        return left;
    }

    private PyExpr ParseNot()
    {
        if (Peek.Is("not"))
        {
            PyToken not = Advance();
            return new PyUnary("not", ParseNot(), not.Location);
        }

        return ParseComparison();
    }

    private PyExpr ParseComparison()
    {
        PyExpr first = ParseBinary(0);
        var rest = new List<(string, PyExpr)>();
        while (true)
        {
            string? op = Peek switch
            {
                { Kind: PyTokenKind.Operator, Text: "<" or ">" or "==" or ">=" or "<=" or "!=" or "<>" } t => t.Text == "<>" ? "!=" : t.Text,
                { Kind: PyTokenKind.Name, Text: "in" } => "in",
                { Kind: PyTokenKind.Name, Text: "not" } when PeekAt(1).Is("in") => "not in",
                { Kind: PyTokenKind.Name, Text: "is" } => PeekAt(1).Is("not") ? "is not" : "is",
                _ => null,
            };
            if (op is null)
            {
                break;
            }

            Advance();
            if (op is "not in" or "is not")
            {
                Advance();
            }

            rest.Add((op, ParseBinary(0)));
        }

        return rest.Count == 0 ? first : new PyCompare(first, rest, first.Location);
    }

    /// <summary>Binary operators by Python's precedence, loosest first.</summary>
    private static readonly string[][] s_levels =
    [
        ["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%"],
    ];

    private PyExpr ParseBinary(int level)
    {
        if (level == s_levels.Length)
        {
            return ParseFactor();
        }

        PyExpr left = ParseBinary(level + 1);
        while (Peek.Kind == PyTokenKind.Operator && Array.IndexOf(s_levels[level], Peek.Text) >= 0)
        {
            string op = Advance().Text;
            left = new PyBinary(op, left, ParseBinary(level + 1), left.Location);
        }

        return left;
    }

    private PyExpr ParseFactor()
    {
        if (Peek.Kind == PyTokenKind.Operator && Peek.Text is "-" or "+" or "~")
        {
            PyToken op = Advance();
            return new PyUnary(op.Text, ParseFactor(), op.Location);
        }

        PyExpr power = ParseTrailers(ParseAtom());
        if (Peek.Is("**"))
        {
            Advance();
            return new PyBinary("**", power, ParseFactor(), power.Location);
        }

        return power;
    }

    private PyExpr ParseTrailers(PyExpr target)
    {
        while (true)
        {
            if (Peek.Is("."))
            {
                Advance();
                target = new PyAttribute(target, ExpectName(), target.Location);
            }
            else if (Peek.Is("("))
            {
                Advance();
                target = ParseCallArguments(target);
            }
            else if (Peek.Is("["))
            {
                Advance();
                target = ParseSubscript(target);
            }
            else
            {
                return target;
            }
        }
    }

    private PyCall ParseCallArguments(PyExpr function)
    {
        var arguments = new List<PyExpr>();
        var keywords = new List<(string, PyExpr)>();
        while (!Peek.Is(")"))
        {
            if (Peek.Is("*") || Peek.Is("**"))
            {
                throw new SkipException("a call with *args or **kwargs");
            }

            if (Peek.Kind == PyTokenKind.Name && PeekAt(1).Is("=") && !s_keywords.Contains(Peek.Text))
            {
                string name = Advance().Text;
                Advance();
                keywords.Add((name, ParseTest()));
            }
            else
            {
                arguments.Add(ParseTest());
                if (Peek.Is("for"))
                {
                    throw new SkipException("a generator expression");
                }
            }

            if (!Peek.Is(","))
            {
                break;
            }

            Advance();
        }

        Expect(")");
        return new PyCall(function, arguments, keywords, function.Location);
    }

    private PyExpr ParseSubscript(PyExpr target)
    {
        PyExpr? lower = Peek.Is(":") ? null : ParseTest();
        if (Peek.Is("]") && lower is not null)
        {
            Advance();
            return new PySubscript(target, lower, target.Location);
        }

        if (!Peek.Is(":"))
        {
            throw IsOperand(Peek) ? Unexpected("']'") : new SkipException("an extended subscript");
        }

        Advance();
        PyExpr? upper = Peek.Is("]") || Peek.Is(":") ? null : ParseTest();
        if (!Peek.Is("]"))
        {
            throw IsOperand(Peek) ? Unexpected("']'") : new SkipException("a slice with a step");
        }

        Advance();
        return new PySlice(target, lower, upper, target.Location);
    }

    private PyExpr ParseAtom()
    {
        PyToken t = Peek;
        switch (t.Kind)
        {
            case PyTokenKind.Name when !s_keywords.Contains(t.Text):
                Advance();
                return t.Text == "None" ? new PyLiteral(new PyNone(t.Location), t.Location) : new PyName(t.Text, t.Location);
            case PyTokenKind.Number:
                Advance();
                return new PyLiteral(ParseNumber(t), t.Location);
            case PyTokenKind.String:
            {
                // Adjacent literals are one string; one unicode part makes the whole unicode.
                string text = string.Empty;
                bool unicode = false;
                while (Peek.Kind == PyTokenKind.String)
                {
                    PyToken s = Advance();
                    text += s.Text;
                    unicode |= s.IsUnicode;
                }

                return new PyLiteral(new PyStr(text, unicode, t.Location), t.Location);
            }

            case PyTokenKind.Operator when t.Text == "(":
            {
                Advance();
                if (Peek.Is(")"))
                {
                    Advance();
                    return new PyTupleDisplay([], t.Location);
                }

                PyExpr first = ParseTest();
                if (Peek.Is("for"))
                {
                    throw new SkipException("a generator expression");
                }

                if (Peek.Is(")"))
                {
                    Advance();
                    return first;
                }

                var items = new List<PyExpr> { first };
                while (Peek.Is(","))
                {
                    Advance();
                    if (Peek.Is(")"))
                    {
                        break;
                    }

                    items.Add(ParseTest());
                }

                Expect(")");
                return new PyTupleDisplay(items, t.Location);
            }

            case PyTokenKind.Operator when t.Text == "[":
                Advance();
                return new PyListDisplay(ParseUntil("]", () => NotFollowedByFor(ParseTest(), "a list comprehension")), t.Location);
            case PyTokenKind.Operator when t.Text == "{":
                Advance();
                return new PyDictDisplay(ParseUntil("}", () =>
                {
                    PyExpr key = ParseTest();
                    if (!Peek.Is(":"))
                    {
                        throw new SkipException("a set display or comprehension");
                    }

                    Advance();
                    return (key, NotFollowedByFor(ParseTest(), "a dict comprehension"));
                }), t.Location);
            case PyTokenKind.Operator when t.Text == "`":
                throw new SkipException("a backquote (repr) expression");
            default:
                throw Unexpected("an expression");
        }
    }

    /// <summary>Items separated by commas up to <paramref name="close"/> (a trailing comma allowed), and the bracket.</summary>
    private List<T> ParseUntil<T>(string close, Func<T> parseItem)
    {
        var items = new List<T>();
        while (!Peek.Is(close))
        {
            items.Add(parseItem());
            if (!Peek.Is(","))
            {
                break;
            }

            Advance();
        }

        Expect(close);
        return items;
    }

    private PyExpr NotFollowedByFor(PyExpr item, string comprehension)
        => Peek.Is("for") ? throw new SkipException(comprehension) : item;

    /// <summary>A Python 2 number: decimal, <c>0x</c> hex, <c>0</c>/<c>0o</c> octal, <c>0b</c> binary, an <c>L</c> suffix for long,
    /// or a float. An imaginary number (<c>1j</c>) is outside the subset.</summary>
    private static PyValue ParseNumber(PyToken t)
    {
        string text = t.Text;
        bool isLong = text.EndsWith('L') || text.EndsWith('l');
        string digits = isLong ? text[..^1] : text;
        if (digits.EndsWith('j') || digits.EndsWith('J'))
        {
            throw new SkipException($"a complex number ({text})");
        }

        (int radix, string body) = digits switch
        {
            ['0', 'x' or 'X', .. var rest] => (16, rest),
            ['0', 'o' or 'O', .. var rest] => (8, rest),
            ['0', 'b' or 'B', .. var rest] => (2, rest),
            ['0', _, ..] when digits.All(char.IsAsciiDigit) => (8, digits[1..]),
            _ when digits.All(char.IsAsciiDigit) => (10, digits),
            _ => (0, digits),
        };
        if (radix == 8 && body.Any(c => c is '8' or '9'))
        {
            // Only 08else and the like get here (the lexer refuses 08 otherwise): Python 2's strtoul stops at the 8,
            // so the compiler reads the digits as a float.
            radix = 0;
        }

        if (radix == 0)
        {
            if (isLong || !double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out double f))
            {
                throw new SkipException($"a number the subset does not read ({text})");
            }

            return new PyFloat(f, t.Location);
        }

        long value = 0;
        foreach (char c in body)
        {
            int d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (d >= radix)
            {
                throw new SkipException($"a number the subset does not read ({text})");
            }

            try
            {
                value = checked((value * radix) + d);
            }
            catch (OverflowException)
            {
                throw new SkipException($"a number beyond 64 bits ({text})");
            }
        }

        return new PyInt(value, isLong, t.Location);
    }

    /// <summary>A construct outside the subset: the statement holding it is skipped.</summary>
    private sealed class SkipException(string what, bool maybeNotPython = false) : Exception(what)
    {
        public string What { get; } = what;

        /// <summary>Python the subset does not read, or perhaps no Python at all (a token where none fits).</summary>
        public bool MaybeNotPython { get; } = maybeNotPython;
    }

    private sealed class SyntaxErrorException(Diagnostic diagnostic) : Exception(diagnostic.Message)
    {
        public Diagnostic Diagnostic { get; } = diagnostic;
    }
}
