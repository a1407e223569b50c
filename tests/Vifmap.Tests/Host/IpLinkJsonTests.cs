using System.Text;
using Vifmap.Diagnostics;
using Vifmap.Host;

namespace Vifmap.Tests.Host;

/// <summary><c>ip -j -s -d link show</c> input. TestData/ip-link-demo.json is real iproute2 output
/// from the lab's demo namespace (tests/lab/scenarios/demo-host.sh net); the expected values come
/// from that scenario (10 frames of 60 bytes into vif2.0-emu, vif2.0's guest end down, ...).</summary>
public sealed class IpLinkJsonTests
{
    private static IpLinkParseResult Parse(string json) => IpLinkJson.Parse(Encoding.UTF8.GetBytes(json), "links.json");

    private static string Link(int i)
        => "{\"ifname\":\"vif" + i + ".0\",\"mtu\":1500,\"stats64\":{\"rx\":{\"bytes\":" + i + "},\"tx\":{\"bytes\":7}}}";

    [Fact]
    public void Real_ip_output_of_the_demo_namespace_gives_every_link_with_counters()
    {
        byte[] json = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Host", "TestData", "ip-link-demo.json"));

        IpLinkParseResult result = IpLinkJson.Parse(json, "ip-link-demo.json");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(16, result.Links.Count);
        NetLink tap = result.Links.Single(l => l.Name == "vif2.0-emu");
        Assert.Equal(("up", true, "xenbr0", 1500, "tun"), (tap.OperState, tap.Carrier, tap.Master, tap.Mtu, tap.Kind));
        Assert.Equal((600L, 10L), (tap.RxBytes, tap.RxPackets));
        NetLink noFrontend = result.Links.Single(l => l.Name == "vif2.0");
        Assert.Equal(("down", false, "veth"), (noFrontend.OperState, noFrontend.Carrier, noFrontend.Kind));
        NetLink renamed = result.Links.Single(l => l.Name == "mail0-emu");
        Assert.Equal((180L, "xenbr1"), (renamed.RxBytes, renamed.Master));
        Assert.Null(result.Links.Single(l => l.Name == "vif1.0").XenbusNodename); // ip does not show device/nodename
    }

    [Fact]
    public void Admin_down_link_has_unknown_carrier_like_sysfs()
    {
        IpLinkParseResult result = Parse("""[{"ifname":"vif5.0","flags":["BROADCAST","MULTICAST"],"operstate":"DOWN"}]""");

        Assert.Null(Assert.Single(result.Links).Carrier);
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("[{\"ifname\": \"a\"", 1, 16)]
    [InlineData("not json", 1, 2)] // "n" may start null: the bad byte is the "o"
    public void Non_json_is_one_error_with_its_position(string text, int line, int column)
    {
        IpLinkParseResult result = Parse(text);

        Assert.Empty(result.Links);
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal(("VM407", Severity.Error, new SourceLocation("links.json", line, column)), (d.Code, d.Severity, d.Location));

        // The CLI prints the message alone: it carries the position, and no resource key (AOT build).
        Assert.Equal($"not JSON from 'ip -j link': line {line}, byte {column}", d.Message);
    }

