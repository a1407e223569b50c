using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vifmap.Cli.Output;
using Vifmap.Diagnostics;
using Vifmap.Host;
using Vifmap.Host.Live;
using Vifmap.Metrics;
using Vifmap.XenStore;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap serve` on Kestrel, in the builds that carry it.</summary>
internal static partial class ServeCommand
{
    private static readonly byte[] s_index = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html>\n<html><head><title>vifmap</title></head><body>\n<h1>vifmap</h1>\n" +
        "<p>Per-NIC traffic of this Xen host's guests, keyed by guest name, uuid and devid.</p>\n" +
        "<p><a href=\"metrics\">Metrics</a></p>\n</body></html>\n");

    /// <summary>This build serves itself: nothing to hand over (see ServeCommand.Apart.cs).</summary>
    internal static string? HandOver(string[] args) => null;

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        string listen = parse.GetValue(s_listen) ?? DefaultListen;
        if (!IPEndPoint.TryParse(listen, out IPEndPoint? endpoint) || !listen.Contains(':', StringComparison.Ordinal) || endpoint.Port == 0 && !listen.EndsWith(":0", StringComparison.Ordinal))
        {
            throw CliException.Usage($"--listen {TerminalText.Escape(listen)}: not ADDRESS:PORT (e.g. 127.0.0.1:9478, [::1]:9478, 0.0.0.0:9478)");
        }

        // The live host is watched, not re-read per scrape: xenstore watches and netlink keep the facts
        // current and a scrape dumps only the counters. Files (dump, snapshot, demo) are read per scrape.
        LiveHostOptions? live = HostSourceOptions.Live(parse);
        await using LiveHostMonitor? monitor = live is null ? null : new LiveHostMonitor(
            new HostWatcherOptions
            {
                BackendDomid = live.BackendDomid,
                SysfsRoot = live.SysfsRoot,
                XenStore = new XenStoreConnectionOptions { Timeout = live.Timeout, ConsistentReadAttempts = 2 },
                Status = line => console.Error.WriteLine("vifmap: " + TerminalText.EscapeControls(line)),
            },
            live.Xen);
        var server = new ScrapeServer(monitor is null
            ? (format, token) => MetricsScrape.RunAsync(parse, console, format, token)
            : (format, token) => ScrapeLiveAsync(monitor, format, token), console);

        if (monitor is not null && live is not null)
        {
            monitor.Start();
            using var first = CancellationTokenSource.CreateLinkedTokenSource(ct);
            first.CancelAfter(live.Timeout);
            try
            {
                await monitor.WaitForFirstReadAsync(first.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Not read within --timeout: serve anyway; the scrape below says why (vifmap_up 0).
            }
        }

        // One scrape before listening: options that cannot go together stop here (exit 2), and a host that
        // cannot be read says so now rather than at the first scrape.
        await server.ScrapeAsync(ExpositionFormat.PrometheusText, ct).ConfigureAwait(false);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, SignalsHandledByProgram>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint);
        });
        await using WebApplication app = builder.Build();
        app.Run(server.HandleAsync);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new CliException($"cannot listen on {TerminalText.Escape(listen)}: {TerminalText.EscapeControls(e.Message)}");
        }

        try
        {
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://" + listen;
            await console.Out.WriteLineAsync($"vifmap: serving {address}/metrics").ConfigureAwait(false);
            await console.Out.FlushAsync(ct).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        finally
        {
            // Stop accepting, let a scrape in flight finish (briefly), then go: Program turns the signal into 130/143.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await app.StopAsync(grace.Token).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task<MetricsScrape> ScrapeLiveAsync(LiveHostMonitor monitor, ExpositionFormat format, CancellationToken ct)
    {
        long start = Stopwatch.GetTimestamp();
        HostMap? map = null;
        string? failure;
        try
        {
            (map, failure) = await monitor.MapAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            failure = $"cannot dump the interfaces (netlink): {e.Message}"; // escaped below, with the monitor's reasons
        }

        return MetricsScrape.Write(map, failure is null ? null : TerminalText.EscapeControls(failure), start, format);
    }

    /// <summary>The routes, and the one-at-a-time scrape with its stderr lines (each new reason or finding
    /// once, not once a second while it lasts).</summary>
    private sealed class ScrapeServer(Func<ExpositionFormat, CancellationToken, Task<MetricsScrape>> scrapeHost, CliConsole console)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private string? _lastReport;

        public async Task HandleAsync(HttpContext context)
        {
            HttpRequest request = context.Request;
            HttpResponse response = context.Response;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            {
                response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                response.Headers.Allow = "GET, HEAD";
                return;
            }

            ReadOnlyMemory<byte> body;
            switch (request.Path.Value)
            {
                case "/metrics":
                    ExpositionFormat format = ExpositionFormats.Negotiate(request.Headers.Accept.ToString());
                    MetricsScrape scrape;
                    try
                    {
                        scrape = await ScrapeAsync(format, context.RequestAborted).ConfigureAwait(false);
                    }
                    catch (CliException e)
                    {
                        response.StatusCode = StatusCodes.Status500InternalServerError;
                        await response.WriteAsync(e.Message + "\n", context.RequestAborted).ConfigureAwait(false);
                        return;
                    }

                    response.ContentType = format.ContentType();
                    body = scrape.Body.WrittenMemory;
                    break;
                case "/":
                    response.ContentType = "text/html; charset=utf-8";
                    body = s_index;
                    break;
                default:
                    response.StatusCode = StatusCodes.Status404NotFound;
                    return;
            }

            response.ContentLength = body.Length;
            if (HttpMethods.IsGet(request.Method))
            {
                await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            }
        }

        public async Task<MetricsScrape> ScrapeAsync(ExpositionFormat format, CancellationToken ct)
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                MetricsScrape scrape = await scrapeHost(format, ct).ConfigureAwait(false);
                var report = new StringBuilder();
                foreach (Diagnostic d in scrape.Diagnostics)
                {
                    report.AppendLine(DiagnosticWriter.FormatHostLine(d));
                }

                if (scrape.Failure is not null)
                {
                    report.Append("vifmap: ").AppendLine(scrape.Failure);
                }

                string text = report.ToString();
                if (!string.Equals(text, _lastReport, StringComparison.Ordinal))
                {
                    _lastReport = text;
                    await console.Error.WriteAsync(text).ConfigureAwait(false);
                    await console.Error.FlushAsync(ct).ConfigureAwait(false);
                }

                return scrape;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Program already turns SIGINT/SIGTERM into cancellation and the exit code; the host's own
    /// console lifetime would handle them a second time and print status lines.</summary>
    private sealed class SignalsHandledByProgram : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
