using Vifmap.Diagnostics;
using Vifmap.Host;
using Vifmap.Tests.Host.Support;
using Vifmap.XenStore;

namespace Vifmap.Tests.Host;

/// <summary>A guest controls its own nodes, and a snapshot or dump can be edited by anyone: the map must
/// survive any shape of xenstore, warn, and still show the rest. The in-memory store stands in for
/// shapes the real daemon cannot hold (a child listed twice); the lab tests run the rest on xenstored.</summary>
public sealed class HostileShapesTests
{
    private const string Uuid = "6f1d3c2e-0000-4000-8000-000000000001";
    private readonly InMemoryXenStore _xs = new();

    public HostileShapesTests() => LibxlWrites.Dom0(_xs);

    [Fact]
    public async Task A_child_listed_twice_is_read_once_and_flagged()
    {
        LibxlWrites.Domain(_xs, 5, "web", Uuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:05", "xenbr0", frontendState: "4");
        var doubled = new DoublingReader(_xs, "/local/domain");

        HostMap map = await HostMapBuilder.BuildAsync(doubled, [], new HostMapOptions());

        GuestDomain web = Assert.Single(map.Domains);
        Assert.Equal(5, web.Domid);
        Assert.Single(web.Nics);
        Assert.Contains(map.Diagnostics, d => d.Code == DiagnosticCodes.NotAnId && d.Message.Contains("listed twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_stub_domains_naming_one_guest_keep_the_first_and_warn()
    {
        LibxlWrites.Domain(_xs, 5, "legacy", Uuid);
        LibxlWrites.StubDomain(_xs, 5, 6, "legacy", Uuid);
        LibxlWrites.Domain(_xs, 9, "impostor", Uuid);
        _xs.Write("/local/domain/9/target", "5");

        HostMap map = await HostMapBuilder.BuildAsync(_xs, [], new HostMapOptions());

        // The second claimant is not folded into the guest (it could hide itself there): it stays a domain of its own.
        Assert.Equal([(5, (int?)6), (9, null)], map.Domains.Select(d => (d.Domid, d.StubdomDomid)));
        Diagnostic d = Assert.Single(map.Diagnostics);
        Assert.Equal(("VM404", "domains 6 and 9 both claim to be the stub domain of domain 5; kept 6"), (d.Code, d.Message));
    }

    [Fact]
    public async Task Repeated_findings_of_one_code_are_capped_with_a_count_of_the_rest()
    {
        LibxlWrites.Domain(_xs, 5, "web", Uuid);
        for (int i = 0; i < 100; i++)
        {
            _xs.Write($"/local/domain/5/device/vif/x{i:D3}", "junk");
        }

        HostMap map = await HostMapBuilder.BuildAsync(_xs, [], new HostMapOptions());

        Diagnostic[] vm403 = [.. map.Diagnostics.Where(d => d.Code == DiagnosticCodes.NotAnId)];
        Assert.Equal(DiagnosticCollector.DefaultPerCodeLimit + 1, vm403.Length);
        Assert.StartsWith("/local/domain/5/device/vif/x000: ", vm403[0].Message, StringComparison.Ordinal);
        Assert.Equal("… and 80 more VM403 findings like these (only the first 20 of a code are shown)", vm403[^1].Message);
    }

    [Fact]
    public async Task The_resolver_is_pure_the_same_facts_give_the_same_map()
    {
        LibxlWrites.Domain(_xs, 5, "web", Uuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:05", "xenbr0", type: "vif_ioemu");
        var options = new HostMapOptions();
        HostFacts facts = await HostFactsReader.ReadAsync(_xs, options);
        int reads = _xs.Requests.Count;
        NetLink[] links = [new("vif5.0-emu") { RxBytes = 10, TxBytes = 0 }];

        HostMap first = HostMapResolver.Resolve(facts, links, options);
        HostMap second = HostMapResolver.Resolve(facts, links, options);

        Assert.Equal(reads, _xs.Requests.Count); // no I/O
        Assert.Equal(ActivePath.Emulated, first.Domains[0].Nics[0].Active);
        Assert.Equal(first.Domains[0].Nics[0].ActiveReason, second.Domains[0].Nics[0].ActiveReason);
        Assert.Equal(first.Orphans, second.Orphans);
    }

    [Fact]
    public async Task One_domain_is_re_read_with_its_nics()
    {
        LibxlWrites.Domain(_xs, 5, "web", Uuid);
        LibxlWrites.Nic(_xs, 0, 5, 0, "00:16:3e:00:00:05", "xenbr0", frontendState: "4");
        var diagnostics = new DiagnosticCollector();

        DomainFacts? web = await HostFactsReader.ReadDomainAsync(_xs, new HostMapOptions(), 5, diagnostics);
        DomainFacts? gone = await HostFactsReader.ReadDomainAsync(_xs, new HostMapOptions(), 6, diagnostics);

        Assert.NotNull(web);
        Assert.Equal(("web", Uuid), (web.Name, web.Uuid));
        NicFacts nic = Assert.Single(web.Nics!);
        Assert.Equal(("4", "00:16:3e:00:00:05"), (nic.FrontendState, nic.Backend?.Mac));
        Assert.Null(gone);
    }

    /// <summary>Lists every child of one path twice, as a hand-edited snapshot can.</summary>
    private sealed class DoublingReader(IXenStoreReader inner, string path) : IXenStoreReader
    {
        public ValueTask<byte[]?> ReadAsync(string p, CancellationToken cancellationToken = default) => inner.ReadAsync(p, cancellationToken);

        public async ValueTask<IReadOnlyList<string>?> DirectoryAsync(string p, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<string>? children = await inner.DirectoryAsync(p, cancellationToken);
            return children is not null && p == path ? [.. children, .. children] : children;
        }
    }
}
