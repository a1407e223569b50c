using System.Text;
using Vifmap.Diagnostics;

namespace Vifmap.Config.Xm;

/// <summary>Python 2's tokenizer (the one xm's <c>execfile</c> ran, Xen 4.0–4.4) over a config's bytes: logical lines,
/// INDENT/DEDENT from a stack of indentation widths (a tab goes to the next multiple of 8), implicit line joining inside
/// brackets, backslash continuation, comments, numbers, and strings with <c>' " ''' """</c> quotes, <c>r</c>/<c>u</c>/<c>b</c>
/// prefixes and C-like escapes. Python rejects a file whose tokens are wrong before running any of it, so the first
/// such error ends the token list and is the only syntax error reported, as xm printed only that one.</summary>
internal sealed class PyLexer
{
    private static readonly string[] s_operators =
    [
        "**=", "//=", ">>=", "<<=",
        "!=", "<>", "==", "<=", ">=", "**", "//", "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
        "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "@", "=", "`",
    ];

    private readonly byte[] _text;
    private readonly string _source;
    private readonly List<PyToken> _tokens = [];
    private readonly Stack<int> _indents = new();
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _depth;

    private PyLexer(byte[] text, string source)
    {
        _text = text;
        _source = source;
        _indents.Push(0);
    }

    /// <summary>The tokens, ending with <see cref="PyTokenKind.EndOfFile"/>; or, when Python would refuse the file,
    /// the tokens before the error and the error (<see cref="DiagnosticCodes.XmCreateStops"/>).</summary>
    public static (IReadOnlyList<PyToken> Tokens, Diagnostic? Error) Tokenize(string source, byte[] utf8)
    {
        var lexer = new PyLexer(utf8, source);
        Diagnostic? error = lexer.Run();
        return (lexer._tokens, error);
    }

    private SourceLocation At(int pos) => new(_source, _line, pos - _lineStart + 1);

    private Diagnostic Error(string what, int pos) => Error(what, At(pos));

    private static Diagnostic Error(string what, SourceLocation at) => DiagnosticCatalogue.Create(DiagnosticCodes.XmCreateStops,
        $"Python syntax error ({what}): xm create stops with \"Errors were found at line {at.Line} while processing …\" and reads no setting of the file",
        at);

    private Diagnostic? Run()
    {
        bool atLineStart = true;
        while (true)
        {
            if (atLineStart && _depth == 0)
            {
                Diagnostic? indentError = ReadIndentation(out bool blank);
                if (indentError is not null)
                {
                    return indentError;
                }

                if (blank)
                {
                    if (_pos >= _text.Length)
                    {
                        break;
                    }

                    continue;
                }

                atLineStart = false;
            }

            if (_pos >= _text.Length)
            {
                break;
            }

            byte c = _text[_pos];
            switch (c)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\f':
                    _pos++;
                    continue;
                case (byte)'#':
                    SkipComment();
                    continue;
                case (byte)'\\':
                    if (!SkipBackslashNewline())
                    {
                        return Error("unexpected character after line continuation character", _pos);
                    }

                    continue;
                case (byte)'\r' or (byte)'\n':
                    if (_depth == 0)
                    {
                        _tokens.Add(new PyToken(PyTokenKind.Newline, string.Empty, At(_pos)));
                        atLineStart = true;
                    }

                    EndLine();
                    continue;
            }

            Diagnostic? error = c switch
            {
                _ when IsNameStart(c) && StringStart(_pos) is int quote => ReadString(quote),
                (byte)'\'' or (byte)'"' => ReadString(_pos),
                _ when IsNameStart(c) => ReadName(),
                _ when IsDigit(c) || (c == (byte)'.' && _pos + 1 < _text.Length && IsDigit(_text[_pos + 1])) => ReadNumber(),
                _ => ReadOperator(),
            };
            if (error is not null)
            {
                return error;
            }
        }

        if (_depth > 0)
        {
            return Error("unexpected EOF while parsing: a bracket is never closed", At(_pos));
        }

        if (_tokens.Count > 0 && _tokens[^1].Kind is not (PyTokenKind.Newline or PyTokenKind.Dedent or PyTokenKind.Indent))
        {
            _tokens.Add(new PyToken(PyTokenKind.Newline, string.Empty, At(_pos)));
        }

        while (_indents.Count > 1)
        {
            _indents.Pop();
            _tokens.Add(new PyToken(PyTokenKind.Dedent, string.Empty, At(_pos)));
        }

        _tokens.Add(new PyToken(PyTokenKind.EndOfFile, string.Empty, At(_pos)));
        return null;
    }

    /// <summary>Measures the indentation of a new logical line and emits INDENT/DEDENT. A line holding only blanks
    /// and a comment is skipped whole, as Python's tokenizer does.</summary>
    private Diagnostic? ReadIndentation(out bool blank)
    {
        int width = 0;
        while (_pos < _text.Length)
        {
            byte c = _text[_pos];
            if (c == (byte)' ')
            {
                width++;
            }
            else if (c == (byte)'\t')
            {
                width = ((width / 8) + 1) * 8;
            }
            else if (c == (byte)'\f')
            {
                width = 0;
            }
            else
            {
                break;
            }

            _pos++;
        }

        if (_pos >= _text.Length || _text[_pos] is (byte)'#' or (byte)'\r' or (byte)'\n')
        {
            blank = true;
            if (_pos < _text.Length && _text[_pos] == (byte)'#')
            {
                SkipComment();
            }

            if (_pos < _text.Length)
            {
                EndLine();
            }

            return null;
        }

        blank = false;
        if (width > _indents.Peek())
        {
            _indents.Push(width);
            _tokens.Add(new PyToken(PyTokenKind.Indent, string.Empty, At(_pos)));
            return null;
        }

        while (width < _indents.Peek())
        {
            _indents.Pop();
            _tokens.Add(new PyToken(PyTokenKind.Dedent, string.Empty, At(_pos)));
        }

        return width == _indents.Peek() ? null : Error("unindent does not match any outer indentation level", _pos);
    }

    private void SkipComment()
    {
        while (_pos < _text.Length && _text[_pos] is not ((byte)'\r' or (byte)'\n'))
        {
            _pos++;
        }
    }

    /// <summary>Consumes one line end (<c>\n</c>, <c>\r\n</c> or <c>\r</c>: Python 2 read the file with universal newlines).</summary>
    private void EndLine()
    {
        if (_text[_pos] == (byte)'\r' && _pos + 1 < _text.Length && _text[_pos + 1] == (byte)'\n')
        {
            _pos++;
        }

        _pos++;
        _line++;
        _lineStart = _pos;
    }

    private bool SkipBackslashNewline()
    {
        if (_pos + 1 < _text.Length && _text[_pos + 1] is (byte)'\r' or (byte)'\n')
        {
            _pos++;
            EndLine();
            return true;
        }

        return false;
    }

    private Diagnostic? ReadName()
    {
        int start = _pos;
        while (_pos < _text.Length && (IsNameStart(_text[_pos]) || IsDigit(_text[_pos])))
        {
            _pos++;
        }

        _tokens.Add(new PyToken(PyTokenKind.Name, Encoding.ASCII.GetString(_text, start, _pos - start), At(start)));
        return null;
    }

    /// <summary>One number token, read as Python 2's tokenizer reads it: <c>0x</c>/<c>0o</c>/<c>0b</c> with at least one
    /// digit of their base, an old-style octal <c>0NN</c> (a digit 8 or 9 there is an error unless a fraction, exponent or
    /// <c>j</c> makes it a float), a decimal, an <c>L</c> suffix on integers, a fraction and exponent, a <c>j</c> suffix.
    /// The token ends where the grammar does: <c>1abc</c> is the number 1 and the name abc, a syntax error for the parser,
    /// and <c>1if</c> is 1 and the keyword if. A malformed number is a token error: Python refuses the whole file, even
    /// where the number sits in a branch that never runs.</summary>
    private Diagnostic? ReadNumber()
    {
        int start = _pos;
        bool integer = true;
        if (IsAt('0') && _pos + 1 < _text.Length && _text[_pos + 1] is (byte)'x' or (byte)'X' or (byte)'o' or (byte)'O' or (byte)'b' or (byte)'B')
        {
            byte prefix = (byte)(_text[_pos + 1] | 0x20);
            _pos += 2;
            if (_pos >= _text.Length || !IsDigitOfBase(prefix, _text[_pos]))
            {
                return Error($"invalid token: a number {Encoding.ASCII.GetString(_text, start, _pos - start)} with no digit of its base", start);
            }

            while (_pos < _text.Length && IsDigitOfBase(prefix, _text[_pos]))
            {
                _pos++;
            }
        }
        else
        {
            bool leadingZero = IsAt('0');
            bool decimalDigitAfterZero = false;
            while (_pos < _text.Length && IsDigit(_text[_pos]))
            {
                decimalDigitAfterZero |= leadingZero && _text[_pos] is (byte)'8' or (byte)'9';
                _pos++;
            }

            if (IsAt('.'))
            {
                integer = false;
                _pos++;
                while (_pos < _text.Length && IsDigit(_text[_pos]))
                {
                    _pos++;
                }
            }

            bool exponentLetter = IsAt('e') || IsAt('E');
            if (exponentLetter)
            {
                int sign = _pos + 1 < _text.Length && _text[_pos + 1] is (byte)'+' or (byte)'-' ? 1 : 0;
                bool digits = _pos + 1 + sign < _text.Length && IsDigit(_text[_pos + 1 + sign]);
                if (digits)
                {
                    integer = false;
                    _pos += 1 + sign;
                    while (_pos < _text.Length && IsDigit(_text[_pos]))
                    {
                        _pos++;
                    }
                }
                else if (sign == 1)
                {
                    return Error($"invalid token: an exponent with no digits in {Encoding.ASCII.GetString(_text, start, _pos + 2 - start)}", start);
                }

                // Without digits the e is not part of the number: 1else is 1 and else (Python 2.7.8 on). After
                // 0NN it still spares the 8 or 9 the error: 08else is the number 08, which Python reads as 8.0.
            }

            if (IsAt('j') || IsAt('J'))
            {
                integer = false;
                _pos++;
            }
            else if (integer && decimalDigitAfterZero && !exponentLetter)
            {
                return Error($"invalid token: {Encoding.ASCII.GetString(_text, start, _pos - start)} is an octal number with a digit 8 or 9", start);
            }
        }

        if (integer && (IsAt('l') || IsAt('L')))
        {
            _pos++;
        }

        _tokens.Add(new PyToken(PyTokenKind.Number, Encoding.ASCII.GetString(_text, start, _pos - start), At(start)));
        return null;
    }

    private bool IsAt(char c) => _pos < _text.Length && _text[_pos] == (byte)c;

    private static bool IsDigitOfBase(byte prefix, byte c) => prefix switch
    {
        (byte)'x' => HexValue(c) >= 0,
        (byte)'o' => c is >= (byte)'0' and <= (byte)'7',
        _ => c is (byte)'0' or (byte)'1',
    };

    private Diagnostic? ReadOperator()
    {
        foreach (string op in s_operators)
        {
            if (_pos + op.Length <= _text.Length && Matches(op))
            {
                SourceLocation at = At(_pos);
                _pos += op.Length;
                if (op is "(" or "[" or "{")
                {
                    _depth++;
                }
                else if (op is ")" or "]" or "}")
                {
                    if (_depth == 0)
                    {
                        return Error($"'{op}' closes no bracket", at);
                    }

                    _depth--;
                }

                _tokens.Add(new PyToken(PyTokenKind.Operator, op, at));
                return null;
            }
        }

        byte c = _text[_pos];
        string shown = c is >= 0x21 and < 0x7f ? $"'{(char)c}'" : $"byte 0x{c:x2}";
        return Error($"invalid syntax: {shown} starts no Python token", _pos);
    }

    private bool Matches(string op)
    {
        for (int i = 0; i < op.Length; i++)
        {
            if (_text[_pos + i] != (byte)op[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where the quote of a prefixed string (<c>r'…'</c>, <c>u"…"</c>, <c>ur'…'</c>, <c>b'…'</c>) is, when the
    /// name-like characters at <paramref name="pos"/> are such a prefix.</summary>
    private int? StringStart(int pos)
    {
        int p = pos;
        while (p < _text.Length && p - pos < 2 && _text[p] is (byte)'r' or (byte)'R' or (byte)'u' or (byte)'U' or (byte)'b' or (byte)'B')
        {
            p++;
        }

        if (p == pos || p >= _text.Length || _text[p] is not ((byte)'\'' or (byte)'"'))
        {
            return null;
        }

        string prefix = Encoding.ASCII.GetString(_text, pos, p - pos).ToLowerInvariant();
        return prefix is "r" or "u" or "b" or "ur" or "br" ? p : null;
    }

    private Diagnostic? ReadString(int quotePos)
    {
        int start = _pos;
        SourceLocation at = At(start);
        string prefix = Encoding.ASCII.GetString(_text, start, quotePos - start).ToLowerInvariant();
        bool raw = prefix.Contains('r', StringComparison.Ordinal);
        bool unicode = prefix.Contains('u', StringComparison.Ordinal);
        byte quote = _text[quotePos];
        bool triple = quotePos + 2 < _text.Length && _text[quotePos + 1] == quote && _text[quotePos + 2] == quote;
        _pos = quotePos + (triple ? 3 : 1);
        var value = new List<byte>();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                return Error(triple ? "EOF while scanning triple-quoted string literal" : "EOL while scanning string literal", at);
            }

            byte c = _text[_pos];
            if (c == quote && (!triple || (_pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote)))
            {
                _pos += triple ? 3 : 1;
                break;
            }

            if (c is (byte)'\r' or (byte)'\n')
            {
                if (!triple)
                {
                    return Error("EOL while scanning string literal", at);
                }

                value.Add((byte)'\n');
                EndLine();
                continue;
            }

            if (c != (byte)'\\')
            {
                value.Add(c);
                _pos++;
                continue;
            }

            if (_pos + 1 >= _text.Length)
            {
                _pos++;
                continue; // reported as unterminated on the next turn
            }

            byte next = _text[_pos + 1];
            if (next is (byte)'\r' or (byte)'\n')
            {
                // A backslash at the end of a line continues the string: raw keeps both, others drop both.
                if (raw)
                {
                    value.Add((byte)'\\');
                    value.Add((byte)'\n');
                }

                _pos++;
                EndLine();
                continue;
            }

            if (raw)
            {
                value.Add(c);
                value.Add(next);
                _pos += 2;
                continue;
            }

            Diagnostic? escapeError = ReadEscape(value, unicode, at);
            if (escapeError is not null)
            {
                return escapeError;
            }
        }

        _tokens.Add(new PyToken(PyTokenKind.String, Encoding.UTF8.GetString([.. value]), at, unicode));
        return null;
    }

    /// <summary>Python 2's string escapes (Python's "String literals" reference): an unknown escape keeps its backslash.</summary>
    private Diagnostic? ReadEscape(List<byte> value, bool unicode, SourceLocation at)
    {
        byte e = _text[_pos + 1];
        _pos += 2;
        switch (e)
        {
            case (byte)'\\' or (byte)'\'' or (byte)'"':
                value.Add(e);
                return null;
            case (byte)'a': value.Add(7); return null;
            case (byte)'b': value.Add(8); return null;
            case (byte)'f': value.Add(12); return null;
            case (byte)'n': value.Add(10); return null;
            case (byte)'r': value.Add(13); return null;
            case (byte)'t': value.Add(9); return null;
            case (byte)'v': value.Add(11); return null;
            case >= (byte)'0' and <= (byte)'7':
            {
                int n = e - '0';
                for (int i = 0; i < 2 && _pos < _text.Length && _text[_pos] is >= (byte)'0' and <= (byte)'7'; i++)
                {
                    n = (n * 8) + (_text[_pos++] - '0');
                }

                value.Add((byte)(n & 0xff));
                return null;
            }

            case (byte)'x':
            {
                int h1 = _pos < _text.Length ? HexValue(_text[_pos]) : -1;
                int h2 = _pos + 1 < _text.Length ? HexValue(_text[_pos + 1]) : -1;
                if (h1 < 0 || h2 < 0)
                {
                    return Error("invalid \\x escape", at);
                }

                _pos += 2;
                if (unicode)
                {
                    value.AddRange(Encoding.UTF8.GetBytes(((char)((h1 * 16) + h2)).ToString()));
                }
                else
                {
                    value.Add((byte)((h1 * 16) + h2));
                }

                return null;
            }

            case (byte)'u' or (byte)'U' when unicode:
            {
                int digits = e == (byte)'u' ? 4 : 8;
                int code = 0;
                for (int i = 0; i < digits; i++)
                {
                    int h = _pos < _text.Length ? HexValue(_text[_pos]) : -1;
                    if (h < 0)
                    {
                        return Error("truncated \\uXXXX escape", at);
                    }

                    code = (code * 16) + h;
                    _pos++;
                }

                if (code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
                {
                    return Error("illegal Unicode character", at);
                }

                value.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(code)));
                return null;
            }

            default:
                value.Add((byte)'\\');
                value.Add(e);
                return null;
        }
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsNameStart(byte c) => c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_';

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';
}
