using System.Globalization;
using System.Text;
using Vifmap.LabTests.Lab;
using Vifmap.XenStore;

namespace Vifmap.LabTests.XenStore;

/// <summary>A broken environment must end every call with a typed exception, never a hang. Each
/// wait is bounded by <see cref="s_noHang"/> so a regression fails instead of blocking the run.</summary>
public sealed class XenStoreFaultLabTests
{
    private static readonly TimeSpan s_noHang = TimeSpan.FromSeconds(60);

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Killed_daemon_leaves_a_stale_socket_that_is_reported_as_refusing(bool inline)
    {
        XenstoredLab xs = await XenstoredLab.StartAsync();
        await using (xs)
        {
            xs.Kill();
            // SIGKILL leaves the socket file behind: it exists but nobody listens.
            Assert.True(File.Exists(xs.SocketPath));
            XenStoreUnavailableException error = await Assert.ThrowsAsync<XenStoreUnavailableException>(() => XenStoreLabClient.ConnectAsync(xs, inline: inline));
            Assert.Equal([$"socket {xs.SocketPath}: connection refused (not a listening socket)"], error.Attempts);
            Assert.StartsWith($"Cannot reach xenstored: tried socket {xs.SocketPath}: connection refused", error.Message, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Xenstored_path_naming_a_regular_file_is_reported_and_nothing_else_is_tried()
    {
        LabRequirement.SkipUnlessLabAvailable();
        string directory = Directory.CreateTempSubdirectory("vifmap-xs-file-").FullName;
        try
        {
            string path = Path.Combine(directory, "socket");
            await File.WriteAllTextAsync(path, "not a socket");
            var options = new XenStoreConnectionOptions { GetEnvironmentVariable = name => name == "XENSTORED_PATH" ? path : null };
            XenStoreUnavailableException error = await Assert.ThrowsAsync<XenStoreUnavailableException>(() => XenStoreConnection.OpenAsync(options));
            // Only XENSTORED_PATH is tried, never the host's /dev/xen/xenbus (libxenstore does the same).
            Assert.Equal([$"socket {path}: connection refused (not a listening socket)"], error.Attempts);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Daemon_killed_while_thousands_of_reads_are_in_flight_fails_them_all_with_a_typed_exception(bool inline)
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.BulkWriteAsync(Enumerable.Range(0, 2000).Select(i => ($"/k/{i}", i.ToString(CultureInfo.InvariantCulture))));
        XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs, inline: inline);
        await using (client)
        {
            var reads = Enumerable.Range(0, 20000).Select(i => client.ReadAsync($"/k/{i % 2000}").AsTask()).ToArray();
            xs.Kill();
            Task all = Task.WhenAll(reads);
            await Assert.ThrowsAnyAsync<Exception>(() => all.WaitAsync(s_noHang));

            // Every call ended: answered correctly before the kill, or failed as "daemon gone".
            for (int i = 0; i < reads.Length; i++)
            {
                Task<byte[]?> read = reads[i];
                Assert.True(read.IsCompleted);
                if (read.IsCompletedSuccessfully)
                {
                    Assert.Equal((i % 2000).ToString(CultureInfo.InvariantCulture), Encoding.ASCII.GetString(read.Result!));
                }
                else
                {
                    Assert.IsType<XenStoreUnavailableException>(read.Exception!.InnerException);
                }
            }

            Assert.True(client.IsBroken);
            XenStoreUnavailableException after = await Assert.ThrowsAsync<XenStoreUnavailableException>(async () => await client.ReadAsync("/k/1"));
            // EOF or ECONNRESET, depending on where the kill caught the socket.
            Assert.Matches("^(xenstored closed the connection|Lost the connection to xenstored) \\(socket ", after.Message);
        }
    }

    [SkippableFact]
    public async Task Nodes_removed_during_a_copy_are_left_out_and_the_rest_is_copied()
    {
        await using XenstoredLab xs = await XenstoredLab.StartAsync();
        await xs.WriteAsync([("/local/domain/1/name", "a"), ("/local/domain/2/name", "b"), ("/local/domain/3/name", "c")]);
        await using XenStoreConnection client = await XenStoreLabClient.ConnectAsync(xs);
        // Removes domain 2 with the real xenstore-rm right after its parent was listed, so the
        // walk meets the vanished node the way a guest shutting down mid-map would look.
        var removing = new RemoveAfterListing(client, "/local/domain", () => xs.RemoveAsync("/local/domain/2"));

        XenStoreTree tree = await XenStoreTreeCopier.CopyAsync(removing, "/local/domain");

        Assert.True(tree.TryGetNode("/local/domain", out XenStoreTreeNode? domains));
        Assert.Equal(["1", "3"], domains.Children);
        Assert.False(tree.TryGetNode("/local/domain/2", out _));
        Assert.Null(await client.ReadAsync("/local/domain/2/name"));
        Assert.Equal("c"u8.ToArray(), tree.TryGetNode("/local/domain/3/name", out XenStoreTreeNode? c) ? c.Value : null);
    }

    private sealed class RemoveAfterListing(IXenStoreReader inner, string listedPath, Func<Task> remove) : IXenStoreReader
    {
        public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default) => inner.ReadAsync(path, cancellationToken);

        public async ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<string>? children = await inner.DirectoryAsync(path, cancellationToken);
            if (path == listedPath)
            {
                await remove();
            }

            return children;
        }
    }
}
