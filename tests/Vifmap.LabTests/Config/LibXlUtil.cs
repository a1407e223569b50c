using System.Runtime.InteropServices;
using System.Text;

namespace Vifmap.LabTests.Config;

/// <summary>The real xl.cfg parser, libxlutil.so.4.17 (Debian libxenmisc4.17), through P/Invoke:
/// parse bytes with xlu_cfg_readdata and read values with the public getters. The report stream
/// is a real FILE* from libc's open_memstream (real-xen-lab.md, libxlutil section).</summary>
internal static partial class LibXlUtil
{
    private const string Lib = "libxlutil.so.4.17";
    private const string LibC = "libc.so.6";

    public const int Esrch = 3;
    public const int Einval = 22;
    public const int Erange = 34;

    private static readonly Lazy<string?> s_loadError = new(TryLoad);

    /// <summary>Null when the library loads; otherwise why not.</summary>
    public static string? LoadError => s_loadError.Value;

    private static string? TryLoad()
    {
        try
        {
            if (!NativeLibrary.TryLoad(Lib, out IntPtr handle))
            {
                return $"{Lib} cannot be loaded (apt-get install libxenmisc4.17 / libxen-dev)";
            }

            NativeLibrary.Free(handle);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return e.Message;
        }
    }

    /// <summary>Parses <paramref name="data"/> and reads the given names; everything copied out
    /// before the XLU_Config is destroyed.</summary>
    public static unsafe XlUtilResult Parse(ReadOnlySpan<byte> data, IEnumerable<string> names)
    {
        IntPtr buffer = IntPtr.Zero;
        nuint size = 0;
        IntPtr report = open_memstream(&buffer, &size);
        if (report == IntPtr.Zero)
        {
            throw new InvalidOperationException("open_memstream failed");
        }

        IntPtr cfg = xlu_cfg_init(report, "t.cfg");
        if (cfg == IntPtr.Zero)
        {
            throw new InvalidOperationException("xlu_cfg_init failed");
        }

        var values = new Dictionary<string, XlUtilValue>(StringComparer.Ordinal);
        int rc;
        try
        {
            fixed (byte* p = data)
            {
                rc = xlu_cfg_readdata(cfg, p, data.Length);
            }

            if (rc == 0)
            {
                foreach (string name in names)
                {
                    if (!values.ContainsKey(name))
                    {
                        values[name] = Read(cfg, name);
                    }
                }
            }
        }
        finally
        {
            xlu_cfg_destroy(cfg);
            _ = fclose(report);
        }

        string text = buffer == IntPtr.Zero ? string.Empty : Marshal.PtrToStringUTF8(buffer, checked((int)size));
        free(buffer);
        return new XlUtilResult(rc, text, values);
    }

    private static unsafe XlUtilValue Read(IntPtr cfg, string name)
    {
        IntPtr str;
        int rs = xlu_cfg_get_string(cfg, name, &str, 1);
        long l;
        int rl = xlu_cfg_get_long(cfg, name, &l, 1);
        IntPtr list;
        int count;
        int rlist = xlu_cfg_get_list(cfg, name, &list, &count, 1);
        string? shape = rs == 0 ? "s:" + Utf8(str) : rlist == 0 ? RenderList(cfg, list) : null;
        return new XlUtilValue(shape, rl, rl == 0 ? l : 0, rlist);
    }

