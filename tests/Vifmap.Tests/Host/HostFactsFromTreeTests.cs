using System.Globalization;
using System.Text;
using Vifmap.Host;
using Vifmap.XenStore;

namespace Vifmap.Tests.Host;

/// <summary>A dump's tree is read in place, without the tasks, copies and paths any other reader gets, and
/// its NICs on every core (issue 15). What it reads must be what any reader of the same nodes reads.</summary>
public sealed class HostFactsFromTreeTests
{
    /// <summary>The same tree behind a reader that is not one: the facts reader takes its ordinary path.</summary>
    private sealed class OpaqueReader(IXenStoreReader inner) : IXenStoreReader
    {
        public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default) => inner.ReadAsync(path, cancellationToken);

        public ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default) => inner.DirectoryAsync(path, cancellationToken);
    }

    /// <summary>Forty guests of three NICs, with what a hostile or odd dump holds: values that are not
    /// UTF-8, nodes xenstore-ls could not read, nodes only implied by their children, NICs served by
    /// another domain, a stub domain, ids that are not numbers and long runs of the same finding.</summary>
    private static string Dump()
    {
        var text = new StringBuilder("/local/domain/0/name = \"Domain-0\"\n");
        for (int d = 1; d <= 40; d++)
        {
            text.Append(CultureInfo.InvariantCulture, $"/local/domain/{d}/name = \"guest-{d}\"\n/local/domain/{d}/vm = \"/vm/{d:D8}-0000-4000-8000-000000000000\"\n");
            text.Append(CultureInfo.InvariantCulture, $"/libxl/{d}/type = \"{(d % 2 == 0 ? "hvm" : "pv")}\"\n");
            for (int n = 0; n < 3; n++)
            {
                string be = $"/local/domain/0/backend/vif/{d}/{n}";
                string fe = $"/local/domain/{d}/device/vif/{n}";
                if (d % 5 == 0 && n == 2)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{fe}/backend-id = \"7\"\n{fe}/mac = \"00:16:3e:99:{d:x2}:{n:x2}\"\n");
                }
                else
                {
                    text.Append(CultureInfo.InvariantCulture, $"{be}/mac = \"00:16:3e:00:{d:x2}:{n:x2}\"\n{be}/bridge = \"{(d % 3 == 0 ? "br\\xff" : "xenbr0")}\"\n");
                    text.Append(CultureInfo.InvariantCulture, $"{be}/type = \"{(d % 2 == 0 ? "vif_ioemu" : "vif")}\"\n{be}/state = \"4\"\n{be}/hotplug-status = \"connected\"\n");
                    text.Append(d % 7 == 0 ? $"{be}/script:\n\n" : $"{be}/script = \"/etc/xen/scripts/vif-bridge\"\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{fe}/state = \"{d % 9}\"\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"/local/domain/{d}/device/vif/x{d}/state = \"4\"\n");
        }

        text.Append("/local/domain/41/name = \"guest-40-dm\"\n/local/domain/41/target = \"40\"\n/local/domain/40/image/device-model-domid = \"41\"\n");
        text.Append("/local/domain/0/backend/vif/41/0/vifname = \"vif40.0-emu\"\n/local/domain/41/device/vif/0/state = \"4\"\n");
        text.Append("/local/domain/0/backend/vif/99/0/state = \"4\"\n");
        return text.ToString();
    }

    private static string Describe(HostFacts facts)
        => string.Join('\n', facts.Domains.Select(d =>
                $"{d.Domid} {d.Name} {d.VmPath} {d.Target} {d.DeviceModelDomid} {d.Type} [{string.Join(',', d.FrontendDevids)}] [{string.Join(',', d.BackendDevids)}] "
                + string.Join(' ', d.Nics?.Select(n => n.ToString()) ?? ["unread"])))
            + "\n" + string.Join('\n', facts.OrphanBackends.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {string.Join(',', kv.Value)}"))
            + "\n" + string.Join('\n', facts.Diagnostics.Select(d => d.ToString()));

    [Theory]
    [InlineData("")]
    [InlineData("guest-12,40")]
    public async Task A_dump_read_in_place_gives_the_facts_and_findings_any_reader_gets(string selection)
    {
        string[] domains = selection.Split(',', StringSplitOptions.RemoveEmptyEntries);
        XenStoreDump dump = XenStoreDump.Parse(Encoding.UTF8.GetBytes(Dump()), "xs.txt");
        var options = new HostMapOptions { Source = "dump", Domains = domains };

        HostFacts inPlace = await HostFactsReader.ReadAsync(dump, options);
        HostFacts ordinary = await HostFactsReader.ReadAsync(new OpaqueReader(dump), options);

        Assert.Equal(Describe(ordinary), Describe(inPlace));
        Assert.Contains(inPlace.Diagnostics, d => d.Message.StartsWith("… and ", StringComparison.Ordinal)); // runs of findings capped alike
    }
}
