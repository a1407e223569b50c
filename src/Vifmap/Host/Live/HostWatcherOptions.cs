using Vifmap.XenStore;

namespace Vifmap.Host.Live;

/// <summary>What <see cref="HostWatcher"/> watches and how patiently.</summary>
public sealed record HostWatcherOptions
{
    /// <summary>The connection; by default a re-read that conflicts (EAGAIN) is tried twice, then read
    /// outside a transaction: under a storm of writes a later trigger reads it again anyway.</summary>
    public XenStoreConnectionOptions XenStore { get; init; } = new() { ConsistentReadAttempts = 2 };

    /// <summary>The domain whose backends are mapped (0 = dom0).</summary>
    public int BackendDomid { get; init; }

    /// <summary>A network namespace file to watch instead of this process's (tests).</summary>
    public string? NetworkNamespace { get; init; }

    public string SysfsRoot { get; init; } = SysfsLinkSource.DefaultRoot;

    /// <summary>After a trigger, wait until nothing new has come for this long, so that the burst of
    /// writes one toolstack step makes is read once, not node by node.</summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromMilliseconds(4);

    /// <summary>The longest a change waits before it is read, however busy the host.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>At most this many changed domains are re-read in one transaction (the C xenstored's cost
    /// per transaction grows with the square of the nodes it reads).</summary>
    public int DomainsPerTransaction { get; init; } = HostFactsReader.DomainsPerTransaction;

    /// <summary>Longest wait between reconnection attempts (the first waits 100 ms, then doubling).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>One line for a person each time the connection is lost, retried or back (no console
    /// in the library: the CLI prints them on stderr).</summary>
    public Action<string>? Status { get; init; }
}
