using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Vif;

namespace Vifmap.Tests.Vif;

/// <summary>Expected NICs and diagnostics are worked out by hand from xl_parse.c (4.22) and reference §2,
/// §7. The spec is placed at line 1, column 1 with no escapes, so a finding at byte offset n of the
/// spec is at column n + 1.</summary>
public sealed class VifSpecParserTests
{
    private static VifSpecParse Parse(string spec, GuestType type = GuestType.Hvm, int index = 0)
        => VifSpecParser.Parse(spec, index, type, SpecSourceMap.Contiguous(new SourceLocation("t.cfg", 1, 1)));

    private static string[] Findings(VifSpecParse r) => [.. r.Diagnostics.Select(d => $"{d.Location.Column}:{d.Code}")];

    private static MacAddress Mac(string s)
    {
        byte[] b = [.. s.Split(':').Select(x => Convert.ToByte(x, 16))];
        return new MacAddress(b[0], b[1], b[2], b[3], b[4], b[5]);
    }

    [Fact]
    public void Libvirt_rate_fixture_gives_every_field_and_no_finding()
    {
        VifSpecParse r = Parse("mac=00:16:3e:66:92:9c,bridge=xenbr1,script=vif-bridge,model=e1000,rate=10240KB/s", index: 2);
        Assert.Empty(r.Diagnostics);
        Assert.False(r.XlExits);
        Assert.Equal(2, r.Nic.Index);
        Assert.Equal(2, r.Nic.Devid);
        Assert.Equal(Mac("00:16:3e:66:92:9c"), r.Nic.Mac);
        Assert.Equal("xenbr1", r.Nic.Bridge);
        Assert.Equal("vif-bridge", r.Nic.Script);
        Assert.Equal("e1000", r.Nic.Model);
        Assert.Equal(new VifRate(512000, 50000), r.Nic.Rate);
        Assert.Null(r.Nic.RequestedType);
    }

    [Fact]
    public void Space_separated_ip_list_and_type_vif_are_kept()
    {
        VifSpecParse r = Parse("mac=00:16:3e:66:92:9c,bridge=xenbr1,ip=10.0.0.1 10.1.1.1 2000::1,script=vif-bridge,type=vif");
        Assert.Empty(r.Diagnostics);
        Assert.Equal("10.0.0.1 10.1.1.1 2000::1", r.Nic.Ip);
        Assert.Equal(NicType.Vif, r.Nic.RequestedType);
    }

    [Fact]
    public void Ovs_bridge_syntax_is_an_ordinary_string()
    {
        Assert.Equal("ovsbr0:42:43", Parse("bridge=ovsbr0:42:43,script=vif-openvswitch").Nic.Bridge);
    }

    [Fact]
    public void Empty_spec_gives_a_nic_with_all_defaults()
    {
        VifSpecParse r = Parse("", index: 3);
        Assert.Empty(r.Diagnostics);
        Assert.Equal(3, r.Nic.Devid);
        Assert.Null(r.Nic.Mac);
        Assert.Null(r.Nic.Bridge);
    }

    [Fact]
    public void Empty_items_and_leading_spaces_are_skipped()
    {
        VifSpecParse r = Parse(",,type=ioemu, mac=00:16:3E:74:3d:76,  bridge=xenbr0,");
        Assert.Empty(r.Diagnostics);
        Assert.Equal(NicType.VifIoemu, r.Nic.RequestedType);
        Assert.Equal(Mac("00:16:3e:74:3d:76"), r.Nic.Mac);
        Assert.Equal("xenbr0", r.Nic.Bridge);
    }

    [Fact]
    public void Trailing_space_stays_in_the_value()
    {
        // Reference §2.1 (verified): ' bridge=br1 , mac=…' gives bridge "br1 ".
        VifSpecParse r = Parse(" bridge=br1 , mac=00:16:3e:01:02:03");
        Assert.Equal("br1 ", r.Nic.Bridge);
        Assert.Equal(Mac("00:16:3e:01:02:03"), r.Nic.Mac);
        Assert.Equal(["12:VM203"], Findings(r));
    }

