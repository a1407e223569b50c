using Vifmap.Diagnostics;

namespace Vifmap.Config.Xm;

/// <summary>The token kinds of Python 2's tokenizer that an xm config can contain.</summary>
internal enum PyTokenKind
{
    Name,
    Number,
    String,

    /// <summary>An operator or delimiter; <see cref="PyToken.Text"/> says which.</summary>
    Operator,

    /// <summary>The end of a logical line (never inside brackets, never after a backslash).</summary>
    Newline,
    Indent,
    Dedent,
    EndOfFile,
}

/// <summary>One token. <see cref="Text"/> is the name, the number as written or the operator; for a string it is
/// the decoded value (Python 2 <c>str</c> bytes read as UTF-8), with <see cref="IsUnicode"/> for <c>u'…'</c>.</summary>
internal readonly record struct PyToken(PyTokenKind Kind, string Text, SourceLocation Location, bool IsUnicode = false)
{
    public bool Is(string op) => Kind is PyTokenKind.Operator or PyTokenKind.Name && Text == op;

    public override string ToString() => Kind switch
    {
        PyTokenKind.Newline => "end of line",
        PyTokenKind.Indent => "indent",
        PyTokenKind.Dedent => "dedent",
        PyTokenKind.EndOfFile => "end of file",
        PyTokenKind.String => "string",
        _ => $"'{Text}'",
    };
}