    [Fact]
    public void Output_longer_than_the_read_buffer_gives_every_link_in_order()
    {
        // Read a buffer at a time (issue 15): links cut across buffer ends, one bigger than a buffer.
        string big = new('x', 600_000);
        string json = "[" + string.Join(",\n", Enumerable.Range(0, 5000).Select(i => i == 2500
            ? "{\"ifname\":\"vif" + i + ".0\",\"alias\":\"" + big + "\",\"stats64\":{\"rx\":{\"bytes\":" + i + "}}}"
            : Link(i))) + "]";

        IpLinkParseResult result = Parse(json);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => ($"vif{i}.0", (long?)i)), result.Links.Select(l => (l.Name, l.RxBytes)));
    }

    [Fact]
    public void Bad_json_far_into_long_output_is_reported_at_its_line()
    {
        string json = "[" + string.Join(",\n", Enumerable.Range(0, 5000).Select(i => i == 4000
            ? """{"ifname":"bad" "mtu":1}"""
            : Link(i))) + "]";

        IpLinkParseResult result = Parse(json);

        Assert.Empty(result.Links);
        Assert.Equal(new SourceLocation("links.json", 4001, 17), Assert.Single(result.Diagnostics).Location);
    }

    [Fact]
    public void Object_instead_of_array_is_an_error()
    {
        Diagnostic d = Assert.Single(Parse("""{"ifname":"vif1.0"}""").Diagnostics);

        Assert.Equal(("VM407", "expected a JSON array of links (the output of 'ip -j -s -d link show')"), (d.Code, d.Message));
    }

    [Fact]
    public void Hostile_entries_are_skipped_or_left_unknown_never_thrown()
    {
        const string Json = """
            [ 1, null, {"ifname": 5}, {"ifname": ""},
              {"ifname": "vif1.0\u001b[2J", "mtu": "1500", "flags": "UP", "master": ["x"],
               "stats64": {"rx": {"bytes": -5, "packets": 1e300}, "tx": {"bytes": 18446744073709551615}},
               "linkinfo": "tun"} ]
            """;

        IpLinkParseResult result = Parse(Json);

        NetLink link = Assert.Single(result.Links);
        Assert.Equal("vif1.0\u001b[2J", link.Name);
        Assert.Equal(
            ((int?)null, (bool?)null, (string?)null, (long?)null, (long?)null, (long?)null, (string?)null),
            (link.Mtu, link.Carrier, link.Master, link.RxBytes, link.RxPackets, link.TxBytes, link.Kind));
        Assert.Equal(
            ["link #0 has no string 'ifname'; skipped", "link #1 has no string 'ifname'; skipped", "link #2 has no string 'ifname'; skipped", "link #3 has no string 'ifname'; skipped"],
            result.Diagnostics.Select(d => d.Message));
    }

    [Fact]
    public void Deep_nesting_is_rejected_not_a_stack_overflow()
    {
        string json = new string('[', 10_000) + new string(']', 10_000);

        Assert.Equal("VM407", Assert.Single(Parse(json).Diagnostics).Code);
    }

    [Fact]
    public void Ifname_that_is_not_utf8_is_kept_escaped_and_flagged()
    {
        // Issue 9 item 7: ip prints the kernel's bytes as they are; GetString threw InvalidOperationException.
        // The first name is the ASCII text vif\xff (JSON "vif\\xff"), a stray 0xff byte, then é in UTF-8.
        byte[] json = [.. "[{\"ifname\":\"vif\\\\xff"u8, 0xff, 0xc3, 0xa9, .. "\",\"operstate\":\"UP\"},{\"ifname\":\"vif"u8, 0xfe, .. "\"}]"u8];

        IpLinkParseResult result = IpLinkJson.Parse(json, "links.json");

        // The two names stay distinct; the text's own backslash is doubled so no name can pose as another.
        Assert.Equal([@"vif\\xff\xffé", @"vif\xfe"], result.Links.Select(l => l.Name));
        Assert.Equal("up", result.Links[0].OperState);
        Assert.Equal(
            [
                @"links.json: warning: link #0 (vif\\xff\xffé): 'ifname' is not UTF-8 (ip prints the kernel's bytes as they are); kept, stray bytes shown as \xHH [VM407]",
                @"links.json: warning: link #1 (vif\xfe): 'ifname' is not UTF-8 (ip prints the kernel's bytes as they are); kept, stray bytes shown as \xHH [VM407]",
            ],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Ifname_with_an_escaped_lone_surrogate_is_kept_escaped_and_flagged()
    {
        IpLinkParseResult result = Parse("""[{"ifname":"a\udc80b","master":"br\ud83d\ude00"}]""");

        NetLink link = Assert.Single(result.Links);
        Assert.Equal(@"a\xed\xb2\x80b", link.Name);
        Assert.Equal("br\U0001F600", link.Master); // a valid pair is an ordinary character
        Assert.Equal(DiagnosticCodes.BadLinkJson, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Property_name_with_an_escaped_lone_surrogate_matches_no_field_and_does_not_throw()
    {
        // A document per link threw InvalidOperationException here (its name lookup decoded the escape).
        IpLinkParseResult result = Parse("""[{"i\udc80":1,"ifname":"vif5.0","m\ud800tu":5,"\u006dtu":1400,"flag\u0073":["\u0055P","LOWER_UP"]}]""");

        NetLink link = Assert.Single(result.Links);
        Assert.Equal(("vif5.0", (int?)1400, (bool?)true), (link.Name, link.Mtu, link.Carrier));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Property_given_twice_counts_once_the_last_whatever_its_type()
    {
        IpLinkParseResult result = Parse("""
            [{"ifname":"a","ifname":"vif5.0","mtu":1500,"mtu":"x","flags":["UP","LOWER_UP"],"flags":"none",
              "stats64":{"rx":{"bytes":5},"rx":{"packets":3},"tx":{"bytes":1}},"stats64":{"tx":{"bytes":9}},
              "linkinfo":{"info_kind":"veth"},"linkinfo":{"info_kind":7}},
             {"ifname":"vif5.1","ifname":5}]
            """);

        NetLink link = Assert.Single(result.Links);
        Assert.Equal(("vif5.0", (int?)null, (bool?)null, (string?)null), (link.Name, link.Mtu, link.Carrier, link.Kind));
        Assert.Equal(((long?)null, (long?)null, (long?)9), (link.RxBytes, link.RxPackets, link.TxBytes));
        Assert.Equal("link #1 has no string 'ifname'; skipped", Assert.Single(result.Diagnostics).Message);
    }
}
