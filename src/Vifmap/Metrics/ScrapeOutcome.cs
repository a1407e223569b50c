namespace Vifmap.Metrics;

/// <summary>What a scrape knows besides the map.</summary>
/// <param name="StartTimestamp">When the scrape began (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>):
/// <c>vifmap_scrape_duration_seconds</c> runs to the moment it is written, the last family.</param>
/// <param name="Version">The program's version, for <c>vifmap_build_info</c>.</param>
public sealed record ScrapeOutcome(long StartTimestamp, string Version);
