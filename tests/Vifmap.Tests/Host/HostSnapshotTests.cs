using System.Text;
using System.Text.Json;
using Vifmap.Host;
using Vifmap.Tests.Host.Support;

namespace Vifmap.Tests.Host;

public sealed class HostSnapshotTests
{
    private static byte[] Write(HostSnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            snapshot.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task Snapshot_maps_exactly_like_the_source_it_was_taken_from()
    {
        var xs = new InMemoryXenStore();
        LibxlWrites.Dom0(xs);
        LibxlWrites.Domain(xs, 2, "win10", "8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b02");
        LibxlWrites.Nic(xs, 0, 2, 0, "00:16:3e:4a:02:00", "xenbr0", type: "vif_ioemu");
        xs.Write("/local/domain/2/name", [0x77, 0xff]); // not UTF-8: stored as base64
        NetLink[] links =
        [
            new("vif2.0") { OperState = "down", Carrier = false, Master = "xenbr0", XenbusNodename = "backend/vif/2/0" },
            new("vif2.0-emu") { OperState = "up", Carrier = true, Master = "xenbr0", Kind = "tun", RxBytes = 600, RxPackets = 10 },
        ];
        var source = HostSource.FromReader("live", 0, xs, new IpLinkParseResult(links, []));

        HostSnapshot taken = await source.TakeSnapshotAsync();
        (HostSnapshot? read, IReadOnlyList<Vifmap.Diagnostics.Diagnostic> diagnostics) = HostSnapshot.Parse(Write(taken), "s.json");

        Assert.Empty(diagnostics);
        Assert.NotNull(read);
        Assert.Equal(links, read.Links);
        Assert.Equal(new byte[] { 0x77, 0xff }, await read.XenStore.ReadAsync("/local/domain/2/name"));
        HostMap fromSource = await source.BuildMapAsync([]);
        HostMap fromSnapshot = await HostSource.FromSnapshot(read, []).BuildMapAsync([]);
        Assert.Equal(Json(fromSource with { Source = "x" }), Json(fromSnapshot with { Source = "x" }));
        Assert.Contains("\"value_base64\":\"d/8=\"", Encoding.UTF8.GetString(Write(taken)), StringComparison.Ordinal);
    }

    /// <summary>Everything a map says, as text: two maps are the same when these are equal.</summary>
    private static string Json(HostMap map)
    {
        var text = new StringBuilder();
        foreach (GuestDomain d in map.Domains)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{d.Domid} {d.Name} {d.Uuid} {d.StubdomDomid}");
            foreach (GuestNic n in d.Nics)
            {
                text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                    $" {n with { Interfaces = [] }}");
                foreach (NicInterface i in n.Interfaces)
                {
                    text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {i}");
                }
            }
        }

        foreach (OrphanEntry o in map.Orphans)
        {
            text.AppendLine(o.ToString());
        }

        foreach (Vifmap.Diagnostics.Diagnostic d in map.Diagnostics)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{d.Code} {d.Severity} {d.Message}");
        }

        return text.ToString();
    }

    [Theory]
    [InlineData("", "not a snapshot (invalid JSON): line 1, byte 1")]
    [InlineData("{\"format\":\n\"vifmap-snap", "not a snapshot (invalid JSON): line 2, byte 13")]
    [InlineData("[]", "not a snapshot: no \"format\": \"vifmap-snapshot\"")]
    [InlineData("""{"format":"other"}""", "not a snapshot: no \"format\": \"vifmap-snapshot\"")]
    [InlineData("""{"format":"vifmap-snapshot","version":2,"xenstore":[]}""", "snapshot version 2 is not supported (this vifmap reads version 1)")]
    [InlineData("""{"format":"vifmap-snapshot","version":1}""", "snapshot has no \"xenstore\" array")]
    public void Unusable_file_is_one_error(string json, string messageStart)
    {
        (HostSnapshot? snapshot, IReadOnlyList<Vifmap.Diagnostics.Diagnostic> diagnostics) = HostSnapshot.Parse(Encoding.UTF8.GetBytes(json), "s.json");

        Assert.Null(snapshot);
        Vifmap.Diagnostics.Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("VM408", d.Code);
        Assert.StartsWith(messageStart, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Odd_entries_are_skipped_with_warnings()
    {
        const string Json = """
            {"format":"vifmap-snapshot","version":1,"backend_domid":-4,"future_field":{"x":1},
             "xenstore":[{"path":"/a","value":"1"},{"value":"orphan"},{"path":"/b","value_base64":"!!"},
                         {"path":"/c","children":["x",7,"y"]}],
             "links":[{"name":"vif1.0","mtu":-1,"carrier":"yes"},{"mtu":1}]}
            """;

        (HostSnapshot? s, IReadOnlyList<Vifmap.Diagnostics.Diagnostic> diagnostics) = HostSnapshot.Parse(Encoding.UTF8.GetBytes(Json), "s.json");

        Assert.NotNull(s);
        Assert.Equal(0, s.BackendDomid);
        Assert.Equal("1"u8.ToArray(), await s.XenStore.ReadAsync("/a"));
        Assert.Null(await s.XenStore.ReadAsync("/b"));
        Assert.Equal(["x", "y"], await s.XenStore.DirectoryAsync("/c"));
        Assert.Equal(new NetLink("vif1.0"), Assert.Single(s.Links));
        Assert.Equal(
            [
                "a xenstore node without a string \"path\" was skipped",
                "/b: value_base64 is not base64; node read as absent",
                "a link without a string \"name\" was skipped",
            ],
            diagnostics.Select(d => d.Message));
    }
}
