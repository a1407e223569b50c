using Vifmap.XenStore;

namespace Vifmap.Tests.XenStore;

public sealed class XenStoreEndpointsTests
{
    [Fact]
    public void Xenstored_path_alone_is_used_when_set()
    {
        IReadOnlyList<XenStoreEndpoint> endpoints = XenStoreEndpoints.Resolve(
            name => name == "XENSTORED_PATH" ? "/tmp/lab/socket" : "/ignored", _ => true);
        Assert.Equal([new XenStoreEndpoint("/tmp/lab/socket", XenStoreTransport.UnixSocket)], endpoints);
    }

    [Fact]
    public void Rundir_socket_then_xenbus_device()
    {
        IReadOnlyList<XenStoreEndpoint> endpoints = XenStoreEndpoints.Resolve(
            name => name == "XENSTORED_RUNDIR" ? "/run/x/" : null, _ => false);
        Assert.Equal(
            [new XenStoreEndpoint("/run/x/socket", XenStoreTransport.UnixSocket), new XenStoreEndpoint("/dev/xen/xenbus", XenStoreTransport.XenbusDevice)],
            endpoints);
    }

    [Fact]
    public void Defaults_are_var_run_xenstored_socket_then_proc_xenbus_when_dev_is_absent()
    {
        IReadOnlyList<XenStoreEndpoint> endpoints = XenStoreEndpoints.Resolve(_ => null, path => path == "/proc/xen/xenbus");
        Assert.Equal(
            [new XenStoreEndpoint("/var/run/xenstored/socket", XenStoreTransport.UnixSocket), new XenStoreEndpoint("/proc/xen/xenbus", XenStoreTransport.XenbusDevice)],
            endpoints);
    }

    [Fact]
    public async Task Nothing_to_connect_to_lists_every_attempt()
    {
        string directory = Directory.CreateTempSubdirectory("vifmap-xs-none-").FullName;
        try
        {
            var options = new XenStoreConnectionOptions
            {
                GetEnvironmentVariable = name => name == "XENSTORED_RUNDIR" ? directory : null,
            };
            XenStoreUnavailableException error = await Assert.ThrowsAsync<XenStoreUnavailableException>(() => XenStoreConnection.OpenAsync(options));
            Assert.Equal(2, error.Attempts.Count);
            Assert.Equal($"socket {directory}/socket: does not exist", error.Attempts[0]);
            Assert.StartsWith("device /", error.Attempts[1], StringComparison.Ordinal);
            Assert.Contains($"tried socket {directory}/socket: does not exist; device ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }
}
