using System.Diagnostics.CodeAnalysis;
using System.Text;
using Vifmap.Diagnostics;

namespace Vifmap.Config;

/// <summary>The grammar of libxlu_cfg_y.y (4.13–4.22, reference §1.2) as a hand-written parser that
/// detects each error on the same token as xl's LALR parser, with xl's message, and then recovers
/// at the next line ("error NEWLINE") to find the errors xl never gets to. It also counts the
/// entries of bison's parser stack, because xl gives up ("memory exhausted") at 10000.</summary>
internal ref struct XlConfigSyntaxParser
{
    /// <summary>bison's YYMAXDEPTH: pushing the 10000th state fails.</summary>
    private const int BisonStackLimit = 10000;

    /// <summary>bison stack height at the start of a value: initial state, stmts, IDENT, '='.</summary>
    private const int ValueBaseHeight = 4;

    private const string ExpectStatement = "$end or IDENT or NEWLINE or ';'";
    private const string ExpectOperator = "+= or '='";
    private const string ExpectValue = "STRING or NUMBER or '['";
    private const string ExpectEnd = "$end";
    private const string ExpectCloseBracket = "']'";

    private readonly string _source;
    private readonly DiagnosticBag _diagnostics;
    private XlConfigLexer _lexer;
    private XlToken _current;
    private XlToken _previous;
    private bool _aborted;
    private int _errorListDepth;
    private readonly List<ConfigSetting> _statements;
    private readonly Dictionary<string, ConfigSetting> _effective;

    public XlConfigSyntaxParser(string source, ReadOnlySpan<byte> text)
    {
        _source = source;
        _diagnostics = new DiagnosticBag();
        _lexer = new XlConfigLexer(text, source, _diagnostics);
        _statements = [];
        _effective = new Dictionary<string, ConfigSetting>(StringComparer.Ordinal);
    }

    public XlConfigDocument Parse()
    {
        Advance();
        while (!_aborted)
        {
            switch (_current.Kind)
            {
                case XlTokenKind.End:
                    return Finish();
                case XlTokenKind.Newline:
                case XlTokenKind.Semicolon:
                    Advance();
                    break;
                case XlTokenKind.Ident:
                {
                    XlToken name = _current;
                    Advance();
                    ParseAssignment(name);
                    break;
                }

                default:
                    SyntaxError(ExpectStatement, null);
                    if (Recover(0) is { } resumed)
                    {
                        ParseAssignment(resumed);
                    }

                    break;
            }
        }

        return Finish();
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

    private void Advance()
    {
        _previous = _current;
        _current = _lexer.Next();
    }

    private void ParseAssignment(XlToken name)
    {
        while (true)
        {
            bool append;
            if (_current.Kind == XlTokenKind.Assign)
            {
                append = false;
            }
            else if (_current.Kind == XlTokenKind.AppendAssign)
            {
                append = true;
            }
            else
            {
                SyntaxError(ExpectOperator, null);
                if (Recover(0) is { } resumed)
                {
                    name = resumed;
                    continue;
                }

                return;
            }

            Advance();
            if (!TryParseValue(out ConfigValue? value, out XlToken last))
            {
                if (!_aborted && Recover(_errorListDepth) is { } resumed)
                {
                    name = resumed;
                    continue;
                }

                return;
            }

            Store(name, append, value, last);
            switch (_current.Kind)
            {
                case XlTokenKind.Newline:
                case XlTokenKind.Semicolon:
                    Advance();
                    return;
                case XlTokenKind.End:
                    return;
                default:
                    // file: stmts assignment . is bison's default reduction here, so xl expects only $end.
                    SyntaxError(ExpectEnd, null);
                    if (Recover(0) is { } resumed)
                    {
                        name = resumed;
                        continue;
                    }

                    return;
            }
        }
    }

    /// <summary>Parses a value; on a syntax error it has reported it and returns false, leaving
    /// the offending token current (or the parse aborted, for an exhausted stack).</summary>
    private bool TryParseValue([NotNullWhen(true)] out ConfigValue? value, out XlToken last)
    {
        value = null;
        last = _current;
        _errorListDepth = 0;
        if (_current.Kind is XlTokenKind.String or XlTokenKind.Number)
        {
            value = Atom(_current);
            Advance();
            return true;
        }

        if (_current.Kind != XlTokenKind.OpenBracket)
        {
            SyntaxError(ExpectValue, _current.Kind == XlTokenKind.Ident ? "string values must be quoted" : null);
            return false;
        }

        // Lists nest (4.6+); an explicit stack keeps deep nesting off the CLR stack.
        var frames = new Stack<ListFrame>();
        int height = ValueBaseHeight;
        while (true)
        {
            // Here _current is '[' and `height` entries are below it.
            var frame = new ListFrame(height, Location(_current));
            frames.Push(frame);
            if (!Push(height + 1) || !Push(height + 2))
            {
                return false;
            }

            Advance();
            if (!SkipNewlines(height + 2))
            {
                return false;
            }

            bool descend = false;
            while (!descend)
            {
                ListFrame top = frames.Peek();
                int b = top.BaseHeight;

                // Either the list is empty or an element begins at `elementBase`.
                int elementBase = top.Items.Count == 0 ? b + 2 : b + 5;
                if (_current.Kind == XlTokenKind.CloseBracket)
                {
                    if (!Push(b + 3) || !Push(b + 4))
                    {
                        return false;
                    }

                    // Close this list (empty, or after a trailing comma).
                }
                else if (_current.Kind is XlTokenKind.String or XlTokenKind.Number)
                {
                    if (!Push(elementBase + 1))
                    {
                        return false;
                    }

                    top.Items.Add(Atom(_current));
                    if (!AfterElement(top, elementBase))
                    {
                        _errorListDepth = frames.Count;
                        return false;
                    }

                    continue;
                }
                else if (_current.Kind == XlTokenKind.OpenBracket)
                {
                    height = elementBase;
                    descend = true;
                    continue;
                }
                else
                {
                    SyntaxError(ExpectCloseBracket, null);
                    _errorListDepth = frames.Count;
                    return false;
                }

                // _current is the ']' that closes `top`.
                last = _current;
                frames.Pop();
                var list = new ConfigList(top.Items, top.Location);
                Advance();
                if (frames.Count == 0)
                {
                    value = list;
                    return true;
                }

                ListFrame parent = frames.Peek();
                int parentElementBase = parent.Items.Count == 0 ? parent.BaseHeight + 2 : parent.BaseHeight + 5;
                parent.Items.Add(list);
                if (!AfterElement(parent, parentElementBase, afterCloseBracket: true))
                {
                    _errorListDepth = frames.Count;
                    return false;
                }
            }
        }
    }

    /// <summary>After an element (already added) at <paramref name="elementBase"/>: nlok, then ',' or ']'.
    /// Leaves _current at the ']' or past ',' and its newlines; the caller's loop then closes the
    /// list or reads the next element.</summary>
    private bool AfterElement(ListFrame frame, int elementBase, bool afterCloseBracket = false)
    {
        if (!afterCloseBracket)
        {
            Advance();
        }

        if (!Push(elementBase + 2) || !SkipNewlines(elementBase + 2))
        {
            return false;
        }

        int b = frame.BaseHeight;
        if (_current.Kind == XlTokenKind.Comma)
        {
            if (!Push(b + 4) || !Push(b + 5))
            {
                return false;
            }

            Advance();
            return SkipNewlines(b + 5);
        }

        if (_current.Kind == XlTokenKind.CloseBracket)
        {
            return true;
        }

        SyntaxError(ExpectCloseBracket, null);
        return false;
    }

    private bool SkipNewlines(int height)
    {
        while (_current.Kind == XlTokenKind.Newline)
        {
            if (!Push(height + 1))
            {
                return false;
            }

            Advance();
        }

        return true;
    }

    /// <summary>Accounts for one bison stack entry; at YYMAXDEPTH xl stops with "memory exhausted".</summary>
    private bool Push(int height)
    {
        if (height < BisonStackLimit)
        {
            return true;
        }

        _diagnostics.Error(DiagnosticCodes.NestingTooDeep,
            $"near {Near(_current)}: memory exhausted (lists nested too deeply: libxlutil's parser stack holds {BisonStackLimit - 1} entries, about 4990 levels)",
            Location(_current));
        _aborted = true;
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

    private void Store(XlToken nameToken, bool append, ConfigValue value, XlToken last)
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
            _diagnostics.Error(DiagnosticCodes.AppendTypeMismatch,
                $"near {Near(last)}: can't add [list] to \"string\" or vice versa (`{name}' {(previous.Value is ConfigList ? "is a list" : "is a single value")} since line {previous.Location.Line})",
                Location(last));
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

    /// <summary>Skips what is left of a broken statement: up to and including the next NEWLINE or ';'
    /// outside brackets. Inside a broken list it also stops at a line that starts a new assignment,
    /// and returns that name so the caller resumes there.</summary>
    private XlToken? Recover(int depth)
    {
        while (true)
        {
            switch (_current.Kind)
            {
                case XlTokenKind.End:
                    return null;
                case XlTokenKind.OpenBracket:
                    depth++;
                    break;
                case XlTokenKind.CloseBracket:
                    depth--;
                    break;
                case XlTokenKind.Semicolon when depth <= 0:
                    Advance();
                    return null;
                case XlTokenKind.Newline:
                    Advance();
                    if (depth <= 0)
                    {
                        return null;
                    }

                    if (_current.Kind == XlTokenKind.Ident)
                    {
                        XlToken name = _current;
                        Advance();
                        if (_current.Kind is XlTokenKind.Assign or XlTokenKind.AppendAssign)
                        {
                            return name;
                        }
                    }

                    continue;
                default:
                    break;
            }

            Advance();
        }
    }

    private void SyntaxError(string expected, string? hint)
    {
        XlToken token = _current;
        SourceLocation at;
        string extra = hint is null ? string.Empty : "; " + hint;
        if (token.Kind == XlTokenKind.End)
        {
            // xl reports the end of input at the line of the last token it read.
            at = EndLocation();
        }
        else
        {
            at = Location(token);
            if (token.Kind == XlTokenKind.Newline)
            {
                // yyerror drops the newline from the token text and subtracts one from the line.
                extra += $"; xl reports this at line {token.Line - 1}";
            }
        }

        if (token.Line == _lexer.LastLexicalErrorLine)
        {
            // The lexical error on this line dropped text; this is its echo (xl prints nothing either).
            return;
        }

        _diagnostics.Error(DiagnosticCodes.SyntaxError,
            $"near {Near(token)}: syntax error, unexpected {TokenName(token.Kind)}, expecting {expected}{extra}",
            at);
    }

    private readonly SourceLocation EndLocation()
    {
        XlToken last = _previous;
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
            return "end of file";
        }

        ReadOnlySpan<byte> text = _lexer.Text.Slice(token.Start, token.Length);
        if (token.Kind == XlTokenKind.Newline && text.Length == 1)
        {
            return "<newline>";
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

    private sealed class ListFrame(int baseHeight, SourceLocation location)
    {
        public int BaseHeight { get; } = baseHeight;

        public SourceLocation Location { get; } = location;

        public List<ConfigValue> Items { get; } = [];
    }
}
