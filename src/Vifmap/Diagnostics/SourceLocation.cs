namespace Vifmap.Diagnostics;

/// <summary>A point in a source text: 1-based line and column (columns count bytes of the line,
/// as compilers and xl's own line numbers do). <see cref="None"/> is for findings with no text.</summary>
public readonly record struct SourceLocation(string Source, int Line, int Column)
{
    public static SourceLocation None { get; } = new(string.Empty, 0, 0);

    public bool IsNone => Line == 0;

    public override string ToString() => IsNone ? Source : $"{Source}:{Line}:{Column}";
}
