using System.Buffers;
using System.Text;
using Vifmap.Diagnostics;

namespace Vifmap.Config;

/// <summary>The grammar of libxlu_cfg_y.y (4.13–4.22, reference §1.2) run the way xl's bison
/// parser runs it, so that the errors are the ones xl prints, in order: the same LALR(1) automaton
/// (states below, named after their items), bison's default reductions (which decide the token an
/// error is detected on and the "expecting" list), its <c>error NEWLINE</c> recovery with the
/// three-token silence after it, the stop when recovery finds no state that takes <c>error</c>
/// (after "expecting $end"), and the stack limit ("memory exhausted").</summary>
internal ref struct XlConfigSyntaxParser
{
    /// <summary>bison's YYMAXDEPTH: the parse stops when the stack reaches this many entries.</summary>
    private const int BisonStackLimit = 10000;

    /// <summary>Tokens shifted after a recovery before bison reports errors again (yyerrstatus).</summary>
    private const int ErrorSilence = 3;

    /// <summary>Settings room is made for before parsing; a longer file grows its lists as it goes.</summary>
    private const int MaxPresized = 64;

    private readonly string _source;
    private readonly DiagnosticBag _diagnostics;
    private XlConfigLexer _lexer;
    private XlToken _lastLexed;
    private int _lastLexedXlLine;
    private readonly List<ConfigSetting> _statements;
    private readonly Dictionary<string, ConfigSetting> _effective;
    // bison's stacks, rented: a fresh array per file was a few KiB of garbage for every config linted.
    private Entry[] _stack;
    private int _depth;
    private int _deepest;

    public XlConfigSyntaxParser(string source, ReadOnlySpan<byte> text)
    {
        _source = source;
        _diagnostics = new DiagnosticBag();
        _lexer = new XlConfigLexer(text, source, _diagnostics);

        // At most a setting a line: sized once, not grown through four copies for a typical config.
        int capacity = Math.Min(text.Count((byte)'\n') + 1, MaxPresized);
        _statements = new List<ConfigSetting>(capacity);
        _effective = new Dictionary<string, ConfigSetting>(capacity, StringComparer.Ordinal);
        _stack = ArrayPool<Entry>.Shared.Rent(64);

        // bison's initial yylloc is line 1 (YYLTYPE's default); end of input keeps the last token's.
        _lastLexedXlLine = 1;
    }

    /// <summary>The automaton's states, named after the items they hold.</summary>
    private enum State : byte
    {
        /// <summary>$accept: . file $end (reduces the empty stmts at once).</summary>
        Start,

        /// <summary>$accept: file . $end.</summary>
        File,

        /// <summary>file: stmts . | stmts . assignment; stmts: stmts . stmt — the only state that takes <c>error</c>.</summary>
        Stmts,

        /// <summary>stmt: error . NEWLINE.</summary>
        ErrorStmt,

        /// <summary>stmt: error NEWLINE .</summary>
        ErrorStmtNewline,

        /// <summary>assignment: IDENT . '=' value | IDENT . "+=" value.</summary>
        Ident,

        /// <summary>endstmt: NEWLINE .</summary>
        EndNewline,

        /// <summary>endstmt: ';' .</summary>
        EndSemicolon,

        /// <summary>stmts: stmts stmt .</summary>
        StmtsStmt,

        /// <summary>stmt: endstmt .</summary>
        EmptyStmt,

        /// <summary>stmt: assignment . endstmt; file: stmts assignment . (the default on anything but NEWLINE or ';').</summary>
        Assignment,

        /// <summary>stmt: assignment endstmt .</summary>
        AssignmentStmt,

        /// <summary>assignment: IDENT '=' . value.</summary>
        AssignOperator,

        /// <summary>assignment: IDENT "+=" . value.</summary>
        AppendOperator,

        /// <summary>assignment: IDENT '=' value .</summary>
        AssignValue,

        /// <summary>assignment: IDENT "+=" value .</summary>
        AppendValue,

        /// <summary>atom: STRING .</summary>
        StringAtom,

        /// <summary>atom: NUMBER .</summary>
        NumberAtom,

        /// <summary>value: atom .</summary>
        AtomValue,

        /// <summary>value: '[' . nlok valuelist ']' (reduces the empty nlok at once).</summary>
        OpenBracket,

        /// <summary>value: '[' nlok . valuelist ']'; nlok: nlok . NEWLINE (empty valuelist by default).</summary>
        ListStart,

        /// <summary>nlok: nlok NEWLINE .</summary>
        NlokNewline,

        /// <summary>values: value . nlok (reduces the empty nlok at once).</summary>
        FirstValue,

        /// <summary>values: value nlok .; nlok: nlok . NEWLINE.</summary>
        FirstValueNlok,

        /// <summary>value: '[' nlok valuelist . ']'.</summary>
        ListEnd,

        /// <summary>valuelist: values . | values . ',' nlok; values: values . ',' nlok value nlok.</summary>
        Values,

        /// <summary>value: '[' nlok valuelist ']' .</summary>
        CloseBracket,

        /// <summary>valuelist: values ',' . nlok; values: values ',' . nlok value nlok (reduces the empty nlok at once).</summary>
        Comma,

        /// <summary>valuelist: values ',' nlok .; values: values ',' nlok . value nlok; nlok: nlok . NEWLINE.</summary>
        AfterComma,

        /// <summary>values: values ',' nlok value . nlok (reduces the empty nlok at once).</summary>
        NextValue,

        /// <summary>values: values ',' nlok value nlok .; nlok: nlok . NEWLINE.</summary>
        NextValueNlok,
    }

    /// <summary>The grammar's rules (left-hand side and the length of the right-hand side).</summary>
    private enum Rule : byte
    {
        FileStmts,
        FileStmtsAssignment,
        StmtsEmpty,
        StmtsStmt,
        StmtAssignment,
        StmtEmpty,
        StmtError,
        Assign,
        Append,
        EndstmtNewline,
        EndstmtSemicolon,
        ValueAtom,
        ValueList,
        AtomString,
        AtomNumber,
        ValuelistEmpty,
        ValuelistValues,
        ValuelistTrailingComma,
        ValuesFirst,
        ValuesNext,
        NlokEmpty,
        NlokNewline,
    }

    private enum Symbol : byte
    {
        File,
        Stmts,
        Stmt,
        Assignment,
        Endstmt,
        Value,
        Atom,
        Valuelist,
        Values,
        Nlok,
    }

    public XlConfigDocument Parse()
    {
        try
        {
            return Run();
        }
        finally
        {
            _stack.AsSpan(0, _deepest).Clear(); // the pool must not keep this file's values alive
            ArrayPool<Entry>.Shared.Return(_stack);
            _stack = [];
        }
    }

    private readonly State Top => _stack[_depth - 1].State;

    private XlConfigDocument Run()
    {
        Push(State.Start, default);
        int silence = 0;
        XlToken token = default;
        bool haveLookahead = false;
        while (true)
        {
            State state = Top;
            if (ActionTables.ReductionWithoutLookahead[(int)state] is var rule and not ActionTables.None)
            {
                if (!Reduce((Rule)rule))
                {
                    return Finish();
                }

                continue;
            }

            if (!haveLookahead)
            {
                token = Lex();
                haveLookahead = true;
            }

            if (state == State.File && token.Kind == XlTokenKind.End)
            {
                return Finish();
            }

            int action = ActionTables.Index(state, token.Kind);
            if (ActionTables.Shift[action] is var next and not ActionTables.None)
            {
                silence = Math.Max(0, silence - 1);
                haveLookahead = false;
                if (!Push((State)next, token))
                {
                    return Finish();
                }

                continue;
            }

            if (ActionTables.DefaultReduction[action] is var reduction and not ActionTables.None)
            {
                if (!Reduce((Rule)reduction))
                {
                    return Finish();
                }

                continue;
            }

            // yyerrlab: report unless still recovering; a token that fails right after a recovery is dropped.
            if (silence == 0)
            {
                SyntaxError(state, token);
            }
            else if (silence == ErrorSilence)
            {
                if (token.Kind == XlTokenKind.End)
                {
                    return Finish();
                }

                haveLookahead = false;
            }

            // yyerrlab1: pop to the state that takes `error' and shift it; with none left, xl gives up.
            silence = ErrorSilence;
            while (Top != State.Stmts)
            {
                if (_depth == 1)
                {
                    return Finish();
                }

                _depth--;
            }

            Push(State.ErrorStmt, default);
        }
    }

    /// <summary>States whose only action is one reduction: bison reduces without reading a token.</summary>
    private static Rule? ReductionWithoutLookahead(State state) => state switch
    {
        State.Start => Rule.StmtsEmpty,
        State.ErrorStmtNewline => Rule.StmtError,
        State.EndNewline => Rule.EndstmtNewline,
        State.EndSemicolon => Rule.EndstmtSemicolon,
        State.StmtsStmt => Rule.StmtsStmt,
        State.EmptyStmt => Rule.StmtEmpty,
        State.AssignmentStmt => Rule.StmtAssignment,
        State.AssignValue => Rule.Assign,
        State.AppendValue => Rule.Append,
        State.StringAtom => Rule.AtomString,
        State.NumberAtom => Rule.AtomNumber,
        State.AtomValue => Rule.ValueAtom,
        State.OpenBracket or State.FirstValue or State.Comma or State.NextValue => Rule.NlokEmpty,
        State.NlokNewline => Rule.NlokNewline,
        State.CloseBracket => Rule.ValueList,
        _ => null,
    };

    private static State? Shift(State state, XlTokenKind token) => (state, token) switch
    {
        (State.Stmts, XlTokenKind.Ident) => State.Ident,
        (State.Stmts or State.Assignment, XlTokenKind.Newline) => State.EndNewline,
        (State.Stmts or State.Assignment, XlTokenKind.Semicolon) => State.EndSemicolon,
        (State.ErrorStmt, XlTokenKind.Newline) => State.ErrorStmtNewline,
        (State.Ident, XlTokenKind.Assign) => State.AssignOperator,
        (State.Ident, XlTokenKind.AppendAssign) => State.AppendOperator,
        (State.AssignOperator or State.AppendOperator or State.ListStart or State.AfterComma, XlTokenKind.String) => State.StringAtom,
        (State.AssignOperator or State.AppendOperator or State.ListStart or State.AfterComma, XlTokenKind.Number) => State.NumberAtom,
        (State.AssignOperator or State.AppendOperator or State.ListStart or State.AfterComma, XlTokenKind.OpenBracket) => State.OpenBracket,
        (State.ListStart or State.AfterComma or State.FirstValueNlok or State.NextValueNlok, XlTokenKind.Newline) => State.NlokNewline,
        (State.ListEnd, XlTokenKind.CloseBracket) => State.CloseBracket,
        (State.Values, XlTokenKind.Comma) => State.Comma,
        _ => null,
    };

    /// <summary>A reduction bison makes on any token the state does not shift (its default), or
    /// on a specific one; null means a syntax error.</summary>
    private static Rule? DefaultReduction(State state, XlTokenKind token) => state switch
    {
        State.Stmts when token == XlTokenKind.End => Rule.FileStmts,
        State.Assignment => Rule.FileStmtsAssignment,
        State.ListStart => Rule.ValuelistEmpty,
        State.FirstValueNlok => Rule.ValuesFirst,
        State.Values => Rule.ValuelistValues,
        State.AfterComma => Rule.ValuelistTrailingComma,
        State.NextValueNlok => Rule.ValuesNext,
        _ => null,
    };

    private static State Goto(State below, Symbol symbol) => (symbol, below) switch
    {
        (Symbol.File, _) => State.File,
        (Symbol.Stmts, _) => State.Stmts,
        (Symbol.Stmt, _) => State.StmtsStmt,
        (Symbol.Assignment, _) => State.Assignment,
        (Symbol.Endstmt, State.Assignment) => State.AssignmentStmt,
        (Symbol.Endstmt, _) => State.EmptyStmt,
        (Symbol.Value, State.AssignOperator) => State.AssignValue,
        (Symbol.Value, State.AppendOperator) => State.AppendValue,
        (Symbol.Value, State.ListStart) => State.FirstValue,
        (Symbol.Value, _) => State.NextValue,
        (Symbol.Atom, _) => State.AtomValue,
        (Symbol.Valuelist, _) => State.ListEnd,
        (Symbol.Values, _) => State.Values,
        (Symbol.Nlok, State.OpenBracket) => State.ListStart,
        (Symbol.Nlok, State.FirstValue) => State.FirstValueNlok,
        (Symbol.Nlok, State.Comma) => State.AfterComma,
        _ => State.NextValueNlok,
    };

    /// <summary>The length of each rule's right-hand side.</summary>
    private static int RightHandSideLength(Rule rule) => rule switch
    {
        Rule.StmtsEmpty or Rule.ValuelistEmpty or Rule.NlokEmpty => 0,
        Rule.FileStmts or Rule.StmtEmpty or Rule.EndstmtNewline or Rule.EndstmtSemicolon
            or Rule.ValueAtom or Rule.AtomString or Rule.AtomNumber or Rule.ValuelistValues => 1,
        Rule.FileStmtsAssignment or Rule.StmtsStmt or Rule.StmtAssignment or Rule.StmtError
            or Rule.ValuesFirst or Rule.NlokNewline => 2,
        Rule.Assign or Rule.Append or Rule.ValuelistTrailingComma => 3,
        Rule.ValueList => 4,
        _ => 5,
    };

    /// <summary>The functions above as arrays, filled once: they state the automaton readably, and a parse
    /// step is then an array load instead of a pattern match returning a nullable (issue 15: the
    /// automaton's own steps were a sixth of linting 10,000 files).</summary>
    private static class ActionTables
    {
        /// <summary>No action (a syntax error, or no reduction without a lookahead).</summary>
        public const byte None = byte.MaxValue;

        private const int TokenKinds = (int)XlTokenKind.Newline + 1;
        private const int States = (int)State.NextValueNlok + 1;

        public static readonly byte[] ReductionWithoutLookahead = Fill(States, 1, (state, _) => (byte?)XlConfigSyntaxParser.ReductionWithoutLookahead((State)state));

        public static readonly byte[] Shift = Fill(States, TokenKinds, (state, token) => (byte?)XlConfigSyntaxParser.Shift((State)state, (XlTokenKind)token));

        public static readonly byte[] DefaultReduction = Fill(States, TokenKinds, (state, token) => (byte?)XlConfigSyntaxParser.DefaultReduction((State)state, (XlTokenKind)token));

        public static readonly byte[] Goto = Fill((int)Symbol.Nlok + 1, States, (symbol, below) => (byte)XlConfigSyntaxParser.Goto((State)below, (Symbol)symbol));

        public static readonly byte[] RuleLength = Fill((int)Rule.NlokNewline + 1, 1, (rule, _) => (byte)RightHandSideLength((Rule)rule));

        public static int Index(State state, XlTokenKind token) => ((int)state * TokenKinds) + (int)token;

        public static int GotoIndex(State below, Symbol symbol) => ((int)symbol * States) + (int)below;

        private static byte[] Fill(int rows, int columns, Func<int, int, byte?> action)
        {
            byte[] table = new byte[rows * columns];
            for (int row = 0; row < rows; row++)
            {
                for (int column = 0; column < columns; column++)
                {
                    table[(row * columns) + column] = action(row, column) ?? None;
                }
            }

            return table;
        }
    }

    /// <summary>The tokens a state has an action for (bison's "expecting" list, in token-number order).</summary>
    private static string Expected(State state) => state switch
    {
        State.File => "$end",
        State.Stmts => "$end or IDENT or NEWLINE or ';'",
        State.ErrorStmt => "NEWLINE",
        State.Ident => "+= or '='",
        State.AssignOperator or State.AppendOperator => "STRING or NUMBER or '['",
        _ => "']'",
    };

    /// <summary>Pops the rule's right-hand side, runs its action and pushes the goto state.</summary>
    private bool Reduce(Rule rule)
    {
        int length = ActionTables.RuleLength[(int)rule];

        int bottom = _depth - length;
        ConfigValue? value = null;
        List<ConfigValue>? items = null;
        Symbol symbol;
        switch (rule)
        {
            case Rule.FileStmts or Rule.FileStmtsAssignment:
                symbol = Symbol.File;
                break;
            case Rule.StmtsEmpty or Rule.StmtsStmt:
                symbol = Symbol.Stmts;
                break;
            case Rule.StmtAssignment or Rule.StmtEmpty or Rule.StmtError:
                symbol = Symbol.Stmt;
                break;
            case Rule.Assign or Rule.Append:
                Store(_stack[bottom].Token, rule == Rule.Append, _stack[bottom + 2].Value!);
                symbol = Symbol.Assignment;
                break;
            case Rule.EndstmtNewline or Rule.EndstmtSemicolon:
                symbol = Symbol.Endstmt;
                break;
            case Rule.ValueAtom:
                value = _stack[bottom].Value;
                symbol = Symbol.Value;
                break;
            case Rule.ValueList:
                value = new ConfigList(_stack[bottom + 2].Items ?? [], Location(_stack[bottom].Token));
                symbol = Symbol.Value;
                break;
            case Rule.AtomString or Rule.AtomNumber:
                value = Atom(_stack[bottom].Token);
                symbol = Symbol.Atom;
                break;
            case Rule.ValuelistEmpty:
                items = [];
                symbol = Symbol.Valuelist;
                break;
            case Rule.ValuelistValues or Rule.ValuelistTrailingComma:
                items = _stack[bottom].Items;
                symbol = Symbol.Valuelist;
                break;
            case Rule.ValuesFirst:
                items = [_stack[bottom].Value!];
                symbol = Symbol.Values;
                break;
            case Rule.ValuesNext:
                items = _stack[bottom].Items;
                items!.Add(_stack[bottom + 3].Value!);
                symbol = Symbol.Values;
                break;
            default:
                symbol = Symbol.Nlok;
                break;
        }

        _depth = bottom;
        State next = (State)ActionTables.Goto[ActionTables.GotoIndex(Top, symbol)];
        return Push(next, default, value, items);
    }

    private XlToken Lex()
    {
        XlToken token = _lexer.Next();
        if (token.Kind != XlTokenKind.End)
        {
            _lastLexed = token;
            _lastLexedXlLine = token.XlLine;
        }

        return token;
    }

    private XlConfigDocument Finish()
    {
        if (_diagnostics.HasErrors && _lexer.PythonHint is { } python)
        {
            _diagnostics.Warning(DiagnosticCodes.LooksLikePython,
                "Config file looks like it contains Python code. Arbitrary Python is no longer supported. See https://wiki.xen.org/wiki/PythonInXlConfig (xm configs were Python; xl's are not)",
                python);
        }

        return new XlConfigDocument(_source, _statements, _effective, _diagnostics.Items);
    }

    /// <summary>Pushes a state; at YYMAXDEPTH entries bison stops with "memory exhausted".</summary>
    private bool Push(State state, in XlToken token, ConfigValue? value = null, List<ConfigValue>? items = null)
    {
        if (_depth == _stack.Length)
        {
            Entry[] larger = ArrayPool<Entry>.Shared.Rent(_stack.Length * 2);
            _stack.AsSpan(0, _depth).CopyTo(larger);
            _stack.AsSpan(0, _deepest).Clear();
            ArrayPool<Entry>.Shared.Return(_stack);
            _stack = larger;
        }

        // Field by field, and a reference only when it changes: storing one costs a GC write barrier.
        ref Entry slot = ref _stack[_depth++];
        slot.State = state;
        slot.Token = token;
        if (!ReferenceEquals(slot.Value, value))
        {
            slot.Value = value;
        }

        if (!ReferenceEquals(slot.Items, items))
        {
            slot.Items = items;
        }

        _deepest = Math.Max(_deepest, _depth);
        if (_depth < BisonStackLimit)
        {
            return true;
        }

        if (_lexer.XlPrintsErrorAt(_lastLexedXlLine))
        {
            _lexer.NoteReportedError();
            _diagnostics.Error(DiagnosticCodes.NestingTooDeep,
                $"near {Near(_lastLexed)}: memory exhausted (lists nested too deeply: libxlutil's parser stack holds {BisonStackLimit - 1} entries, about 4990 levels)",
                Location(_lastLexed));
        }

        return false;
    }

    private ConfigValue Atom(XlToken token)
    {
        ReadOnlySpan<byte> text = _lexer.Text.Slice(token.Start, token.Length);
        SourceLocation at = Location(token);
        return token.Kind == XlTokenKind.String
            ? new ConfigString(XlStringEscapes.Decode(text[1..^1], token.HasEscapes), at)
            : new ConfigNumber(Encoding.ASCII.GetString(text), at);
    }

    private void Store(XlToken nameToken, bool append, ConfigValue value)
    {
        string name = Encoding.ASCII.GetString(_lexer.Text.Slice(nameToken.Start, nameToken.Length));
        var setting = new ConfigSetting(name, value, append, Location(nameToken));
        _statements.Add(setting);
        if (!append || !_effective.TryGetValue(name, out ConfigSetting? previous))
        {
            if (append && value is ConfigNumber number)
            {
                _diagnostics.Warning(DiagnosticCodes.AppendToNumber,
                    $"`{name} += {number.Text}' with no earlier value: xl stores the text but refuses to read `{name}' as a number (\"can't use += with numbers\")",
                    value.Location);
            }

            _effective[name] = setting;
            return;
        }

        // xlu__cfg_concat_vals (4.13+): list += list appends, text += text concatenates.
        if (previous.Value is ConfigList before && value is ConfigList added)
        {
            var items = new List<ConfigValue>(before.Items.Count + added.Items.Count);
            items.AddRange(before.Items);
            items.AddRange(added.Items);
            _effective[name] = setting with { Value = new ConfigList(items, added.Location) };
            return;
        }

        if (previous.Value is ConfigList || value is ConfigList)
        {
            // xlu__cfg_set_store checks nothing once an error has been reported; the check reports
            // through xlu__cfgl_lexicalerror, at the line of the value's last token (the last one read).
            if (!_lexer.XlFailed)
            {
                if (_lexer.XlPrintsErrorAt(_lastLexedXlLine))
                {
                    _diagnostics.Error(DiagnosticCodes.AppendTypeMismatch,
                        $"near {Near(_lastLexed)}: can't add [list] to \"string\" or vice versa; `{name}' {(previous.Value is ConfigList ? "is a list" : "is a single value")} since line {previous.Location.Line}",
                        Location(_lastLexed));
                }

                _lexer.NoteReportedError();
                _lexer.NoteLexicalError(_lastLexedXlLine);
            }

            return;
        }

        string joined = AtomText(previous.Value) + AtomText(value);
        if (previous.Value is ConfigNumber || value is ConfigNumber)
        {
            _diagnostics.Warning(DiagnosticCodes.AppendToNumber,
                $"`+=' joins the texts, so `{name}' becomes \"{joined}\", and xl refuses to read it as a number (\"can't use += with numbers\")",
                value.Location);
        }

        _effective[name] = setting with { Value = new ConfigString(joined, value.Location) };
    }

    private static string AtomText(ConfigValue value) => value switch
    {
        ConfigString s => s.Value,
        ConfigNumber n => n.Text,
        _ => string.Empty,
    };

    private void SyntaxError(State state, XlToken token)
    {
        // bison's first_line for the token; the end of input keeps the last token's.
        int xlLine = token.Kind == XlTokenKind.End ? _lastLexedXlLine : token.XlLine;
        if (!_lexer.XlPrintsErrorAt(xlLine))
        {
            // At or before the line of a lexical error: xlu__cfg_yyerror prints nothing.
            return;
        }

        _lexer.NoteReportedError();
        SourceLocation at;
        string extra = string.Empty;
        if (token.Kind == XlTokenKind.End)
        {
            at = EndLocation();
        }
        else
        {
            at = Location(token);
            if (token.Kind == XlTokenKind.Ident && state is State.AssignOperator or State.AppendOperator)
            {
                extra = "; string values must be quoted";
            }

            if (token.Kind == XlTokenKind.Newline)
            {
                // yyerror drops the newline from the token text and subtracts one from the line.
                extra += $"; xl reports this at line {xlLine - 1}";
            }
        }

        _diagnostics.Error(DiagnosticCodes.SyntaxError,
            $"near {Near(token)}: syntax error, unexpected {TokenName(token.Kind)}, expecting {Expected(state)}{extra}",
            at);
    }

    /// <summary>Where the end of input is: just after the last token read.</summary>
    private readonly SourceLocation EndLocation()
    {
        XlToken last = _lastLexed;
        if (last.Length == 0)
        {
            return _lexer.Location(1, 1);
        }

        return last.Kind == XlTokenKind.Newline
            ? _lexer.Location(last.Line, last.Column + last.Length - 1)
            : _lexer.Location(last.Line, last.Column + last.Length);
    }

    private readonly string Near(XlToken token)
    {
        if (token.Kind == XlTokenKind.End)
        {
            return _lexer.DroppedLastCharacter < 0
                ? "end of file"
                : "`" + XlSnippet.Render(_lexer.Text[_lexer.DroppedLastCharacter..]) + "'";
        }

        ReadOnlySpan<byte> text = _lexer.Text.Slice(token.Start, token.Length);
        if (token.Kind == XlTokenKind.Newline)
        {
            // xlu__cfg_yyerror drops the newline; a comment is what is left.
            if (text.Length == 1)
            {
                return "<newline>";
            }

            text = text[..^1];
        }

        return "`" + XlSnippet.Render(text) + "'";
    }

    private static string TokenName(XlTokenKind kind) => kind switch
    {
        XlTokenKind.End => "$end",
        XlTokenKind.Ident => "IDENT",
        XlTokenKind.Number => "NUMBER",
        XlTokenKind.String => "STRING",
        XlTokenKind.Newline => "NEWLINE",
        XlTokenKind.Comma => "','",
        XlTokenKind.OpenBracket => "'['",
        XlTokenKind.CloseBracket => "']'",
        XlTokenKind.Assign => "'='",
        XlTokenKind.AppendAssign => "+=",
        XlTokenKind.Semicolon => "';'",
        _ => kind.ToString(),
    };

    private readonly SourceLocation Location(XlToken token) => _lexer.Location(token.Line, token.Column);

    /// <summary>One entry of bison's stacks: the state, and the token or value it holds.</summary>
    private struct Entry
    {
        public State State;
        public XlToken Token;
        public ConfigValue? Value;
        public List<ConfigValue>? Items;
    }
}
