using System.Buffers;
using System.Globalization;
using System.Text;

namespace Vifmap.Host;

/// <summary>A kernel interface name as text. Linux names are bytes (any but NUL, '/', ':' and
/// whitespace: <c>dev_valid_name</c>), and <c>ip -j link</c> prints them as they are, so a name
/// need not be UTF-8. Such a name is kept, not dropped or replaced by U+FFFD (two names would then
/// collide): each byte that is not part of a UTF-8 sequence becomes <c>\xHH</c> and a backslash
/// <c>\\</c>, so distinct kernel names stay distinct and a terminal shows no raw bytes.</summary>
public static class InterfaceNameText
{
    /// <summary>The name's text; <paramref name="escaped"/> is true when the bytes were not UTF-8 and
    /// the text is the escaped form (callers flag it with a diagnostic).</summary>
    public static string FromBytes(ReadOnlySpan<byte> name, out bool escaped)
    {
        if (System.Text.Unicode.Utf8.IsValid(name))
        {
            escaped = false;
            return Encoding.UTF8.GetString(name);
        }

        escaped = true;
        var text = new StringBuilder(name.Length + 8);
        while (!name.IsEmpty)
        {
            OperationStatus status = Rune.DecodeFromUtf8(name, out Rune rune, out int consumed);
            if (status == OperationStatus.Done)
            {
                if (rune.Value == '\\')
                {
                    text.Append(@"\\");
                }
                else
                {
                    text.Append(rune.ToString());
                }
            }
            else
            {
                consumed = 1; // one stray byte at a time: the next may start a valid sequence
                text.Append(CultureInfo.InvariantCulture, $"\\x{name[0]:x2}");
            }

            name = name[consumed..];
        }

        return text.ToString();
    }
}