    private static unsafe string RenderList(IntPtr cfg, IntPtr list)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; ; i++)
        {
            IntPtr item = xlu_cfg_get_listitem2(list, i);
            if (item == IntPtr.Zero)
            {
                break;
            }

            if (i > 0)
            {
                sb.Append(',');
            }

            if (xlu_cfg_value_type(item) == 0)
            {
                IntPtr s;
                _ = xlu_cfg_value_get_string(cfg, item, &s, 1);
                sb.Append("s:").Append(Utf8(s).Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal));
            }
            else
            {
                IntPtr inner;
                _ = xlu_cfg_value_get_list(cfg, item, &inner, 1);
                sb.Append(RenderList(cfg, inner));
            }
        }

        return sb.Append(']').ToString();
    }

    private static string Utf8(IntPtr p) => Marshal.PtrToStringUTF8(p) ?? string.Empty;

    [LibraryImport(LibC)]
    private static unsafe partial IntPtr open_memstream(IntPtr* ptr, nuint* sizeloc);

    [LibraryImport(LibC)]
    private static partial int fclose(IntPtr stream);

    [LibraryImport(LibC)]
    private static partial void free(IntPtr p);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr xlu_cfg_init(IntPtr report, string reportFilename);

    [LibraryImport(Lib)]
    private static unsafe partial int xlu_cfg_readdata(IntPtr cfg, byte* data, int length);

    [LibraryImport(Lib)]
    private static partial void xlu_cfg_destroy(IntPtr cfg);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int xlu_cfg_get_string(IntPtr cfg, string n, IntPtr* value, int dontWarn);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int xlu_cfg_get_long(IntPtr cfg, string n, long* value, int dontWarn);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int xlu_cfg_get_list(IntPtr cfg, string n, IntPtr* list, int* entries, int dontWarn);

    [LibraryImport(Lib)]
    private static partial IntPtr xlu_cfg_get_listitem2(IntPtr list, int entry);

    [LibraryImport(Lib)]
    private static partial int xlu_cfg_value_type(IntPtr value);

    [LibraryImport(Lib)]
    private static unsafe partial int xlu_cfg_value_get_string(IntPtr cfg, IntPtr value, IntPtr* valueR, int dontWarn);

    [LibraryImport(Lib)]
    private static unsafe partial int xlu_cfg_value_get_list(IntPtr cfg, IntPtr value, IntPtr* valueR, int dontWarn);
}

/// <summary>What libxlutil said: the return code (0 or an errno), the report text, and per name
/// the value (<c>s:text</c> or a rendered list, null when unset) and what get_long/get_list returned.</summary>
internal sealed record XlUtilResult(int ReturnCode, string Report, IReadOnlyDictionary<string, XlUtilValue> Values)
{
    /// <summary>Every "config parsing error" line of the report, in order.</summary>
    public IReadOnlyList<XlErrorLine> ErrorLines
    {
        get
        {
            var lines = new List<XlErrorLine>();
            foreach (string line in Report.Split('\n'))
            {
                if (XlErrorLine.TryParse(line) is { } error)
                {
                    lines.Add(error);
                }
            }

            return lines;
        }
    }
}

/// <summary>One error as xlu__cfg_yyerror prints it: <c>t.cfg:LINE: config parsing error near NEAR: MESSAGE</c>.
/// NEAR is <c>`text'</c> (blanks and newline trimmed; control characters shown as Vifmap's
/// snippets show them, so that the two compare), <c>&lt;newline&gt;</c>, or <c>`'</c> at the end of input.</summary>
internal sealed record XlErrorLine(int Line, string Near, string Message)
{
    private const string Prefix = "t.cfg:";
    private const string Marker = ": config parsing error near ";

    public static XlErrorLine? TryParse(string line)
    {
        int marker = line.IndexOf(Marker, StringComparison.Ordinal);
        if (!line.StartsWith(Prefix, StringComparison.Ordinal) || marker < 0
            || !int.TryParse(line.AsSpan(Prefix.Length, marker - Prefix.Length), System.Globalization.CultureInfo.InvariantCulture, out int number))
        {
            return null;
        }

        string rest = line[(marker + Marker.Length)..];
        foreach (string message in (string[])["lexical error", "memory exhausted", "can't add [list] to \"string\" or vice versa", "syntax error, ", "invalid digit after backslash ", "invalid character after backlash "])
        {
            int at = rest.LastIndexOf(": " + message, StringComparison.Ordinal);
            if (at >= 0)
            {
                string near = rest[..at];
                if (near.Length >= 2 && near[0] == '`' && near[^1] == '\'')
                {
                    near = "`" + Vifmap.Config.XlSnippet.Render(System.Text.Encoding.UTF8.GetBytes(near[1..^1])) + "'";
                }

                return new XlErrorLine(number, near, rest[(at + 2)..]);
            }
        }

        return new XlErrorLine(number, string.Empty, rest);
    }

    public override string ToString() => $"{Line}: near {Near}: {Message}";
}

internal sealed record XlUtilValue(string? Shape, int LongStatus, long Long, int ListStatus);
