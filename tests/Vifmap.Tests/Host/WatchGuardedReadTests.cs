using Vifmap.Host;

namespace Vifmap.Tests.Host;

/// <summary>Which watch event paths make <see cref="WatchGuardedRead"/> read a domain again, read
/// everything again, or ignore them (xenstore layout: xen-reference.md §4; backend under the backend
/// domain's <c>backend/vif/GUEST/DEVID</c>).</summary>
public sealed class WatchGuardedReadTests
{
    [Theory]
    [InlineData("/local/domain", false, null)]                                  // the watch's first firing
    [InlineData("/local/domain/7", true, null)]                                 // created or destroyed
    [InlineData("/local/domain/7/name", false, 7)]
    [InlineData("/local/domain/7/device/vif/0/state", false, 7)]
    [InlineData("/local/domain/0/backend/vif/7/0/state", false, 7)]             // guest 7's backend here
    [InlineData("/local/domain/0/backend/vif/7", true, null)]                   // the backend list changed
    [InlineData("/local/domain/0/backend/vif", true, null)]
    [InlineData("/local/domain/0/backend/vbd/7/51712/state", false, null)]      // disks are not NICs
    [InlineData("/local/domain/0/backend/vif2/7/0", false, null)]               // another device class
    [InlineData("/local/domain/0/memory/target", false, 0)]                     // dom0's own nodes
    [InlineData("/local/domain/5/backend/vif/7/0/state", false, 5)]             // another backend domain's: domain 5's node
    [InlineData("/local/domain/x/name", false, null)]                           // not a domain
    [InlineData("/vm/1234/name", false, null)]
    public void Classify_names_the_domain_or_everything(string path, bool everything, int? domain)
    {
        var domains = new HashSet<int>();

        Assert.Equal(everything, WatchGuardedRead.Classify(path, backendDomid: 0, domains));
        Assert.Equal(domain is int d ? [d] : [], domains);
    }
}
