using System.Buffers;
using Vifmap.Diagnostics;

namespace Vifmap.Config;

/// <summary>libxlutil's lexer (libxlu_cfg_l.l, unchanged from 4.13 to 4.22) over UTF-8 bytes.
/// It reproduces flex's longest-match rules, including the error state: a character no rule
/// accepts starts a "lexical error" that swallows the rest of the word (or one blank), reports
/// it, and yields no token. Nothing is allocated except for diagnostics.</summary>
internal ref struct XlConfigLexer
{
    private static readonly SearchValues<byte> s_identTail = SearchValues.Create("._0123456789abcdefghijklmnopqrstuvwxyz"u8);
    private static readonly SearchValues<byte> s_numberTail = SearchValues.Create("0123456789abcdefx"u8);
    private static readonly SearchValues<byte> s_wordEnd = SearchValues.Create(" \t\n"u8);

    private readonly ReadOnlySpan<byte> _text;
    private readonly string _source;
    private readonly DiagnosticBag _diagnostics;
    private int _pos;
    private int _line;
    private int _lineStart;

    public XlConfigLexer(ReadOnlySpan<byte> text, string source, DiagnosticBag diagnostics)
    {
        _text = text;
        _source = source;
        _diagnostics = diagnostics;
        _line = 1;
        ReportedThroughLine = -1;
    }

    /// <summary>Where the first character that made xl set its "likely Python" flag was
    /// (one of <c>+ - . ( ) :</c> starting a lexical error), if any.</summary>
    public SourceLocation? PythonHint { get; private set; }

    /// <summary>Where the last character of the input is when flex dropped it unreported (a lexical
    /// error with nothing after it), else -1. It stays flex's token text at the end of input, so
    /// xl shows it in an error there.</summary>
    public int DroppedLastCharacter { get; private set; } = -1;

    /// <summary>libxlutil's <c>lexerrlineno</c> (libxlu_cfg.c, xlu__cfgl_lexicalerror): the line
    /// bison had reached at the last lexical error. xl prints no error, lexical or syntactic,
    /// whose line is at or before it (xlu__cfg_yyerror), so neither do we.</summary>
    public int ReportedThroughLine { get; private set; }

    /// <summary>libxlutil's <c>ctx->err</c>: xl has reported an error, so it stores and dequotes nothing more.</summary>
    public bool XlFailed { get; private set; }

    /// <summary>Whether xl prints an error whose bison line (<c>first_line</c>) is <paramref name="line"/>.</summary>
    public readonly bool XlPrintsErrorAt(int line) => line > ReportedThroughLine;

    /// <summary>Records an error that went through xlu__cfgl_lexicalerror at <paramref name="line"/>.</summary>
    public void NoteLexicalError(int line) => ReportedThroughLine = line;

    /// <summary>Records an error xl printed (xlu__cfg_yyerror sets <c>ctx->err</c>).</summary>
    public void NoteReportedError() => XlFailed = true;

    public readonly ReadOnlySpan<byte> Text => _text;

    public readonly SourceLocation Location(int line, int column) => new(_source, line, column);

    public XlToken Next()
    {
        ReadOnlySpan<byte> text = _text;
        while (_pos < text.Length)
        {
            int start = _pos;
            byte c = text[start];
            switch (c)
            {
                case (byte)' ':
                case (byte)'\t':
                    _pos++;
                    continue;
                case (byte)'\n':
                    return NewlineToken(start, 1);
                case (byte)'#':
                {
                    // "\#.*\n": a comment is part of the NEWLINE that ends it; without that
                    // newline the '#' falls to the catch-all rule (reference §1.1, §7.22).
                    int nl = text[start..].IndexOf((byte)'\n');
                    if (nl >= 0)
                    {
                        return NewlineToken(start, nl + 1);
                    }

                    if (LexicalError(start, python: false, out XlToken newline))
                    {
                        return newline;
                    }

                    continue;
                }

                case (byte)',':
                    return Single(XlTokenKind.Comma, start);
                case (byte)'[':
                    return Single(XlTokenKind.OpenBracket, start);
                case (byte)']':
                    return Single(XlTokenKind.CloseBracket, start);
                case (byte)'=':
                    return Single(XlTokenKind.Assign, start);
                case (byte)';':
                    return Single(XlTokenKind.Semicolon, start);
                case (byte)'"':
                case (byte)'\'':
                {
                    if (TryScanString(start, c, out XlToken str))
                    {
                        return str;
                    }

                    if (LexicalError(start, python: false, out XlToken newline))
                    {
                        return newline;
                    }

                    continue;
                }

                case (byte)'+' when start + 1 < text.Length && text[start + 1] == (byte)'=':
                    _pos = start + 2;
                    return new XlToken(XlTokenKind.AppendAssign, start, 2, _line, start - _lineStart + 1, false);
                case (byte)'+':
                case (byte)'-':
                case (byte)'.':
                case (byte)'(':
                case (byte)')':
                case (byte)':':
                {
                    if (LexicalError(start, python: true, out XlToken newline))
                    {
                        return newline;
                    }

                    continue;
                }

                default:
                {
                    if (c is >= (byte)'a' and <= (byte)'z')
                    {
                        return Word(XlTokenKind.Ident, start, s_identTail);
                    }

                    if (c is >= (byte)'0' and <= (byte)'9')
                    {
                        return Word(XlTokenKind.Number, start, s_numberTail);
                    }

                    if (LexicalError(start, python: false, out XlToken newline))
                    {
                        return newline;
                    }

                    continue;
                }
            }
        }

        return new XlToken(XlTokenKind.End, _pos, 0, _line, _pos - _lineStart + 1, false);
    }

    private XlToken Single(XlTokenKind kind, int start)
    {
        _pos = start + 1;
        return new XlToken(kind, start, 1, _line, start - _lineStart + 1, false);
    }

    private XlToken Word(XlTokenKind kind, int start, SearchValues<byte> tail)
    {
        int rest = _text[(start + 1)..].IndexOfAnyExcept(tail);
        int length = rest < 0 ? _text.Length - start : rest + 1;
        _pos = start + length;
        return new XlToken(kind, start, length, _line, start - _lineStart + 1, false);
    }

    private XlToken NewlineToken(int start, int length)
    {
        var token = new XlToken(XlTokenKind.Newline, start, length, _line, start - _lineStart + 1, false);
        _pos = start + length;
        _line++;
        _lineStart = _pos;
        return token;
    }

    /// <summary>flex: <c>'([^'\\\n]|\\.)*'</c> and the same with double quotes. A backslash
    /// escapes any byte except a newline; a raw newline or the end of input means no match.</summary>
    private bool TryScanString(int start, byte quote, out XlToken token)
    {
        ReadOnlySpan<byte> text = _text;
        int i = start + 1;
        bool escapes = false;
        while (true)
        {
            int hit = text[i..].IndexOfAny(quote, (byte)'\\', (byte)'\n');
            if (hit < 0)
            {
                token = default;
                return false;
            }

            i += hit;
            byte b = text[i];
            if (b == quote)
            {
                break;
            }

            if (b == (byte)'\n' || i + 1 >= text.Length || text[i + 1] == (byte)'\n')
            {
                token = default;
                return false;
            }

            escapes = true;
            i += 2;
        }

        int length = i + 1 - start;
        token = new XlToken(XlTokenKind.String, start, length, _line, start - _lineStart + 1, escapes);
        _pos = start + length;

        ReadOnlySpan<byte> inner = text.Slice(start + 1, length - 2);
        if (inner.Contains((byte)0))
        {
            _diagnostics.Error(DiagnosticCodes.NulInString,
                "NUL byte inside a quoted string: libxlutil measures the string with strlen and fails an assertion (xl aborts)",
                Location(token.Line, token.Column));
        }

        if (escapes)
        {
            // xlu__cfgl_dequote runs as the token is read; it reports through xlu__cfgl_lexicalerror.
            bool dequoted = !XlFailed;
            if (XlStringEscapes.Check(inner, _source, token.Line, token.Column + 1, reportRejection: dequoted, _diagnostics) && dequoted)
            {
                XlFailed = true;
                NoteLexicalError(token.Line);
            }
        }

        return true;
    }

    /// <summary>The catch-all rules: the offending character starts flex's <c>lexerr</c> state,
    /// which then matches <c>[^ \t\n]*</c> or one blank or a newline, and reports it. At the very end
    /// of input the state matches nothing, so xl reports nothing (the character is dropped).</summary>
    /// <returns>True when the error ended with a newline, which is still a NEWLINE token.</returns>
    private bool LexicalError(int start, bool python, out XlToken newline)
    {
        ReadOnlySpan<byte> text = _text;
        int column = start - _lineStart + 1;
        if (python && PythonHint is null)
        {
            PythonHint = Location(_line, column);
        }

        newline = default;
        int end = start + 1;
        if (end >= text.Length)
        {
            _pos = end;
            DroppedLastCharacter = start;
            _diagnostics.Warning(DiagnosticCodes.IgnoredTrailingCharacter,
                $"xl silently ignores `{XlSnippet.Render(text.Slice(start, 1))}' as the last character of the file (no newline follows it)",
                Location(_line, column));
            return false;
        }

        bool endsWithNewline = false;
        byte next = text[end];
        if (next is (byte)' ' or (byte)'\t')
        {
            _pos = end + 1;
        }
        else if (next == (byte)'\n')
        {
            endsWithNewline = true;
            _pos = end;
        }
        else
        {
            int rest = text[end..].IndexOfAny(s_wordEnd);
            end = rest < 0 ? text.Length : end + rest;
            _pos = end;
        }

        // flex has already counted the newline that ends the error, so xl's line is the next one
        // (and the error text, which ends in that newline, is printed one line earlier again).
        int xlLine = endsWithNewline ? _line + 1 : _line;
        if (XlPrintsErrorAt(xlLine))
        {
            ReportLexicalError(text[start..end], endsWithNewline, Location(_line, column));
            XlFailed = true;
        }

        NoteLexicalError(xlLine);

        if (endsWithNewline)
        {
            newline = NewlineToken(_pos, 1) with { AfterLexicalError = true };
            return true;
        }

        return false;
    }

    private readonly void ReportLexicalError(ReadOnlySpan<byte> near, bool beforeNewline, SourceLocation at)
    {
        string shown = XlSnippet.Render(near);
        byte first = near[0];
        string code;
        string why;
        if (near.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) && at.Line == 1 && at.Column == 1)
        {
            code = DiagnosticCodes.LexicalError;
            why = "the file starts with a UTF-8 byte order mark, which xl does not skip; save it without BOM";
        }
        else if (first == (byte)'\r' && near.Length == 1 && beforeNewline)
        {
            code = DiagnosticCodes.CarriageReturn;
            why = "carriage return before the newline (CRLF line ending); xl accepts only LF line endings";
        }
        else if (first is >= (byte)'A' and <= (byte)'Z')
        {
            code = DiagnosticCodes.UppercaseIdentifier;
            why = "names must be lowercase ([a-z][._0-9a-z]*) and string values must be quoted";
        }
        else if (first is (byte)'"' or (byte)'\'')
        {
            code = DiagnosticCodes.UnterminatedString;
            why = "string not terminated on this line (strings cannot span lines)";
        }
        else if (first == (byte)'#')
        {
            code = DiagnosticCodes.CommentWithoutNewline;
            why = "a comment on the last line must end with a newline";
        }
        else
        {
            code = DiagnosticCodes.LexicalError;
            why = first switch
            {
                (byte)'+' or (byte)'-' => "numbers have no sign and xl has no arithmetic",
                (byte)'.' => "numbers are integers; a fraction or a name starting with '.' is not allowed",
                (byte)'(' or (byte)')' or (byte)':' => "Python syntax is not supported",
                (byte)'_' => "names must start with a lowercase letter",
                >= 0x80 => $"unexpected byte 0x{first:X2}; non-ASCII text must be inside quotes",
                < 0x20 or 0x7f => $"unexpected control character 0x{first:X2}",
                _ => $"unexpected character `{(char)first}'",
            };
        }

        _diagnostics.Error(code, $"lexical error near `{shown}': {why}", at);
    }
}
