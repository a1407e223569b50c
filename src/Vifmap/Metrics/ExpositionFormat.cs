namespace Vifmap.Metrics;

/// <summary>The two exposition formats a Prometheus server reads.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4: what promtool checks and every scraper accepts.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0: counters' families without <c>_total</c>, <c>info</c> families, <c>#&#160;EOF</c>.</summary>
    OpenMetrics,
}

/// <summary>Content types and the choice a scraper's <c>Accept</c> header makes.</summary>
public static class ExpositionFormats
{
    public const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";

    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    public static string ContentType(this ExpositionFormat format)
        => format == ExpositionFormat.OpenMetrics ? OpenMetricsContentType : PrometheusTextContentType;

    /// <summary>OpenMetrics 1.0.0 when the header offers <c>application/openmetrics-text</c> (without a
    /// version, or version 1.0.0) with a non-zero q at least as high as any text/plain it offers; else the
    /// text format. Prometheus 2.x sends <c>application/openmetrics-text;version=1.0.0,…;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1</c>.</summary>
    public static ExpositionFormat Negotiate(string? accept)
    {
        if (string.IsNullOrEmpty(accept))
        {
            return ExpositionFormat.PrometheusText;
        }

        double openMetrics = -1, text = -1;
        foreach (string range in accept.Split(','))
        {
            string[] parts = range.Split(';');
            string media = parts[0].Trim();
            double q = 1;
            string? version = null;
            for (int i = 1; i < parts.Length; i++)
            {
                string[] pair = parts[i].Split('=', 2);
                if (pair.Length != 2)
                {
                    continue;
                }

                string key = pair[0].Trim();
                string value = pair[1].Trim().Trim('"');
                if (key.Equals("q", StringComparison.OrdinalIgnoreCase))
                {
                    q = double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double parsed) ? parsed : 0;
                }
                else if (key.Equals("version", StringComparison.OrdinalIgnoreCase))
                {
                    version = value;
                }
            }

            if (media.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase)
                && (version is null || version == "1.0.0"))
            {
                openMetrics = Math.Max(openMetrics, q);
            }
            else if (media.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                text = Math.Max(text, q);
            }
        }

        return openMetrics > 0 && openMetrics >= text ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
    }
}
