using Vifmap.Host;

namespace Vifmap.Tests.Host;

/// <summary>The sysfs reader over a folder laid out as /sys/class/net is (real-xen-lab.md: address,
/// operstate, carrier, mtu, tun_flags, master symlink, statistics/*, device/nodename). The real
/// /sys/class/net of a lab namespace is read by the lab tests.</summary>
public sealed class SysfsLinkSourceTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("vifmap-sysfs-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Link(string name, params (string File, string Content)[] files)
    {
        string dir = Path.Combine(_root.FullName, name);
        Directory.CreateDirectory(dir);
        foreach ((string file, string content) in files)
        {
            string path = Path.Combine(dir, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        return dir;
    }

    [Fact]
    public async Task Reads_netback_vif_with_nodename_master_and_counters()
    {
        Link("xenbr0", ("operstate", "up\n"), ("bridge/bridge_id", "8000.fe\n"));
        string vif = Link("vif5.0",
            ("operstate", "up\n"), ("carrier", "1\n"), ("mtu", "1500\n"), ("address", "fe:ff:ff:ff:ff:ff\n"),
            ("device/nodename", "backend/vif/5/0\n"),
            ("statistics/rx_bytes", "1234\n"), ("statistics/tx_bytes", "99\n"),
            ("statistics/rx_packets", "12\n"), ("statistics/tx_packets", "1\n"));
        File.CreateSymbolicLink(Path.Combine(vif, "master"), "../xenbr0");

        IReadOnlyList<NetLink> links = await new SysfsLinkSource(_root.FullName).ReadLinksAsync();

        Assert.Equal(["vif5.0", "xenbr0"], links.Select(l => l.Name));
        Assert.Equal(
            new NetLink("vif5.0")
            {
                OperState = "up", Carrier = true, Mtu = 1500, Address = "fe:ff:ff:ff:ff:ff", Master = "xenbr0",
                XenbusNodename = "backend/vif/5/0", RxBytes = 1234, TxBytes = 99, RxPackets = 12, TxPackets = 1,
            },
            links[0]);
        Assert.Equal("bridge", links[1].Kind);
    }

    [Fact]
    public async Task Tap_is_kind_tun_and_missing_or_unreadable_attributes_are_unknown()
    {
        // An admin-down link answers EINVAL for carrier: here the file is absent, the same to the reader.
        Link("vif7.0-emu", ("operstate", "down\n"), ("tun_flags", "0x1002\n"), ("mtu", "lots\n"));

        NetLink tap = Assert.Single(await new SysfsLinkSource(_root.FullName).ReadLinksAsync());

        Assert.Equal(
            ("tun", "down", (bool?)null, (int?)null, (long?)null, (string?)null),
            (tap.Kind, tap.OperState, tap.Carrier, tap.Mtu, tap.RxBytes, tap.Master));
    }

    [Fact]
    public async Task Missing_root_is_no_interfaces()
        => Assert.Empty(await new SysfsLinkSource(Path.Combine(_root.FullName, "absent")).ReadLinksAsync());

    [Fact]
    public async Task Fifo_or_device_attribute_reads_as_unknown_instead_of_blocking()
    {
        // Issue 9 item 10: opening a FIFO waits for a writer forever. Made with the real mkfifo(1).
        string dir = Link("vif7.0", ("mtu", "1500\n"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(dir, "operstate")]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        File.CreateSymbolicLink(Path.Combine(dir, "address"), "/dev/zero");
        File.WriteAllText(Path.Combine(dir, "carrier"), string.Empty);

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // a hang fails, not a timing
        Task<IReadOnlyList<NetLink>> read = Task.Run(async () => await new SysfsLinkSource(_root.FullName).ReadLinksAsync());
        Task finished = await Task.WhenAny(read, Task.Delay(Timeout.Infinite, deadline.Token));

        Assert.Same(read, finished);
        NetLink link = Assert.Single(await read);
        Assert.Equal(("vif7.0", (string?)null, (string?)null, (bool?)null, (int?)1500), (link.Name, link.OperState, link.Address, link.Carrier, link.Mtu));
    }

    [Fact]
    public async Task Long_attribute_is_read_no_further_than_its_bound()
    {
        Link("vif8.0", ("operstate", "up\n"), ("address", new string('a', 1_000_000)));

        NetLink link = Assert.Single(await new SysfsLinkSource(_root.FullName).ReadLinksAsync());

        Assert.Equal(256, link.Address!.Length);
    }
}
