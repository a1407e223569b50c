using System.Buffers;
using System.Diagnostics;
using System.Text;
using Vifmap.Host;
using Vifmap.Metrics;
using Vifmap.Naming;

namespace Vifmap.Tests.Metrics;

/// <summary>The metrics of a host map (issue 11's contract): identity labels that survive a reboot, the
/// active path, and never two samples of one series. Maps are built by hand from the reference's cases
/// (§3.5 stub domains, §4.5 active path).</summary>
public sealed class HostMetricsTests
{
    private const string Uuid = "6f1d3c2e-0000-4000-8000-000000000001";

    private static string Render(HostMap? map, ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        var buffer = new ArrayBufferWriter<byte>();
        HostMetrics.Write(new ExpositionWriter(buffer, format), map, new ScrapeOutcome(Stopwatch.GetTimestamp(), "9.9.9"));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static NetLink Link(string name, long rx) => new(name)
    {
        Master = "xenbr0",
        RxBytes = rx,
        TxBytes = 1,
        RxPackets = rx / 60,
        TxPackets = 1,
        RxErrors = 0,
        TxErrors = 0,
        RxDropped = 2,
        TxDropped = 0,
    };

    private static GuestNic Nic(int devid, ActivePath active, params NicInterface[] interfaces) => new(devid)
    {
        Mac = "00:16:3e:00:00:01",
        Bridge = "xenbr0",
        BackendState = XenbusStateValue.Parse("4"),
        FrontendState = XenbusStateValue.Parse(active == ActivePath.Pv ? "4" : "1"),
        Active = active,
        Interfaces = interfaces,
    };

    private static HostMap Map(params GuestDomain[] domains) => new("test", 0, domains, [], []);

    private static string[] Samples(string text, string name)
        => [.. text.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))];

    [Fact]
    public void Hvm_guest_on_its_emulated_path_has_counters_per_path_and_the_emulated_path_active()
    {
        HostMap map = Map(new GuestDomain(2)
        {
            Name = "win10",
            Uuid = Uuid,
            Nics = [Nic(0, ActivePath.Emulated,
                new NicInterface("vif2.0", InterfaceRole.Pv, Link("vif2.0", 0), "nodename"),
                new NicInterface("vif2.0-emu", InterfaceRole.Emulated, Link("vif2.0-emu", 600), "default-name"))],
        });

        string text = Render(map);

        string id = $"domain=\"win10\",domain_uuid=\"{Uuid}\",devid=\"0\"";
        Assert.Equal(
            [$"vifmap_interface_receive_bytes_total{{{id},path=\"pv\"}} 0", $"vifmap_interface_receive_bytes_total{{{id},path=\"emulated\"}} 600"],
            Samples(text, "vifmap_interface_receive_bytes_total"));
        Assert.Equal(
            [$"vifmap_interface_active{{{id},path=\"pv\"}} 0", $"vifmap_interface_active{{{id},path=\"emulated\"}} 1"],
            Samples(text, "vifmap_interface_active"));
        Assert.Equal([$"vifmap_nic_frontend_state{{{id}}} 1"], Samples(text, "vifmap_nic_frontend_state"));
        Assert.Contains($"vifmap_interface_info{{{id},path=\"emulated\",interface=\"vif2.0-emu\",domid=\"2\",mac=\"00:16:3e:00:00:01\",bridge=\"xenbr0\",backend_domid=\"0\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"vifmap_domain_info{{domain=\"win10\",domain_uuid=\"{Uuid}\",domid=\"2\",type=\"hvm\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"vifmap_interface_receive_drops_total{{{id},path=\"emulated\"}} 2", text, StringComparison.Ordinal);
        Assert.Contains("vifmap_up 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Stub_domain_vif_is_the_active_emulated_path()
    {
        HostMap map = Map(new GuestDomain(5)
        {
            Name = "legacy",
            Uuid = Uuid,
            StubdomDomid = 6,
            Nics = [Nic(0, ActivePath.Emulated,
                new NicInterface("vif5.0", InterfaceRole.Pv, Link("vif5.0", 0), "nodename"),
                new NicInterface("vif6.0", InterfaceRole.Stubdom, Link("vif6.0", 420), "nodename"))],
        });

        string text = Render(map);

        Assert.EndsWith("path=\"stubdom\"} 1", Samples(text, "vifmap_interface_active")[1], StringComparison.Ordinal);
        Assert.EndsWith("path=\"pv\"} 0", Samples(text, "vifmap_interface_active")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Per_nic_series_carry_exactly_the_identity_labels_never_domid_or_interface()
    {
        HostMap map = Map(new GuestDomain(1)
        {
            Name = "web",
            Uuid = Uuid,
            Nics = [Nic(0, ActivePath.Pv, new NicInterface("vif1.0", InterfaceRole.Pv, Link("vif1.0", 300), "nodename"))],
        });

        string text = Render(map);

        foreach ((string series, _) in ExpositionSeries.Parse(text))
        {
            string name = series[..series.IndexOf('{', StringComparison.Ordinal)];
            string[] labels = [.. series[(name.Length + 1)..^1].Split('\u0001', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)])];
            if (name.StartsWith("vifmap_interface_", StringComparison.Ordinal) && name != "vifmap_interface_info")
            {
                Assert.Equal(["devid", "domain", "domain_uuid", "path"], labels);
            }
            else if (name.StartsWith("vifmap_nic_", StringComparison.Ordinal))
            {
                Assert.Equal(["devid", "domain", "domain_uuid"], labels);
            }
        }

        Assert.Equal(8, text.Split('\n').Count(l => l.StartsWith("# TYPE vifmap_interface_", StringComparison.Ordinal) && l.EndsWith("_total counter", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_guest_recreated_while_its_old_domain_dies_gets_one_set_of_nic_series_and_a_conflict_count()
    {
        GuestDomain Guest(int domid, long rx) => new(domid)
        {
            Name = "web",
            Uuid = Uuid,
            Nics = [Nic(0, ActivePath.Pv, new NicInterface($"vif{domid}.0", InterfaceRole.Pv, Link($"vif{domid}.0", rx), "nodename"))],
        };

        string text = Render(Map(Guest(3, 100), Guest(9, 200)));

        Assert.Empty(ExpositionSeries.Duplicates(text));
        Assert.Equal([$"vifmap_interface_receive_bytes_total{{domain=\"web\",domain_uuid=\"{Uuid}\",devid=\"0\",path=\"pv\"}} 100"], Samples(text, "vifmap_interface_receive_bytes_total"));
        Assert.Contains("vifmap_identity_conflicts 1\n", text, StringComparison.Ordinal);
        Assert.Equal(2, Samples(text, "vifmap_domain_info").Length);
    }

    [Fact]
    public void Hostile_and_missing_names_never_produce_duplicate_or_unparsable_series()
    {
        string evil = "evil\"\n} vifmap_up 0\n\\";
        HostMap map = Map(
            new GuestDomain(1) { Name = evil, Uuid = null, Nics = [Nic(0, ActivePath.Pv, new NicInterface("vif1.0", InterfaceRole.Pv, Link("vif1.0", 1), "nodename"))] },
            new GuestDomain(2) { Name = null, Uuid = null, Nics = [Nic(0, ActivePath.Pv, new NicInterface("vif2.0", InterfaceRole.Pv, Link("vif2.0", 2), "nodename"))] },
            new GuestDomain(3) { Name = null, Uuid = null, Nics = [Nic(0, ActivePath.Pv, new NicInterface("vif3.0", InterfaceRole.Pv, Link("vif3.0", 3), "nodename"))] });

        foreach (ExpositionFormat format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics })
        {
            string text = Render(map, format);

            Assert.Empty(ExpositionSeries.Duplicates(text));
            Assert.Single(text.Split('\n'), l => l.StartsWith("vifmap_up ", StringComparison.Ordinal));
            Assert.Contains(ExpositionSeries.Parse(text), s => s.Series.Contains("domain=" + evil, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_host_that_cannot_be_read_is_up_0_with_the_build_and_duration_only()
    {
        string text = Render(null);

        string[] samples = [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#')];
        Assert.Equal(3, samples.Length);
        Assert.Equal("vifmap_up 0", samples[0]);
        Assert.Equal("vifmap_build_info{version=\"9.9.9\"} 1", samples[1]);
        Assert.StartsWith("vifmap_scrape_duration_seconds ", samples[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_counters_are_left_out_rather_than_written_as_zero()
    {
        HostMap map = Map(new GuestDomain(1)
        {
            Name = "web",
            Uuid = Uuid,
            Nics = [Nic(0, ActivePath.Pv, new NicInterface("vif1.0", InterfaceRole.Pv, new NetLink("vif1.0") { RxBytes = 5 }, "nodename"))],
        });

        string text = Render(map);

        Assert.Single(Samples(text, "vifmap_interface_receive_bytes_total"));
        Assert.Empty(Samples(text, "vifmap_interface_receive_errors_total"));
    }

    [Fact]
    public void Openmetrics_output_ends_with_eof_and_uses_family_names()
    {
        string text = Render(Map(), ExpositionFormat.OpenMetrics);

        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE vifmap_interface_receive_bytes counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE vifmap_domain info\n", text, StringComparison.Ordinal);
    }
}
