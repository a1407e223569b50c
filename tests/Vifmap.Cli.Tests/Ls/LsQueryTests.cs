using System.Text.Json;

namespace Vifmap.Cli.Tests.Ls;

/// <summary>`ls QUERY…` on the built-in demo host (samples/host/lab-host.json: web 1 with three PV NICs,
/// win10 2 on its -emu tap, deb-hvm 3, mail 4 with vifname mail0, legacy 5 with stub domain 6, netdd 7,
/// tenant 8, rnd 31234, and a leftover vif9.0).</summary>
public sealed class LsQueryTests
{
    private static (int Code, string Out, string Err) Ls(params string[] args) => CliRun.Run(["ls", "--demo", "-o", "domain,devid", "--no-headers", .. args]);

    private static string[] Rows(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))];

    [Theory]
    [InlineData("web", new[] { "web 0", "web 1", "web 2" })] // a domain name: all its NICs
    [InlineData("2", new[] { "win10 0" })] // a domid
    [InlineData("8A3C9B2E-5D41-4F6A-9E1B-2C7D8F0A1B03", new[] { "deb-hvm 0" })] // a UUID, any case
    [InlineData("vif2.0-emu", new[] { "win10 0" })] // the emulated tap
    [InlineData("mail0-emu", new[] { "mail 0" })] // a custom vifname's tap
    [InlineData("vif6.0", new[] { "legacy 0" })] // the stub domain's vif
    [InlineData("vif1.1@if5", new[] { "web 1" })] // as ip link prints a veth
    [InlineData("vif1.2:", new[] { "web 2" })] // as ip link's text form prints it
    [InlineData("00-16-3E-4A-01-01", new[] { "web 1" })] // a MAC with dashes, upper case
    [InlineData("vif9.0", new[] { "- -" })] // an orphan
    public void A_query_keeps_what_it_names(string query, string[] expected)
    {
        (int code, string output, string error) = Ls(query);

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Equal(expected, Rows(output));
    }

    [Fact]
    public void Several_queries_add_up()
        => Assert.Equal(["web 1", "win10 0"], Rows(Ls("vif1.1", "win10").Out));

    [Fact]
    public void A_query_that_matches_nothing_is_one_line_and_exit_1()
    {
        (int code, string output, string error) = Ls("web", "vif77.0");

        Assert.Equal((1, string.Empty), (code, output));
        Assert.Equal("vifmap: nothing on this host matches 'vif77.0' (a domain name, domid or UUID, an interface name or a MAC)\n", error);
    }

    [Fact]
    public void Unknown_columns_are_a_usage_error_naming_the_known_ones()
    {
        (int code, _, string error) = CliRun.Run(["ls", "--demo", "-o", "domain,colour"]);

        Assert.Equal(2, code);
        Assert.StartsWith("vifmap: --columns: no column 'colour'; the columns are domain,domid,devid,", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_states_schema_read_time_and_guest_type()
    {
        (int code, string output, _) = CliRun.Run(["ls", "--demo", "--json", "web"]);

        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("read_at").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("xen").ValueKind); // a snapshot does not know the release
        JsonElement web = Assert.Single(root.GetProperty("domains").EnumerateArray().ToArray());
        Assert.True(web.TryGetProperty("type", out _));
    }

    [Fact]
    public void Explain_reads_ip_link_forms_and_the_hosts_release()
    {
        string root = Path.Combine(Path.GetTempPath(), $"vifmap-hv-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "version"));
        File.WriteAllText(Path.Combine(root, "version", "major"), "4\n");
        File.WriteAllText(Path.Combine(root, "version", "minor"), "1\n");
        try
        {
            (int code, string output, _) = CliRun.Run(["explain", "tap5.1@if9", "--hypervisor-root", root]);

            string[] lines = output.Split('\n');
            Assert.Equal(0, code);
            Assert.Equal($"(readings for Xen 4.1, this host's release from {Path.Combine(root, "version")}; --xen X.Y for another)", lines[0]);
            Assert.StartsWith("tap5.1: guest, domain 5, role emulated", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("  xapi ", lines[2], StringComparison.Ordinal); // xapi's reading holds for any release
            Assert.StartsWith("  xl 4.1 ", lines[3], StringComparison.Ordinal); // 4.1's readings only: no xl 4.0 line
            Assert.DoesNotContain("xl 4.0 ", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