    [Fact]
    public void Space_before_equals_makes_xl_ignore_the_item()
    {
        VifSpecParse r = Parse("bridge = br0");
        Assert.Null(r.Nic.Bridge);
        Assert.Equal(["1:VM202"], Findings(r));
        Assert.Contains("unrecognized argument `bridge = br0'", r.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Space_after_equals_is_kept_in_the_value()
    {
        VifSpecParse r = Parse("bridge= br0");
        Assert.Equal(" br0", r.Nic.Bridge);
        Assert.Equal(["8:VM202"], Findings(r));
    }

    [Fact]
    public void Tab_before_a_key_is_not_skipped()
    {
        VifSpecParse r = Parse("mac=00:16:3e:01:02:03,\tbridge=br0");
        Assert.Null(r.Nic.Bridge);
        Assert.Equal(["23:VM203"], Findings(r));
    }

    [Fact]
    public void Keys_are_case_sensitive()
    {
        VifSpecParse r = Parse("Bridge=br0");
        Assert.Null(r.Nic.Bridge);
        Assert.Equal(["1:VM201"], Findings(r));
        Assert.EndsWith("keys are case-sensitive: `bridge'?", r.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("uuid=1234")]
    [InlineData("policy=x")]
    [InlineData("bridge")]
    public void Unknown_items_are_ignored_with_a_warning(string spec)
    {
        VifSpecParse r = Parse(spec);
        Assert.Equal(["1:VM201"], Findings(r));
        Assert.False(r.XlExits);
    }

    [Fact]
    public void An_item_of_only_spaces_is_an_unrecognized_empty_argument()
    {
        Assert.Equal(["6:VM201"], Findings(Parse("ip=x,  ,")));
    }

    [Fact]
    public void Value_may_contain_equals_signs()
    {
        Assert.Equal("a=b", Parse("vifname=a=b").Nic.VifName);
    }

    [Fact]
    public void Duplicate_keys_last_one_wins()
    {
        VifSpecParse r = Parse("bridge=a,bridge=b");
        Assert.Equal("b", r.Nic.Bridge);
        Assert.Equal(["1:VM204"], Findings(r));
        Assert.Contains("(column 10)", r.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Netdev_is_a_deprecated_gatewaydev_and_counts_as_a_duplicate()
    {
        VifSpecParse r = Parse("gatewaydev=eth0,netdev=eth1");
        Assert.Equal("eth1", r.Nic.GatewayDev);
        Assert.Equal(["1:VM204", "17:VM226"], Findings(r));
    }

    [Fact]
    public void Accel_is_ignored()
    {
        Assert.Equal(["1:VM226"], Findings(Parse("accel=x")));
    }

    [Theory]
    [InlineData("type=netfront")]
    [InlineData("type=IOEMU")]
    [InlineData("type=vif_ioemu")]
    public void Invalid_type_is_ignored_and_the_default_applies(string spec)
    {
        VifSpecParse r = Parse(spec);
        Assert.Null(r.Nic.RequestedType);
        Assert.Equal(["6:VM205"], Findings(r));
    }

    [Fact]
    public void Invalid_type_does_not_undo_an_earlier_valid_one()
    {
        VifSpecParse r = Parse("type=vif,type=bogus");
        Assert.Equal(NicType.Vif, r.Nic.RequestedType);
        Assert.Equal(["15:VM205"], Findings(r));
    }

    [Theory]
    [InlineData(GuestType.Pv)]
    [InlineData(GuestType.Pvh)]
    public void Type_ioemu_on_pv_or_pvh_is_an_error(GuestType type)
    {
        VifSpecParse r = Parse("type=ioemu", type);
        Assert.Equal(["6:VM206"], Findings(r));
        Assert.Equal(Severity.Error, r.Diagnostics[0].Severity);
        Assert.False(r.XlExits); // xl -N still prints the config: it is libxl that refuses
    }

    [Fact]
    public void Model_on_a_pv_guest_has_no_effect()
    {
        Assert.Equal(["1:VM227"], Findings(Parse("model=e1000", GuestType.Pv)));
        Assert.Equal(["10:VM227"], Findings(Parse("type=vif,model=e1000", GuestType.Hvm)));
        Assert.Empty(Findings(Parse("model=e1000", GuestType.Hvm)));
    }

    [Theory]
    [InlineData("mac=00-16-3E-aa-bb-cc", "00:16:3e:aa:bb:cc")]
    [InlineData("mac=00:16:3E:66:92:9C", "00:16:3e:66:92:9c")]
    public void Mac_with_dashes_or_uppercase_is_fine(string spec, string mac)
    {
        VifSpecParse r = Parse(spec);
        Assert.Empty(r.Diagnostics);
        Assert.Equal(Mac(mac), r.Nic.Mac);
    }

    [Theory]
    [InlineData("mac=0:16:3e:1:2:3", "00:16:3e:01:02:03")]
    [InlineData("mac=0x0:0x16:0x3e:0x1:0x2:0x3", "00:16:3e:01:02:03")]
    [InlineData("mac=00.16.3e.01.02.03", "00:16:3e:01:02:03")]
    [InlineData("mac=00g16g3eg01g02g03", "00:16:3e:01:02:03")]
    [InlineData("mac=100000000:16:3e:01:02:03", "00:16:3e:01:02:03")] // 2^32 truncated to unsigned int: 0
    [InlineData("mac=-0:16:3e:01:02:03", "00:16:3e:01:02:03")]
    [InlineData("mac=+2:16:3e:01:02:03", "02:16:3e:01:02:03")]
    [InlineData("mac= 2:16:3e:01:02:03", "02:16:3e:01:02:03")]
    public void Loose_mac_forms_are_read_as_xl_reads_them(string spec, string mac)
    {
        VifSpecParse r = Parse(spec);
        Assert.Equal(Mac(mac), r.Nic.Mac);
        Assert.Equal(["5:VM211"], Findings(r));
    }

    [Fact]
    public void Text_after_the_sixth_octet_is_ignored()
    {
        VifSpecParse r = Parse("mac=00:16:3e:01:02:03:99");
        Assert.Equal(Mac("00:16:3e:01:02:03"), r.Nic.Mac);
        Assert.Equal(["22:VM210"], Findings(r));
    }

    [Fact]
    public void Trailing_space_after_a_mac_is_ignored_text()
    {
        VifSpecParse r = Parse("mac=00:16:3e:01:02:03 ,bridge=b");
        Assert.Equal(Mac("00:16:3e:01:02:03"), r.Nic.Mac);
        Assert.Equal(["22:VM210"], Findings(r));
    }

    [Fact]
    public void Partial_mac_reads_into_the_next_token()
    {
        // Reference §2.4 (verified): the 'b' of "bridge" is a hex digit.
        VifSpecParse r = Parse("mac=00:16:3e,bridge=xenbr1");
        Assert.Equal(Mac("00:16:3e:0b:00:00"), r.Nic.Mac);
        Assert.Equal("xenbr1", r.Nic.Bridge);
        Assert.Equal(["5:VM208", "5:VM207"], Findings(r));
    }

    [Fact]
    public void Partial_mac_reads_across_the_space_before_the_next_token()
    {
        VifSpecParse r = Parse("mac=00:16:3e, bridge=xenbr1");
        Assert.Equal(Mac("00:16:3e:0b:00:00"), r.Nic.Mac);
        Assert.Equal(["5:VM208", "5:VM207"], Findings(r));
    }

    [Fact]
    public void Five_octet_mac_silently_takes_its_last_octet_from_the_next_token()
    {
        VifSpecParse r = Parse("mac=00:16:3e:01:02,bridge=x");
        Assert.Equal(Mac("00:16:3e:01:02:0b"), r.Nic.Mac);
        Assert.Equal("x", r.Nic.Bridge);
        Assert.Equal(["5:VM208"], Findings(r));
    }

    [Fact]
    public void Partial_mac_at_the_end_of_the_spec_reads_past_the_buffer()
    {
        VifSpecParse r = Parse("bridge=x,mac=00:16:3e");
        Assert.Equal(["14:VM209"], Findings(r));
        Assert.Equal(Severity.Error, r.Diagnostics[0].Severity);
    }

    [Fact]
    public void Partial_mac_before_a_trailing_comma_stops_at_the_final_nul()
    {
        // The trailing comma becomes strtok's NUL; the next byte is the string's own NUL: no overrun.
        VifSpecParse r = Parse("mac=00:16:3e,");
        Assert.Equal(Mac("00:16:3e:00:00:00"), r.Nic.Mac);
        Assert.Equal(["5:VM207"], Findings(r));
    }

    [Fact]
    public void Invalid_mac_keeps_the_octets_read_so_far_over_an_earlier_mac()
    {
        VifSpecParse r = Parse("mac=00:16:3e:01:02:03,mac=02:zz");
        Assert.Equal(Mac("02:16:3e:01:02:03"), r.Nic.Mac);
        Assert.Equal(["1:VM204", "30:VM207"], Findings(r));
    }

    [Fact]
    public void Octet_over_255_is_invalid()
    {
        VifSpecParse r = Parse("mac=100:16:3e:01:02:03");
        Assert.Null(r.Nic.Mac);
        Assert.Equal(["5:VM207"], Findings(r));
    }

    [Fact]
    public void All_zero_mac_means_random()
    {
        VifSpecParse r = Parse("mac=00:00:00:00:00:00");
        Assert.Null(r.Nic.Mac);
        Assert.Equal(["5:VM212"], Findings(r));
    }

    [Fact]
    public void Multicast_mac_is_flagged()
    {
        VifSpecParse r = Parse("mac=01:00:5e:00:00:01");
        Assert.Equal(Mac("01:00:5e:00:00:01"), r.Nic.Mac);
        Assert.Equal(["5:VM213"], Findings(r));
    }

    [Fact]
    public void Bad_rate_makes_xl_exit()
    {
        VifSpecParse r = Parse("bridge=b,rate=10MB/s@10h");
        Assert.True(r.XlExits);
        Assert.Null(r.Nic.Rate);
        Assert.Equal(["22:VM215"], Findings(r));
        Assert.Contains("invalid replenishment interval in `10h'", r.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_of_nine_million_digits_is_an_error_not_a_crash()
    {
        // Issue 9 item 4 reproduced the segfault through the spec, the way lint meets it.
        VifSpecParse r = Parse("bridge=b,rate=" + new string('9', 9_000_000) + "MB/s");
        Assert.True(r.XlExits);
        Assert.Null(r.Nic.Rate);
        Assert.Single(r.Diagnostics);
        Assert.True(r.Diagnostics[0].Location.Column <= 9_000_100);
    }

    [Fact]
    public void Rate_traps_are_warnings_with_the_effective_value()
    {
        VifSpecParse r = Parse("rate=010MB/s@20");
        Assert.False(r.XlExits);
        Assert.Equal(new VifRate(160000000, 20000000), r.Nic.Rate);
        Assert.Equal(["6:VM216", "14:VM216"], Findings(r));
    }

    [Theory]
    [InlineData("devid=5", 5)]
    [InlineData("devid=007", 7)] // parse_ulong is base 10: no octal here
    public void Devid_overrides_the_list_index(string spec, int devid)
    {
        VifSpecParse r = Parse(spec, index: 1);
        Assert.Empty(r.Diagnostics);
        Assert.Equal(devid, r.Nic.Devid);
    }

    [Fact]
    public void Devid_with_trailing_text_keeps_the_number()
    {
        VifSpecParse r = Parse("devid=3abc");
        Assert.Equal(3, r.Nic.Devid);
        Assert.Equal(["8:VM218"], Findings(r));
    }

    [Theory]
    [InlineData("devid=abc")]
    [InlineData("devid=")]
    [InlineData("devid=-1")]
    [InlineData("mtu=x")]
    [InlineData("devid=99999999999999999999999")]
    public void Unreadable_devid_or_mtu_makes_xl_exit(string spec)
    {
        VifSpecParse r = Parse(spec);
        Assert.True(r.XlExits);
        Assert.Equal(Severity.Error, r.Diagnostics.Single().Severity);
        Assert.Equal(DiagnosticCodes.InvalidNumber, r.Diagnostics.Single().Code);
    }

    [Fact]
    public void Devid_beyond_int_wraps()
    {
        VifSpecParse r = Parse("devid=4294967296");
        Assert.Equal(0, r.Nic.Devid);
        Assert.Equal(["7:VM229"], Findings(r));
    }

    [Fact]
    public void Mtu_is_stored_and_zero_means_default()
    {
        Assert.Equal(9000UL, Parse("mtu=9000").Nic.Mtu);
        Assert.Equal(["5:VM228"], Findings(Parse("mtu=0")));
        Assert.Equal(["5:VM228"], Findings(Parse("mtu=70000")));
    }

    [Fact]
    public void Trusted_flags_last_one_wins()
    {
        VifSpecParse r = Parse("trusted,untrusted");
        Assert.False(r.Nic.Trusted);
        Assert.Equal(["1:VM204"], Findings(r));
        Assert.True(Parse("trusted").Nic.Trusted);
    }

    [Fact]
    public void Vlan_backend_and_colo_keys_are_stored()
    {
        VifSpecParse r = Parse("vlan=10p/20,backend=netdom,forwarddev=eth9,colo_sock_mirror_port=9000");
        Assert.Empty(r.Diagnostics);
        Assert.Equal("10p/20", r.Nic.Vlan);
        Assert.Equal("netdom", r.Nic.Backend);
        Assert.Equal("eth9", r.Nic.ColoSettings["forwarddev"]);
        Assert.Equal("9000", r.Nic.ColoSettings["colo_sock_mirror_port"]);
    }

    [Fact]
    public void Xl_knows_every_key_of_4_22()
    {
        // type mac bridge netdev gatewaydev ip script backend vifname model rate accel devid mtu vlan (15),
        // forwarddev, and the 48 colo_* keys: the 64 MATCH_OPTION keys of parse_nic_config.
        Assert.Equal(64, VifSpecParser.KnownKeys.Count);
    }

    [Fact]
    public void Value_locations_point_at_the_last_value_of_each_key()
    {
        VifSpecParse r = Parse("vifname=a,devid=2,vifname=bb");
        Assert.Equal(new SourceLocation("t.cfg", 1, 27), r.Nic.LocationOf("vifname"));
        Assert.Equal(new SourceLocation("t.cfg", 1, 17), r.Nic.LocationOf("devid"));
        Assert.Equal(new SourceLocation("t.cfg", 1, 1), r.Nic.LocationOf("mac"));
    }

    [Fact]
    public void Non_ascii_offsets_count_bytes()
    {
        // "é" is two bytes: the trailing space of "bé " is at byte offset 11 → column 12.
        VifSpecParse r = Parse("vifname=bé ");
        Assert.Equal("bé ", r.Nic.VifName);
        Assert.Equal(["12:VM203"], Findings(r));
    }
}
