using System.Text;
using Vifmap.Config;
using Vifmap.Diagnostics;

namespace Vifmap.LabTests.Config;

/// <summary>Runs one input through Vifmap and libxlutil and says where they differ: accept/reject,
/// the line of the first error (as xl prints it), and each name's value, get_long and get_list result.</summary>
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
            int? xlLine = xl.FirstErrorLine;
            int ourLine = XlReportedLine(doc.Diagnostics.First(d => d.Severity == Severity.Error));
            return xlLine == ourLine
                ? null
                : $"first error line: libxlutil {xlLine}, vifmap {ourLine}\nxl: {xl.Report}\nvifmap: {string.Join("\n", doc.Diagnostics)}";
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
