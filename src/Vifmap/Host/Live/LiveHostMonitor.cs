using System.Globalization;
using Vifmap.Host.Netlink;
using Vifmap.Naming;
using Vifmap.XenStore;

namespace Vifmap.Host.Live;

/// <summary>The live host for a long-running exporter: a <see cref="HostWatcher"/> keeps the facts
/// current from xenstore watches and rtnetlink in the background, and each <see cref="MapAsync"/> reads
/// only the interfaces' counters (one RTM_GETLINK dump) and resolves them against those facts. A scrape
/// of a 1,000-guest host then costs one netlink exchange, not tens of thousands of xenstore reads.
/// While the daemon is away (not yet reached, restarting) the watcher retries with backoff and
/// <see cref="MapAsync"/> says why there is no map instead of serving stale facts.</summary>
public sealed class LiveHostMonitor : IAsyncDisposable
{
    private readonly HostWatcher _watcher;
    private readonly NetlinkLinkSource _counters;
    private readonly (XenVersion Version, string From)? _xen;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _maxBackoff;
    private readonly Action<string>? _status;
    private Task? _loop;
    private volatile string? _unavailable = "the host has not been read yet";

    /// <param name="options">What to watch; its <see cref="HostWatcherOptions.Status"/> receives the
    /// watcher's lines (connection lost, retried, back) and this monitor's.</param>
    /// <param name="xen">The host's Xen release, stamped on every map.</param>
    public LiveHostMonitor(HostWatcherOptions options, (XenVersion Version, string From)? xen = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _watcher = new HostWatcher(options);
        _counters = new NetlinkLinkSource(options.NetworkNamespace, options.SysfsRoot);
        _xen = xen;
        _maxBackoff = options.MaxBackoff;
        _status = options.Status;
    }

    /// <summary>Starts watching in the background.</summary>
    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Waits (at most until <paramref name="cancellationToken"/>) for the first full read.</summary>
    public Task WaitForFirstReadAsync(CancellationToken cancellationToken) => _watcher.FirstRead.WaitAsync(cancellationToken);

    /// <summary>The map now: current facts, fresh counters. Map null, with Unavailable
    /// saying why, while the daemon is not connected or before the first read.</summary>
    /// <exception cref="IOException">The interfaces cannot be dumped (netlink refused).</exception>
    public async Task<(HostMap? Map, string? Unavailable)> MapAsync(CancellationToken cancellationToken)
    {
        if (!_watcher.IsConnected || !_watcher.FirstRead.IsCompleted)
        {
            return (null, _unavailable ?? "reconnecting to xenstore");
        }

        IReadOnlyList<NetLink> links = await _counters.ReadLinksAsync(cancellationToken).ConfigureAwait(false);
        return _watcher.ResolveWith(links) is HostMap map ? (map with { Xen = _xen }, null) : (null, _unavailable);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (HostEvent _ in _watcher.WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    // The events are the watch command's business; here only the facts behind them count.
                    _unavailable = null;
                    delay = TimeSpan.FromMilliseconds(100);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is XenStoreException or IOException)
            {
                // The daemon was not there at the start (the watcher reconnects by itself after that),
                // or netlink refused: say so on every scrape, try again later.
                _unavailable = e is XenStoreException ? $"xenstore: {HostWatcher.FirstLine(e.Message)}" : $"netlink: {HostWatcher.FirstLine(e.Message)}";
                _status?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{_unavailable}; next try in {delay.TotalSeconds:0.0} s"));
            }

            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _maxBackoff.Ticks));
        }
    }


    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _counters.Dispose();
        _stop.Dispose();
    }
}
