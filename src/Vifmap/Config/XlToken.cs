namespace Vifmap.Config;

/// <summary>One token: where its bytes are and where it starts (1-based line, byte column).
/// No text is materialised here; the parser asks for a string only when it keeps a value.</summary>
internal readonly record struct XlToken(XlTokenKind Kind, int Start, int Length, int Line, int Column, bool HasEscapes)
{
    public int End => Start + Length;
}
