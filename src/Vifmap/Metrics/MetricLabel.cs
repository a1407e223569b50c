namespace Vifmap.Metrics;

/// <summary>One label of a sample. The name is ours (a constant); the value may be anything a guest
/// wrote into xenstore, and the writer escapes it.</summary>
public readonly record struct MetricLabel(string Name, string Value);
