namespace Vifmap.Config;

/// <summary>The stable VM1xx codes of xl.cfg findings (docs/diagnostics/VM1xx.md). Errors are
/// exactly what libxlutil rejects; warnings are what it accepts but probably not as meant.
/// A retired code is never reused.</summary>
public static class ConfigDiagnosticCodes
{
    /// <summary>Syntax error: a token the grammar does not allow here (bison's message).</summary>
    public const string SyntaxError = "VM100";

    /// <summary>Lexical error: a character no token can start with.</summary>
    public const string LexicalError = "VM101";

    /// <summary>A carriage return before a newline (CRLF file): a lexical error on every such line.</summary>
    public const string CarriageReturn = "VM102";

    /// <summary>An upper-case letter starts a word: names are <c>[a-z][._0-9a-z]*</c>.</summary>
    public const string UppercaseIdentifier = "VM103";

    /// <summary>A quote with no closing quote on the same line.</summary>
    public const string UnterminatedString = "VM104";

    /// <summary>A comment on the last line without a newline after it.</summary>
    public const string CommentWithoutNewline = "VM105";

    /// <summary><c>\xHH</c> in a quoted string: libxlutil always rejects it (off-by-one bug).</summary>
    public const string HexEscape = "VM106";

    /// <summary><c>\NNN</c> in a quoted string: accepted, and the character silently dropped.</summary>
    public const string OctalEscapeDropped = "VM107";

    /// <summary><c>\N</c> not followed by two more decimal digits: rejected.</summary>
    public const string InvalidOctalEscape = "VM108";

    /// <summary>A backslash followed by a character xl does not know (an error since 4.7).</summary>
    public const string UnknownEscape = "VM109";

    /// <summary>The file looks like Python (xm syntax): xl's own three-line warning.</summary>
    public const string LooksLikePython = "VM110";

    /// <summary><c>+=</c> of a list to a string or of a string to a list.</summary>
    public const string AppendTypeMismatch = "VM111";

    /// <summary>A stray last character with no newline after it, which xl silently ignores.</summary>
    public const string IgnoredTrailingCharacter = "VM112";

    /// <summary>A NUL byte inside a quoted string: libxlutil hits an assertion (or misreads the string).</summary>
    public const string NulInString = "VM113";

    /// <summary><c>+=</c> with a number: the texts are concatenated (1024 += 5 is "10245").</summary>
    public const string AppendToNumber = "VM114";

    /// <summary>Lists nested so deep that libxlutil's parser stack (10000 entries) runs out.</summary>
    public const string NestingTooDeep = "VM115";

    /// <summary>Reader: a list was found where xl reads a single value.</summary>
    public const string ListWhereSingleValueExpected = "VM120";

    /// <summary>Reader: a single value was found where xl reads a list (xl then ignores the key).</summary>
    public const string SingleValueWhereListExpected = "VM121";

    /// <summary>Reader: xl refuses to read a number from a setting written with <c>+=</c>.</summary>
    public const string AppendedNumber = "VM122";

    /// <summary>Reader: the value is not a number as C's <c>strtol(s, &amp;end, 0)</c> reads it.</summary>
    public const string NotANumber = "VM123";

    /// <summary>Reader: the number does not fit in a 64-bit long, or lies outside the key's bounds.</summary>
    public const string NumberOutOfRange = "VM124";

    /// <summary>Reader: a leading zero makes xl read the number as octal (<c>010</c> is 8).</summary>
    public const string OctalNumber = "VM125";

    /// <summary>Reader: a nested list inside a list of strings; xl stops reading the list there.</summary>
    public const string NestedListItem = "VM126";

    /// <summary>Guest type: <c>type=</c> or <c>builder=</c> has a value xl refuses ("Invalid domain type").</summary>
    public const string InvalidGuestType = "VM130";

    /// <summary>Guest type: <c>type=</c> and <c>builder=</c> disagree ("Contradicting ... options").</summary>
    public const string ContradictingGuestType = "VM131";

    /// <summary>Guest type: an abbreviated or empty value xl accepts by prefix (<c>type=""</c> is HVM).</summary>
    public const string AbbreviatedGuestType = "VM132";

    /// <summary>Guest type: <c>builder=</c> is deprecated since Xen 4.10 in favour of <c>type=</c>.</summary>
    public const string DeprecatedBuilder = "VM133";
}
