using System.Buffers;
using System.Text;

namespace Vifmap.Config;

/// <summary>Parses xl.cfg files the way libxlutil (Xen 4.13–4.22) does: same tokens, grammar,
/// escapes and <c>+=</c> semantics, the same errors as xl prints (bison's recovery included),
/// and warnings for what xl accepts silently but surprisingly. Never throws on bad input.</summary>
/// <remarks>Positions: 1-based line, and 1-based column counted in bytes of the UTF-8 line.
/// The text is not normalised: a byte order mark or CRLF line endings are reported, as xl rejects them.</remarks>
public static class XlConfigParser
{
    private const int StackLimit = 4096;

    /// <param name="source">The name shown in diagnostics (the file path, or "-").</param>
    /// <param name="utf8">The file's bytes, exactly as xl would read them.</param>
    public static XlConfigDocument Parse(string source, ReadOnlySpan<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new XlConfigSyntaxParser(source, utf8).Parse();
    }

    /// <param name="source">The name shown in diagnostics (the file path, or "-").</param>
    /// <param name="text">The file's text; it is parsed as its UTF-8 encoding.</param>
    public static XlConfigDocument Parse(string source, string text)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(text);
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int length = Encoding.UTF8.GetBytes(text, buffer);
            return Parse(source, buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
