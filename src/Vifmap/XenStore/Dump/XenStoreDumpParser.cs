using System.Buffers;
using System.Text;
using Vifmap.Diagnostics;

namespace Vifmap.XenStore.Dump;

/// <summary>Reads the text of <c>xenstore-ls -f</c> (Xen 4.17 <c>do_ls</c>, reference §4.6 and §7
/// item 23): one node per line as <c>/full/path = "escaped value"</c>, optionally followed by
/// <c>-p</c>'s permissions <c>  (n0,r5)</c>; an unreadable node as <c>/full/path:</c> and an empty
/// line. Never throws on bad input: each line it cannot use is skipped with a diagnostic.</summary>
internal static class XenStoreDumpParser
{
    private const int MaxReportedLines = 100;
    private static ReadOnlySpan<byte> Separator => " = \""u8;
    private static ReadOnlySpan<byte> TruncationMarker => "\\..."u8;

    /// <summary>Reads the dump twice, in a buffer of its own: first for the widths at which lines were
    /// surely cut, then node by node. A stream that cannot seek back is copied first.</summary>
    public static XenStoreTree Parse(Stream text, string source, DiagnosticBag diagnostics)
    {
        if (!text.CanSeek)
        {
            var copy = new MemoryStream();
            text.CopyTo(copy);
            copy.Position = 0;
            text = copy;
        }

        long origin = text.Position;
        HashSet<int> cutWidths = FindCutWidths(new StreamLines(text));
        text.Position = origin;

        var builder = new XenStoreTreeBuilder();
        var lines = new StreamLines(text);
        int lineNumber = 0;
        int reported = 0;
        while (lines.TryRead(out ReadOnlySpan<byte> line))
        {
            lineNumber++;
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1]; // a dump copied through a CRLF tool; xenstore-ls escapes real \r
            }

            if (line.IsEmpty)
            {
                continue; // the blank line after an unreadable node, or padding
            }

