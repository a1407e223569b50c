namespace Vifmap.Metrics;

/// <summary>What a metric family is. <see cref="Info"/> is OpenMetrics' info type (a constant 1 whose
/// labels are the data); in the text format 0.0.4 it is written as a gauge named <c>…_info</c>.</summary>
public enum MetricType
{
    Gauge,
    Counter,
    Info,
}
