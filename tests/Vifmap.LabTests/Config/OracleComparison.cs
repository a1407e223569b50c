using System.Text;
using Vifmap.Config;
using Vifmap.Diagnostics;

namespace Vifmap.LabTests.Config;

/// <summary>Runs one input through Vifmap and libxlutil and says where they differ: accept/reject,
/// every error line xl prints (line, text near, message; same order, same count), and each
/// name's value, get_long and get_list result.</summary>
internal static class OracleComparison
{
    public static string? Compare(byte[] data, IEnumerable<string> extraNames, out bool accepted)
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", data);
        var names = new HashSet<string>(extraNames, StringComparer.Ordinal);
        foreach (ConfigSetting s in doc.Statements)
        {
            names.Add(s.Name);
        }

        XlUtilResult xl = LibXlUtil.Parse(data, names);
        accepted = xl.ReturnCode == 0;
        bool ours = !doc.HasSyntaxErrors;
        if (ours != accepted)
        {
            return $"accept: libxlutil rc={xl.ReturnCode}, vifmap accepted={ours}\nxl: {xl.Report}\nvifmap: {string.Join("\n", doc.Diagnostics)}";
        }

        if (!accepted)
        {
            IReadOnlyList<XlErrorLine> theirs = xl.ErrorLines;
            List<XlErrorLine> ourLines = [.. doc.Diagnostics.Select(AsXlErrorLine).OfType<XlErrorLine>()];
            return SameErrors(theirs, ourLines)
                ? null
                : $"error lines differ\nxl:     {string.Join("\n        ", theirs)}\nvifmap: {string.Join("\n        ", ourLines)}\nxl report: {xl.Report}\nvifmap: {string.Join("\n", doc.Diagnostics)}";
        }

        var reader = new XlConfigReader(doc);
        foreach (string name in names)
        {
            XlUtilValue theirs = xl.Values[name];
            string? shape = doc.Get(name)?.Value is { } v ? Render(v) : null;
            XlReadStatus longStatus = reader.GetLong(name, out long l, dontWarn: true);
            XlReadStatus listStatus = reader.GetList(name, out _, dontWarn: true);
            if (shape != theirs.Shape || Errno(longStatus) != theirs.LongStatus || (longStatus == XlReadStatus.Ok && l != theirs.Long)
                || Errno(listStatus) != theirs.ListStatus)
            {
                return $"value of `{name}': libxlutil {theirs}, vifmap shape={shape} long={longStatus}/{l} list={listStatus}";
            }
        }

