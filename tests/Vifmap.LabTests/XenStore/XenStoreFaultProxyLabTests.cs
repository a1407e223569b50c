using Vifmap.LabTests.Host;
using Vifmap.LabTests.Lab;
using Vifmap.XenStore;

namespace Vifmap.LabTests.XenStore;

/// <summary>Issue 9, fault injection: the real lab xenstored behind a <see cref="FaultProxy"/> that
/// delays, cuts, closes, invents or pages for ever. Each case must end with a typed
/// <see cref="XenStoreException"/> (or the caller's cancellation) well inside <see cref="s_noHang"/>;
/// a hang fails the test instead of blocking the run. No timing is asserted.</summary>
public sealed class XenStoreFaultProxyLabTests
{
    private static readonly TimeSpan s_noHang = TimeSpan.FromSeconds(60);

    private static async Task<(XenstoredLab Daemon, FaultProxy Proxy, XenStoreConnection Client)> StartAsync(XenStoreFault fault, TimeSpan requestTimeout, bool inline)
    {
        XenstoredLab daemon = await XenstoredLab.StartAsync();
        await daemon.WriteAsync("/local/domain/5/name", "web");
        FaultProxy proxy = FaultProxy.Start(daemon.SocketPath, fault);
        XenStoreConnection client = await XenStoreConnection.OpenAsync(new XenStoreConnectionOptions
        {
            SocketPath = proxy.SocketPath,
            Timeout = requestTimeout,
            CompleteRepliesInline = inline,
        });
        return (daemon, proxy, client);
    }

    private static async Task StopAsync(XenstoredLab daemon, FaultProxy proxy, XenStoreConnection client)
    {
        await client.DisposeAsync();
        await proxy.DisposeAsync();
        await daemon.DisposeAsync();
    }

    [SkippableTheory]
    [InlineData(XenStoreFault.Stall, false)]
    [InlineData(XenStoreFault.Truncate, false)]
    [InlineData(XenStoreFault.Stall, true)]
    [InlineData(XenStoreFault.Truncate, true)]
    public async Task Reply_that_never_completes_ends_in_a_timeout_exception(XenStoreFault fault, bool inline)
    {
        (XenstoredLab daemon, FaultProxy proxy, XenStoreConnection client) = await StartAsync(fault, TimeSpan.FromSeconds(2), inline);
        try
        {
            XenStoreTimeoutException e = await Assert.ThrowsAsync<XenStoreTimeoutException>(
                () => client.ReadAsync("/local/domain/5/name").AsTask().WaitAsync(s_noHang));
            Assert.Contains("/local/domain/5/name", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(daemon, proxy, client);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stalled_daemon_ends_at_the_callers_deadline(bool inline)
    {
        (XenstoredLab daemon, FaultProxy proxy, XenStoreConnection client) = await StartAsync(XenStoreFault.Stall, TimeSpan.FromMinutes(10), inline);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => client.ReadAsync("/local/domain/5/name", deadline.Token).AsTask().WaitAsync(s_noHang));
        }
        finally
        {
            await StopAsync(daemon, proxy, client);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Connection_closed_mid_reply_is_a_typed_exception_for_this_and_later_calls(bool inline)
    {
        (XenstoredLab daemon, FaultProxy proxy, XenStoreConnection client) = await StartAsync(XenStoreFault.CloseMidReply, TimeSpan.FromSeconds(30), inline);
        try
        {
            XenStoreException first = await Assert.ThrowsAnyAsync<XenStoreException>(
                () => client.ReadAsync("/local/domain/5/name").AsTask().WaitAsync(s_noHang));
            Assert.IsNotType<XenStoreTimeoutException>(first); // the close is seen at once, not waited out
            await Assert.ThrowsAnyAsync<XenStoreException>(() => client.ReadAsync("/local/domain/5/name").AsTask().WaitAsync(s_noHang));
            Assert.True(client.IsBroken);
        }
        finally
        {
            await StopAsync(daemon, proxy, client);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Garbage_header_is_a_protocol_exception(bool inline)
    {
        (XenstoredLab daemon, FaultProxy proxy, XenStoreConnection client) = await StartAsync(XenStoreFault.Garbage, TimeSpan.FromSeconds(30), inline);
        try
        {
            await Assert.ThrowsAsync<XenStoreProtocolException>(
                () => client.ReadAsync("/local/domain/5/name").AsTask().WaitAsync(s_noHang));
        }
        finally
        {
            await StopAsync(daemon, proxy, client);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Endless_directory_parts_stop_at_a_bound_with_a_protocol_exception(bool inline)
    {
        (XenstoredLab daemon, FaultProxy proxy, XenStoreConnection client) = await StartAsync(XenStoreFault.EndlessDirectoryParts, TimeSpan.FromSeconds(30), inline);
        try
        {
            XenStoreProtocolException e = await Assert.ThrowsAsync<XenStoreProtocolException>(
                () => client.DirectoryAsync("/local/domain").AsTask().WaitAsync(s_noHang));
            Assert.Contains("without the end marker", e.Message, StringComparison.Ordinal);

            // 4 MiB of names in pages of 4,000 bytes: the client gave up after about a thousand pages.
            Assert.InRange(proxy.RepliesSent, 1000, 1200);
        }
        finally
        {
            await StopAsync(daemon, proxy, client);
        }
    }

    /// <summary>The whole process: <c>vifmap ls --timeout</c> against the proxy ends with exit 1 and
    /// one line on stderr naming the problem, whatever the fault; never a trace, never a hang.</summary>
    [SkippableTheory]
    [InlineData(XenStoreFault.Stall, "vifmap: gave up after 2 s (--timeout)")]
    // Truncated replies: the stall is seen as a timeout, or, when the watch's first event follows the
    // WATCH reply on the wire (ls reads under a watch), its bytes complete the cut reply into garbage.
    [InlineData(XenStoreFault.Truncate, "vifmap: ")]
    [InlineData(XenStoreFault.CloseMidReply, "vifmap: ")]
    [InlineData(XenStoreFault.Garbage, "vifmap: ")]
    [InlineData(XenStoreFault.EndlessDirectoryParts, "vifmap: ")]
    public async Task Ls_through_a_faulty_daemon_ends_with_one_line_and_exit_1(XenStoreFault fault, string stderrStart)
    {
        await using XenstoredLab daemon = await XenstoredLab.StartAsync();
        await daemon.WriteAsync("/local/domain/0/name", "Domain-0");
        await daemon.WriteAsync("/local/domain/5/name", "web");
        await using FaultProxy proxy = FaultProxy.Start(daemon.SocketPath, fault);
        var env = new Dictionary<string, string>(daemon.Env) { ["XENSTORED_PATH"] = proxy.SocketPath };

        LabProcessResult r = await LabProcess.RunAsync(LabHost.VifmapPath, ["ls", "--timeout", "2", "--sysfs-root", "/sys/class/net"], env)
            .WaitAsync(s_noHang);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(string.Empty, r.StdOut);
        Assert.StartsWith(stderrStart, r.StdErr, StringComparison.Ordinal);
        Assert.Single(r.StdErr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("Exception", r.StdErr, StringComparison.Ordinal);
    }
}
