namespace Vifmap.Config;

/// <summary>The tokens of libxlutil's lexer (libxlu_cfg_l.l); a comment is part of its NEWLINE.</summary>
internal enum XlTokenKind : byte
{
    End,
    Ident,
    Number,
    String,
    Comma,
    OpenBracket,
    CloseBracket,
    Assign,
    AppendAssign,
    Semicolon,
    Newline,
}
