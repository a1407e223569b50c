using System.Buffers;
using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using Vifmap.Diagnostics;
using Vifmap.Host;
using Vifmap.Metrics;

namespace Vifmap.Cli.Output;

/// <summary>One scrape, shared by `vifmap metrics` and `vifmap serve`: read the host the options name, write
/// the exposition into a buffer. A host that cannot be read is not a failed scrape: the exposition then
/// says <c>vifmap_up 0</c> and <see cref="Failure"/> says why (for stderr).</summary>
internal sealed class MetricsScrape
{
    private MetricsScrape(ArrayBufferWriter<byte> body, string? failure, IReadOnlyList<Diagnostic> diagnostics, int duplicatesDropped)
    {
        Body = body;
        Failure = failure;
        Diagnostics = diagnostics;
        DuplicatesDropped = duplicatesDropped;
    }

    public static string Version { get; } =
        typeof(MetricsScrape).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public ArrayBufferWriter<byte> Body { get; }

    /// <summary>Why the host could not be read (one line, escaped), or null.</summary>
    public string? Failure { get; }

    /// <summary>The map's findings (VM4xx), for stderr.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public int DuplicatesDropped { get; }

    /// <summary>Reads the host and writes the exposition. Usage errors (options that cannot go together)
    /// still throw: they are the admin's to fix, not a host that is down. Cancellation by
    /// <paramref name="cancellationToken"/> throws too.</summary>
    public static async Task<MetricsScrape> RunAsync(ParseResult parse, CliConsole console, ExpositionFormat format, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        HostMap? map = null;
        string? failure = null;
        try
        {
            await HostSourceOptions.RunAsync(parse, console, cancellationToken, async (source, deadline) =>
            {
                map = await source.BuildMapAsync([], deadline).ConfigureAwait(false);
                return ExitCodes.Success;
            }).ConfigureAwait(false);
        }
        catch (CliException e) when (!e.IsUsage)
        {
            failure = e.Message;
        }
        catch (Exception e) when (e is not CliException && !cancellationToken.IsCancellationRequested && Program.Describe(e) is string message)
        {
            failure = message;
        }

        return Write(map, failure, start, format);
    }

    /// <summary>The exposition of a map already made (or of none, with <paramref name="failure"/>);
    /// <paramref name="start"/> is the scrape's <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public static MetricsScrape Write(HostMap? map, string? failure, long start, ExpositionFormat format)
    {
        var body = new ArrayBufferWriter<byte>(map is null ? 1024 : 64 * 1024);
        var writer = new ExpositionWriter(body, format);
        HostMetrics.Write(writer, map, new ScrapeOutcome(start, Version));
        return new MetricsScrape(body, failure, map?.Diagnostics ?? [], writer.DuplicatesDropped);
    }
}