        return null;
    }

    /// <summary>The line libxlutil prints for a finding that stands for one of its errors, or null
    /// for Vifmap's own findings (warnings, escape checks).</summary>
    public static XlErrorLine? AsXlErrorLine(Diagnostic d)
    {
        if (d.Severity != Severity.Error)
        {
            return null;
        }

        string m = d.Message;
        switch (d.Code)
        {
            case DiagnosticCodes.LexicalError or DiagnosticCodes.CarriageReturn or DiagnosticCodes.UppercaseIdentifier
                or DiagnosticCodes.UnterminatedString or DiagnosticCodes.CommentWithoutNewline:
            {
                // "lexical error near `X': why"
                const string Prefix = "lexical error near ";
                int end = m.IndexOf("': ", StringComparison.Ordinal);
                return new XlErrorLine(XlReportedLine(d), m[Prefix.Length..(end + 1)], "lexical error");
            }

            case DiagnosticCodes.SyntaxError or DiagnosticCodes.AppendTypeMismatch or DiagnosticCodes.NestingTooDeep:
            {
                // "near X: message[; hint][ (note)]"
                string rest = m["near ".Length..];
                int colon = rest.StartsWith('`') ? EndOfQuotedNear(rest) : rest.IndexOf(": ", StringComparison.Ordinal);
                string near = rest[..colon] == "end of file" ? "`'" : rest[..colon];
                string message = rest[(colon + 2)..];
                int hint = message.IndexOf("; ", StringComparison.Ordinal);
                message = hint >= 0 ? message[..hint] : message;
                int note = message.IndexOf(" (", StringComparison.Ordinal);
                return new XlErrorLine(XlReportedLine(d), near, note >= 0 && d.Code == DiagnosticCodes.NestingTooDeep ? message[..note] : message);
            }

            case DiagnosticCodes.HexEscape or DiagnosticCodes.InvalidOctalEscape or DiagnosticCodes.UnknownEscape:
            {
                // xl's message is quoted in ours: `\x41' is always rejected by libxlutil ("...")
                int open = m.IndexOf("(\"", StringComparison.Ordinal) + 2;
                return new XlErrorLine(d.Location.Line, NearUnknown, m[open..m.IndexOf('"', open)]);
            }

            default:
                return null;
        }
    }

    /// <summary>Where the quoted text near ends in "near `X': message": before the first "': " that a
    /// message of ours follows. Not simply the first "': ": the text can hold one (the token <c>': x'</c>,
    /// found by the generator).</summary>
    private static int EndOfQuotedNear(string rest)
    {
        int end = -1;
        foreach (string start in (string[])["syntax error", "memory exhausted", "can't add"])
        {
            int at = rest.IndexOf("': " + start, 1, StringComparison.Ordinal);
            if (at >= 0 && (end < 0 || at < end))
            {
                end = at;
            }
        }

        return end + 1;
    }

    /// <summary>Our escape findings point at the escape, not at the whole string xl shows.</summary>
    public const string NearUnknown = "?";

    /// <summary>Same line, message and (where ours names it) text near.</summary>
    public static bool SameErrors(IReadOnlyList<XlErrorLine> theirs, IReadOnlyList<XlErrorLine> ours)
        => theirs.Count == ours.Count && theirs.Zip(ours).All(p => p.First.Line == p.Second.Line && p.First.Message == p.Second.Message
            && SameNear(p.First.Near, p.Second.Near));

    /// <summary>Ours may be shortened (XlSnippet keeps 40 bytes and adds an ellipsis).</summary>
    private static bool SameNear(string theirs, string ours)
        => ours == NearUnknown || theirs == ours
            || (ours.EndsWith("…'", StringComparison.Ordinal) && theirs.StartsWith(ours[..^2], StringComparison.Ordinal));

    /// <summary>The line xl prints for this error: the same, except for a syntax error at a newline,
    /// which libxlutil's yyerror reports one line early (the message says so).</summary>
    public static int XlReportedLine(Diagnostic d)
    {
        const string Marker = "xl reports this at line ";
        int at = d.Message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return d.Location.Line;
        }

        ReadOnlySpan<char> rest = d.Message.AsSpan(at + Marker.Length);
        int end = 0;
        while (end < rest.Length && char.IsAsciiDigit(rest[end]))
        {
            end++;
        }

        return int.Parse(rest[..end], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Errno(XlReadStatus status) => status switch
    {
        XlReadStatus.Ok => 0,
        XlReadStatus.NotFound => LibXlUtil.Esrch,
        XlReadStatus.OutOfRange => LibXlUtil.Erange,
        _ => LibXlUtil.Einval,
    };

    private static string Render(ConfigValue value) => value switch
    {
        ConfigString s => "s:" + s.Value,
        ConfigNumber n => "s:" + n.Text,
        ConfigList list => RenderList(list),
        _ => "?",
    };

    private static string RenderList(ConfigList list)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < list.Items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(list.Items[i] switch
            {
                ConfigList inner => RenderList(inner),
                ConfigString s => "s:" + Escape(s.Value),
                ConfigNumber n => "s:" + Escape(n.Text),
                _ => "?",
            });
        }

        return sb.Append(']').ToString();
    }

    private static string Escape(string s)
        => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
}
