using System.Globalization;
using System.Text;

namespace Vifmap.Config.Xm;

/// <summary>Python 2's <c>str % args</c> (the "String Formatting Operations" of the Python 2 library reference): conversions
/// <c>d i u o x X e E f F g G c s r %</c> with flags, width and precision, positional or <c>%(key)s</c> arguments.</summary>
internal static class PyFormatting
{
    /// <summary>The formatted text; <paramref name="error"/> is Python's TypeError/ValueError message when the operation
    /// raises; null text and no error when an argument is unknown.</summary>
    public static string? Format(string format, PyValue args, out string? error)
    {
        error = null;
        IReadOnlyList<PyValue> positional = args is PyTuple t ? t.Items : [args];
        PyDict? mapping = args as PyDict;
        var result = new StringBuilder();
        int next = 0;
        bool unknown = false;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%')
            {
                result.Append(c);
                continue;
            }

            if (++i >= format.Length)
            {
                error = "ValueError: incomplete format";
                return null;
            }

            PyValue? value = null;
            if (format[i] == '(')
            {
                int close = format.IndexOf(')', i);
                if (close < 0)
                {
                    error = "ValueError: incomplete format key";
                    return null;
                }

                string key = format[(i + 1)..close];
                i = close + 1;
                if (mapping is null)
                {
                    error = "TypeError: format requires a mapping";
                    return null;
                }

                value = Lookup(mapping, key);
                if (value is null)
                {
                    error = $"KeyError: '{key}'";
                    return null;
                }
            }

            string flags = string.Empty;
            while (i < format.Length && format[i] is '-' or '+' or ' ' or '#' or '0')
            {
                flags += format[i++];
            }

            int width = ReadNumber(format, ref i);
            int precision = -1;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = Math.Max(0, ReadNumber(format, ref i));
            }

            while (i < format.Length && format[i] is 'h' or 'l' or 'L')
            {
                i++;
            }

            if (i >= format.Length)
            {
                error = "ValueError: incomplete format";
                return null;
            }

            char conversion = format[i];
            if (conversion == '%')
            {
                result.Append('%');
                continue;
            }

            if (value is null)
            {
                if (mapping is not null && positional.Count == 1 && args is not PyTuple)
                {
                    value = mapping; // "%s" % {…} formats the dict itself
                    next++;
                }
                else if (next >= positional.Count)
                {
                    error = "TypeError: not enough arguments for format string";
                    return null;
                }
                else
                {
                    value = positional[next++];
                }
            }

            if (value is PyUnknown)
            {
                unknown = true;
                continue;
            }

            string? text = Convert(conversion, flags, precision, value, out error);
            if (error is not null)
            {
                return null;
            }

            if (text is null)
            {
                unknown = true;
                continue;
            }

            result.Append(Pad(text, flags, width, conversion));
        }

        // Python skips this check when the right operand may be a mapping (anything subscriptable but a tuple or str:
        // a dict, and a list too), so '' % [] is ''.
        if (mapping is null && args is not PyList && next < positional.Count)
        {
            error = "TypeError: not all arguments converted during string formatting";
            return null;
        }

        return unknown ? null : result.ToString();
    }

    private static PyValue? Lookup(PyDict mapping, string key)
    {
        foreach ((PyValue k, PyValue v) in mapping.Entries)
        {
            if (k is PyStr s && s.Value == key)
            {
                return v;
            }
        }

        return null;
    }

    private static int ReadNumber(string format, ref int i)
    {
        int start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            i++;
        }

        return i == start ? -1 : int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture);
    }

    private static string? Convert(char conversion, string flags, int precision, PyValue value, out string? error)
    {
        error = null;
        switch (conversion)
        {
            case 's':
            {
                string? s = PyValues.Str(value);
                return s is null || precision < 0 || precision >= s.Length ? s : s[..precision];
            }

            case 'r':
                return PyValues.Repr(value);
            case 'd' or 'i' or 'u' or 'o' or 'x' or 'X':
            {
                long? n = value switch
                {
                    PyInt i => i.Value,
                    PyBool b => b.Value ? 1 : 0,
                    PyFloat f when conversion is 'd' or 'i' or 'u' && Math.Abs(f.Value) < 9e18 => (long)Math.Truncate(f.Value),
                    _ => null,
                };
                if (n is null)
                {
                    error = value is PyFloat
                        ? "TypeError: integer argument expected, got float"
                        : $"TypeError: %{conversion} format: a number is required, not {value.TypeName}";
                    return null;
                }

                long v = n.Value;
                string digits = conversion switch
                {
                    'o' => System.Convert.ToString(Math.Abs(v), 8),
                    'x' => Math.Abs(v).ToString("x", CultureInfo.InvariantCulture),
                    'X' => Math.Abs(v).ToString("X", CultureInfo.InvariantCulture),
                    _ => Math.Abs(v).ToString(CultureInfo.InvariantCulture),
                };
                if (precision > digits.Length)
                {
                    digits = digits.PadLeft(precision, '0');
                }

                if (flags.Contains('#', StringComparison.Ordinal))
                {
                    digits = conversion switch { 'o' => "0" + digits, 'x' => "0x" + digits, 'X' => "0X" + digits, _ => digits };
                }

                return Sign(v < 0, flags) + digits;
            }

            case 'e' or 'E' or 'f' or 'F' or 'g' or 'G':
            {
                if (PyValues.AsNumber(value) is not double d)
                {
                    error = $"TypeError: float argument required, not {value.TypeName}";
                    return null;
                }

                int p = precision < 0 ? 6 : precision;
                string body = char.ToLowerInvariant(conversion) switch
                {
                    'f' => Math.Abs(d).ToString("F" + p.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                    'e' => Exponent(Math.Abs(d), p),
                    _ => null!,
                };
                if (char.ToLowerInvariant(conversion) == 'g')
                {
                    return null; // %g's choice between forms is not worth copying: unknown
                }

                if (char.IsUpper(conversion))
                {
                    body = body.ToUpperInvariant();
                }

                return Sign(d < 0, flags) + body;
            }

            case 'c':
                if (value is PyStr { Value.Length: 1 } c)
                {
                    return c.Value;
                }

                if (value is PyInt { Value: >= 0 and < 256 } ci)
                {
                    return ((char)ci.Value).ToString();
                }

                error = "TypeError: %c requires int or char";
                return null;
            default:
                error = $"ValueError: unsupported format character '{conversion}' (0x{(int)conversion:x})";
                return null;
        }
    }

    private static string Exponent(double d, int precision)
    {
        string s = d.ToString("e" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        // .NET writes e+006; Python writes e+06.
        int e = s.IndexOf('e', StringComparison.Ordinal);
        string exponent = s[(e + 2)..].TrimStart('0').PadLeft(2, '0');
        return s[..(e + 2)] + exponent;
    }

    private static string Sign(bool negative, string flags)
        => negative ? "-" : flags.Contains('+', StringComparison.Ordinal) ? "+" : flags.Contains(' ', StringComparison.Ordinal) ? " " : string.Empty;

    private static string Pad(string text, string flags, int width, char conversion)
    {
        if (width <= text.Length)
        {
            return text;
        }

        if (flags.Contains('-', StringComparison.Ordinal))
        {
            return text.PadRight(width);
        }

        if (flags.Contains('0', StringComparison.Ordinal) && conversion is not ('s' or 'r' or 'c'))
        {
            int signLength = text.Length > 0 && text[0] is '-' or '+' or ' ' ? 1 : 0;
            return text[..signLength] + text[signLength..].PadLeft(width - signLength, '0');
        }

        return text.PadLeft(width);
    }
}
