namespace Vifmap.Vif;

/// <summary>A parsed <c>rate=</c>: what libxl stores and writes to xenstore as
/// <c>"&lt;bytes_per_interval&gt;,&lt;interval_usecs&gt;"</c> (reference §2.5).</summary>
public readonly record struct VifRate(ulong BytesPerInterval, uint IntervalMicroseconds);
