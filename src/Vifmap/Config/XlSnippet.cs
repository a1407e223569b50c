using System.Text;

namespace Vifmap.Config;

/// <summary>Shows a piece of the input inside a message: control bytes escaped (a CR must not
/// move the cursor of the admin's terminal), long text shortened, blanks at the end trimmed as xl does.</summary>
internal static class XlSnippet
{
    private const int MaxBytes = 40;

    public static string Render(ReadOnlySpan<byte> bytes)
    {
        bool shortened = false;
        if (bytes.Length > MaxBytes)
        {
            bytes = bytes[..MaxBytes];
            shortened = true;
        }

        while (bytes.Length > 1 && bytes[^1] is (byte)' ' or (byte)'\t' or (byte)'\n')
        {
            bytes = bytes[..^1];
        }

        string text = Encoding.UTF8.GetString(bytes);
        var sb = new StringBuilder(text.Length + 8);
        foreach (char ch in text)
        {
            switch (ch)
            {
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (ch < ' ' || ch == '\x7f')
                    {
                        sb.Append("\\x").Append(((int)ch).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(ch);
                    }

                    break;
            }
        }

        if (shortened)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }
}
