namespace Vifmap.XenStore;

/// <summary>How to reach xenstored and how long to wait for it.</summary>
public sealed record XenStoreConnectionOptions
{
    /// <summary>An explicit socket path (the CLI's <c>--socket</c>); when null the endpoints are
    /// found as the Xen clients find them (<see cref="XenStoreEndpoints"/>).</summary>
    public string? SocketPath { get; init; }

    /// <summary>Longest wait for any single reply, counted from when the request was queued (and
    /// for connecting). Checked every quarter of it; when a reply is overdue the connection is
    /// broken and every pending call fails with <see cref="XenStoreTimeoutException"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times <see cref="XenStoreConnection.ReadConsistentAsync{T}"/> runs its body
    /// when the daemon reports EAGAIN (a concurrent write changed a node the body read).</summary>
    public int ConsistentReadAttempts { get; init; } = 5;

    /// <summary>Watch events kept while nobody reads them (guests can cause events on paths they own,
    /// so the queue is bounded); beyond this new events are dropped and counted in
    /// <see cref="XenStoreConnection.WatchEventsLost"/>, the signal to read everything again.</summary>
    public int WatchEventCapacity { get; init; } = 4096;

    /// <summary>Run each reply's continuation on the thread that reads replies, instead of handing it to the
    /// thread pool. For one-shot readers whose continuations only send more requests (a whole-host read
    /// sends ~46,000 of them: the hand-offs were a sixth of the client's CPU, issue 15). Not for
    /// long-lived watchers: a continuation that computes for long, or blocks, stalls every reply and
    /// every watch event behind it. On a Unix socket the replies are then also read by a thread of the
    /// connection's own, blocked in the socket's receive, not through the socket engine's epoll thread
    /// and a pool thread (issue 15: a sixth less CPU and an eighth less time for a 1,000-guest host).</summary>
    public bool CompleteRepliesInline { get; init; }

    /// <summary>Environment lookup, replaceable so tests can resolve endpoints without touching
    /// the process environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
