using System.Buffers;
using System.Text;
using Vifmap.Metrics;

namespace Vifmap.Tests.Metrics;

/// <summary>The exposition writer against the format definitions (Prometheus text format 0.0.4 and
/// OpenMetrics 1.0.0); every expected text is written from those documents.</summary>
public sealed class ExpositionWriterTests
{
    private static string Write(ExpositionFormat format, Action<ExpositionWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new ExpositionWriter(buffer, format);
        write(writer);
        writer.Finish();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Text_format_names_a_counter_family_by_its_total_sample()
    {
        string text = Write(ExpositionFormat.PrometheusText, w =>
        {
            w.BeginFamily("x_bytes", MetricType.Counter, "Bytes.");
            w.Sample([new("a", "1")], 42L);
        });

        Assert.Equal("# HELP x_bytes_total Bytes.\n# TYPE x_bytes_total counter\nx_bytes_total{a=\"1\"} 42\n", text);
    }

    [Fact]
    public void OpenMetrics_names_the_family_without_total_types_info_and_ends_with_eof()
    {
        string text = Write(ExpositionFormat.OpenMetrics, w =>
        {
            w.BeginFamily("x_bytes", MetricType.Counter, "Say \"bytes\".");
            w.Sample([], 7L);
            w.BeginFamily("x_build", MetricType.Info, "Build.");
            w.Sample([new("version", "1")], 1L);
        });

        Assert.Equal(
            "# HELP x_bytes Say \\\"bytes\\\".\n# TYPE x_bytes counter\nx_bytes_total 7\n" +
            "# HELP x_build Build.\n# TYPE x_build info\nx_build_info{version=\"1\"} 1\n# EOF\n",
            text);
    }

    [Fact]
    public void Text_format_writes_info_as_a_gauge_named_info()
    {
        string text = Write(ExpositionFormat.PrometheusText, w =>
        {
            w.BeginFamily("x_build", MetricType.Info, "Build.");
            w.Sample([], 1L);
        });

        Assert.Equal("# HELP x_build_info Build.\n# TYPE x_build_info gauge\nx_build_info 1\n", text);
    }

    [Theory]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("two\nlines", "two\\nlines")]
    [InlineData("nul\0here", "nul\uFFFDhere")]
    [InlineData("\u00e9t\u00e9 \u65e5\u672c", "\u00e9t\u00e9 \u65e5\u672c")]
    [InlineData("", "")]
    public void Label_values_are_escaped_as_the_formats_define(string value, string written)
    {
        string text = Write(ExpositionFormat.PrometheusText, w =>
        {
            w.BeginFamily("m", MetricType.Gauge, "h");
            w.Sample([new("domain", value)], 1L);
        });

        Assert.EndsWith($"m{{domain=\"{written}\"}} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_from_text_that_was_not_utf8_leaves_as_the_replacement_character()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new ExpositionWriter(buffer, ExpositionFormat.PrometheusText);
        writer.BeginFamily("m", MetricType.Gauge, "h");
        writer.Sample([new("domain", "a\uD800b")], 1L);

        byte[] expected = [.. "m{domain=\"a"u8, 0xEF, 0xBF, 0xBD, .. "b\"} 1\n"u8];
        Assert.Equal(expected, buffer.WrittenSpan[^expected.Length..].ToArray());
    }

    [Fact]
    public void Help_text_escapes_backslash_and_newline()
    {
        string text = Write(ExpositionFormat.PrometheusText, w => w.BeginFamily("m", MetricType.Gauge, "a\\b\nc"));

        Assert.StartsWith("# HELP m a\\\\b\\nc\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_sample_with_the_same_labels_is_dropped_and_counted()
    {
        ExpositionWriter? writer = null;
        string text = Write(ExpositionFormat.PrometheusText, w =>
        {
            writer = w;
            w.BeginFamily("m", MetricType.Gauge, "h");
            Assert.True(w.Sample([new("a", "x"), new("b", "")], 1L));
            Assert.False(w.Sample([new("a", "x"), new("b", "")], 2L));
            Assert.True(w.Sample([new("a", "x"), new("b", "y")], 3L));

            // Values that would only collide if the key were built carelessly ("x\0" + "" against "x" + "\0").
            Assert.True(w.Sample([new("a", "x\0"), new("b", "")], 4L));
            w.BeginFamily("n", MetricType.Gauge, "h");
            Assert.True(w.Sample([new("a", "x"), new("b", "")], 5L));
        });

        Assert.Equal(1, writer!.DuplicatesDropped);
        Assert.Empty(ExpositionSeries.Duplicates(text));
        Assert.DoesNotContain("} 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Doubles_use_the_invariant_shortest_form_and_prometheus_spellings()
    {
        string text = Write(ExpositionFormat.PrometheusText, w =>
        {
            w.BeginFamily("m", MetricType.Gauge, "h");
            w.Sample([new("v", "a")], 0.25);
            w.Sample([new("v", "b")], double.PositiveInfinity);
            w.Sample([new("v", "c")], double.NaN);
        });

        Assert.Contains("m{v=\"a\"} 0.25\nm{v=\"b\"} +Inf\nm{v=\"c\"} NaN\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version=0.0.1", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text;version=1.0.0;q=0", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain", ExpositionFormat.PrometheusText)]
    [InlineData("*/*", ExpositionFormat.PrometheusText)]
    [InlineData("", ExpositionFormat.PrometheusText)]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    public void Accept_header_chooses_openmetrics_only_when_asked(string? accept, ExpositionFormat expected)
        => Assert.Equal(expected, ExpositionFormats.Negotiate(accept));
}
