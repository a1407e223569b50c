namespace Vifmap.Config;

/// <summary>One token: where its bytes are and where it starts (1-based line, byte column).
/// No text is materialised here; the parser asks for a string only when it keeps a value.</summary>
internal readonly record struct XlToken(XlTokenKind Kind, int Start, int Length, int Line, int Column, bool HasEscapes)
{
    public int End => Start + Length;

    /// <summary>A NEWLINE that flex's lexical-error state returned: its location is the next line
    /// (GOT sets it after yylineno has counted the newline; libxlu_cfg_l.l).</summary>
    public bool AfterLexicalError { get; init; }

    /// <summary>bison's <c>first_line</c> for this token, the line xl's error gate compares.</summary>
    public int XlLine => AfterLexicalError ? Line + 1 : Line;
}
