using System.Buffers;
using System.Globalization;
using System.Text;

namespace Vifmap.Metrics;

/// <summary>Writes a Prometheus exposition (text 0.0.4 or OpenMetrics 1.0.0) straight into a buffer, one
/// family after another. It escapes every label value (guests choose their names: quotes, backslashes,
/// newlines; text that was not UTF-8 arrives here with U+FFFD and leaves as valid UTF-8), and it never
/// writes two samples with one label set into a family: a repeat is dropped and counted
/// (<see cref="DuplicatesDropped"/>), because Prometheus rejects the whole scrape for one duplicate and
/// promtool does not catch them.</summary>
public sealed class ExpositionWriter
{
    private static readonly Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly IBufferWriter<byte> _output;
    private readonly HashSet<string> _labelSets = new(StringComparer.Ordinal);
    private readonly StringBuilder _key = new();
    private string _sampleName = string.Empty;
    private bool _finished;

    public ExpositionWriter(IBufferWriter<byte> output, ExpositionFormat format)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        Format = format;
    }

    public ExpositionFormat Format { get; }

    /// <summary>Samples not written because their family already had one with the same labels.</summary>
    public int DuplicatesDropped { get; private set; }

    /// <summary>Starts a family. <paramref name="name"/> is the family's base name: a counter's without
    /// <c>_total</c>, an info family's without <c>_info</c> (the writer adds the suffix each format wants).</summary>
    public void BeginFamily(string name, MetricType type, string help)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(help);
        ObjectDisposedException.ThrowIf(_finished, this);
        _labelSets.Clear();
        _sampleName = type switch
        {
            MetricType.Counter => name + "_total",
            MetricType.Info => name + "_info",
            _ => name,
        };

        // OpenMetrics names the family (foo for foo_total, foo for foo_info); the text format names the sample.
        bool openMetrics = Format == ExpositionFormat.OpenMetrics;
        string familyName = openMetrics ? name : _sampleName;
        string typeName = type switch
        {
            MetricType.Counter => "counter",
            MetricType.Info => openMetrics ? "info" : "gauge",
            _ => "gauge",
        };
        WriteAscii("# HELP ");
        WriteAscii(familyName);
        WriteByte((byte)' ');
        WriteEscaped(help, escapeQuote: openMetrics);
        WriteAscii("\n# TYPE ");
        WriteAscii(familyName);
        WriteByte((byte)' ');
        WriteAscii(typeName);
        WriteByte((byte)'\n');
    }

    public bool Sample(ReadOnlySpan<MetricLabel> labels, long value)
    {
        if (!BeginSample(labels))
        {
            return false;
        }

        Span<byte> digits = _output.GetSpan(24);
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        _output.Advance(written);
        WriteByte((byte)'\n');
        return true;
    }

    public bool Sample(ReadOnlySpan<MetricLabel> labels, double value)
    {
        if (!BeginSample(labels))
        {
            return false;
        }

        if (double.IsNaN(value))
        {
            WriteAscii("NaN");
        }
        else if (double.IsInfinity(value))
        {
            WriteAscii(value > 0 ? "+Inf" : "-Inf");
        }
        else
        {
            Span<byte> digits = _output.GetSpan(32);
            value.TryFormat(digits, out int written, "R", CultureInfo.InvariantCulture);
            _output.Advance(written);
        }

        WriteByte((byte)'\n');
        return true;
    }

    /// <summary>Ends the exposition: OpenMetrics requires <c>#&#160;EOF</c> as its last line.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        if (Format == ExpositionFormat.OpenMetrics)
        {
            WriteAscii("# EOF\n");
        }

        _finished = true;
    }

    private bool BeginSample(ReadOnlySpan<MetricLabel> labels)
    {
        if (_sampleName.Length == 0 || _finished)
        {
            throw new InvalidOperationException("BeginFamily first, and not after Finish");
        }

        _key.Clear();
        foreach (MetricLabel label in labels)
        {
            // NUL cannot be in a written value (it becomes U+FFFD), so it separates unambiguously.
            _key.Append(label.Name).Append('\0').Append(label.Value.Replace('\0', '\uFFFD')).Append('\0');
        }

        if (!_labelSets.Add(_key.ToString()))
        {
            DuplicatesDropped++;
            return false;
        }

        WriteAscii(_sampleName);
        if (labels.Length > 0)
        {
            WriteByte((byte)'{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    WriteByte((byte)',');
                }

                WriteAscii(labels[i].Name);
                WriteAscii("=\"");
                WriteEscaped(labels[i].Value, escapeQuote: true);
                WriteByte((byte)'"');
            }

            WriteByte((byte)'}');
        }

        WriteByte((byte)' ');
        return true;
    }

    /// <summary>Backslash, newline and (in label values, and in OpenMetrics HELP) the double quote are
    /// escaped as both formats define; NUL, which Prometheus' lexer reads as end of input, becomes U+FFFD.</summary>
    private void WriteEscaped(string text, bool escapeQuote)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? escape = c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '"' when escapeQuote => "\\\"",
                '\0' => "\uFFFD",
                _ => null,
            };
            if (escape is null)
            {
                continue;
            }

            WriteUtf8(text.AsSpan(start, i - start));
            WriteUtf8(escape);
            start = i + 1;
        }

        WriteUtf8(text.AsSpan(start));
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        // A lone surrogate (text that was not UTF-8 to begin with) is encoded as U+FFFD: the output stays UTF-8.
        Span<byte> span = _output.GetSpan(s_utf8.GetMaxByteCount(text.Length));
        _output.Advance(s_utf8.GetBytes(text, span));
    }

    private void WriteAscii(string text) => WriteUtf8(text);

    private void WriteByte(byte b)
    {
        _output.GetSpan(1)[0] = b;
        _output.Advance(1);
    }
}
