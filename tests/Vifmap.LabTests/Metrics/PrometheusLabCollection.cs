namespace Vifmap.LabTests.Metrics;

/// <summary>The Prometheus lab tests run one after another: each starts one or two demo hosts (namespaces,
/// dozens of interfaces) and Prometheus servers, and on a shared 2-core machine several at once made
/// the namespace set-up itself time out.</summary>
[CollectionDefinition(Name)]
public sealed class PrometheusLabCollection
{
    public const string Name = "Prometheus lab";
}