            ParseLine(line, new SourceLocation(source, lineNumber, 1), cutWidths, builder, diagnostics, ref reported);
        }

        return builder.Build();
    }

    private static void ParseLine(ReadOnlySpan<byte> line, SourceLocation location, HashSet<int> cutWidths, XenStoreTreeBuilder builder, DiagnosticBag diagnostics, ref int reported)
    {
        int separator = line.IndexOf(Separator);
        if (line[0] != (byte)'/')
        {
            Unrecognised(line, location, diagnostics, ref reported);
            return;
        }

        if (separator < 0)
        {
            if (line[^1] == (byte)':')
            {
                AddNode(line[..^1], XenStoreNodeState.Unreadable, default, hasValue: false, location, builder, diagnostics, ref reported);
                return;
            }

            Unrecognised(line, location, diagnostics, ref reported);
            return;
        }

        ReadOnlySpan<byte> rest = line[(separator + Separator.Length)..];
        int closingQuote = FindClosingQuote(rest);
        if (closingQuote < 0)
        {
            Unrecognised(line, location, diagnostics, ref reported);
            return;
        }

        ReadOnlySpan<byte> escaped = rest[..closingQuote];
        bool truncated = false;
        if (escaped.EndsWith(TruncationMarker))
        {
            // "%.*s\\..." cuts the escaped text at a fixed width anywhere, even right after the
            // backslash that starts an escape. An odd run of backslashes before "..." is complete
            // escapes plus the marker's own: surely cut. An even run is either a cut that left a
            // lone backslash or a real value ending in a backslash and "..."; it counts as cut only
            // when another, certain cut in the same dump had the same width.
            int run = BackslashRunBeforeMarker(escaped);
            int width = escaped.Length - TruncationMarker.Length;
            truncated = run % 2 == 1 || cutWidths.Contains(width);
            if (truncated)
            {
                escaped = escaped[..(width - (run % 2 == 0 ? 1 : 0))];
            }
        }

        // Most values have no escape at all: they go to the tree straight from the line.
        int problem = -1;
        ReadOnlySpan<byte> value = escaped.IndexOf((byte)'\\') < 0 ? escaped : XenStoreValueEscaping.Unescape(escaped, truncated, out problem);
        int column = separator + Separator.Length + 1;
        if (!AddNode(line[..separator], truncated ? XenStoreNodeState.TruncatedValue : XenStoreNodeState.Value, value, hasValue: true, location, builder, diagnostics, ref reported))
        {
            return;
        }

        if (!truncated && problem < 0)
        {
            return;
        }

        string path = Encoding.ASCII.GetString(line[..separator]);
        if (truncated)
        {
            diagnostics.Warning(
                DiagnosticCodes.TruncatedValue,
                $"the value of {path} was cut by xenstore-ls (it ends in \\...): only its first {value.Length} bytes are known; make the dump without a terminal (xenstore-ls -f > file)",
                location with { Column = column });
        }

        if (problem >= 0)
        {
            diagnostics.Warning(
                DiagnosticCodes.UnexpectedEscape,
                $"the value of {path} has an escape xenstore-ls does not print; decoded as xenstore-write would",
                location with { Column = column + problem });
        }
    }

    /// <summary>Widths at which this dump's lines were surely cut (see <see cref="ParseLine"/>):
    /// xenstore-ls -f cuts every long value at the same width, its terminal's columns minus 10.</summary>
    private static HashSet<int> FindCutWidths(StreamLines lines)
    {
        var widths = new HashSet<int>();
        while (lines.TryRead(out ReadOnlySpan<byte> read))
        {
            ReadOnlySpan<byte> line = read.TrimEnd((byte)'\r');
            int separator = line.IndexOf(Separator);
            if (separator < 0)
            {
                continue;
            }

            ReadOnlySpan<byte> rest = line[(separator + Separator.Length)..];
            int closingQuote = FindClosingQuote(rest);
            if (closingQuote >= 0 && rest[..closingQuote].EndsWith(TruncationMarker) && BackslashRunBeforeMarker(rest[..closingQuote]) % 2 == 1)
            {
                widths.Add(closingQuote - TruncationMarker.Length);
            }
        }

        return widths;
    }

    private static int BackslashRunBeforeMarker(ReadOnlySpan<byte> escaped)
    {
        int run = 0;
        for (int i = escaped.Length - TruncationMarker.Length; i >= 0 && escaped[i] == (byte)'\\'; i--)
        {
            run++;
        }

        return run;
    }

    /// <summary>The value's closing quote: the last one on the line, unless <c>-p</c> output follows
    /// it (<c>"</c>, optional ". . ." padding, two spaces and a parenthesised permission list).
    /// Values may contain unescaped quotes, so the last quote that leaves a valid tail wins.</summary>
    private static int FindClosingQuote(ReadOnlySpan<byte> rest)
    {
        int quote = rest.LastIndexOf((byte)'"');
        if (quote < 0)
        {
            return -1;
        }

        if (quote == rest.Length - 1)
        {
            return quote;
        }

        ReadOnlySpan<byte> tail = rest[(quote + 1)..];
        int open = tail.IndexOf("  ("u8);
        bool padding = open >= 0 && tail[..open].IndexOfAnyExcept(" ."u8) < 0;
        bool permissions = open >= 0 && tail[^1] == (byte)')' && tail[(open + 3)..^1].IndexOfAny("()\""u8) < 0;
        return padding && permissions ? quote : -1;
    }

    private static bool AddNode(ReadOnlySpan<byte> pathBytes, XenStoreNodeState state, ReadOnlySpan<byte> value, bool hasValue, SourceLocation location, XenStoreTreeBuilder builder, DiagnosticBag diagnostics, ref int reported)
    {
        // Node names are ASCII letters, digits and "-/_@" (Xen 4.17 is_valid_nodename); anything
        // printable is accepted so dumps of other daemons still load, but never control bytes.
        // Checked printable ASCII, the path widens to UTF-16 byte for byte; no string per line.
        char[]? rented = null;
        Span<char> path = pathBytes.Length <= 256 ? stackalloc char[pathBytes.Length] : (rented = ArrayPool<char>.Shared.Rent(pathBytes.Length)).AsSpan(0, pathBytes.Length);
        try
        {
            if (pathBytes.IndexOfAnyExceptInRange((byte)'!', (byte)'~') >= 0
                || Ascii.ToUtf16(pathBytes, path, out _) != OperationStatus.Done
                || !XenStoreTreeBuilder.IsValidPath(path))
            {
                if (Count(ref reported, diagnostics, location))
                {
                    diagnostics.Warning(DiagnosticCodes.InvalidPath, $"'{Printable(pathBytes)}' is not an absolute xenstore path; line skipped", location);
                }

                return false;
            }

            if (!builder.AddValid(path, state, value, hasValue))
            {
                diagnostics.Warning(DiagnosticCodes.DuplicatePath, $"{path} appears more than once; the first line is kept", location);
                return false;
            }

            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static void Unrecognised(ReadOnlySpan<byte> line, SourceLocation location, DiagnosticBag diagnostics, ref int reported)
    {
        if (Count(ref reported, diagnostics, location))
        {
            string hint = line[0] == (byte)'/' ? string.Empty : " (xenstore-ls -f lines start with the full path; was -f left out?)";
            diagnostics.Warning(
                DiagnosticCodes.UnrecognisedLine,
                $"not a xenstore-ls -f line, skipped: '{Printable(line[..Math.Min(line.Length, 80)])}'{hint}",
                location);
        }
    }

    private static bool Count(ref int reported, DiagnosticBag diagnostics, SourceLocation location)
    {
        reported++;
        if (reported == MaxReportedLines + 1)
        {
            diagnostics.Warning(DiagnosticCodes.TooManyProblems, $"more than {MaxReportedLines} unusable lines; the rest are skipped without a report", location);
        }

        return reported <= MaxReportedLines;
    }

    /// <summary>The line as it may appear in a message: control and non-ASCII bytes escaped the way
    /// xenstore-ls escapes them, so a hostile dump cannot put terminal escapes in our output.</summary>
    private static string Printable(ReadOnlySpan<byte> bytes) => XenStoreValueEscaping.Escape(bytes);
}
