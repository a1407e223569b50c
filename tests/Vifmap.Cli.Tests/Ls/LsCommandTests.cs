using System.Text.Json;
using Vifmap.Cli.Output;

namespace Vifmap.Cli.Tests.Ls;

/// <summary>`vifmap ls --snapshot` end to end in-process. TestData/small-host.json is written by hand:
/// guest 5 "web" (PV, connected, a hostile name with an OSC escape), guest 7 "win" (HVM without PV
/// drivers, vifname win-lan), and a leftover vif9.0. The expected outputs below are written from
/// that scenario and the reference (§4.5, §3.2), not copied from a run.</summary>
public sealed class LsCommandTests
{
    private static readonly string s_snapshot = Path.Combine(AppContext.BaseDirectory, "Ls", "TestData", "small-host.json");

    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(["ls", .. args]);

    /// <summary>A run that must fail: its exit code and its one stderr line without "vifmap: ", nothing on stdout.</summary>
    private static async Task<(string Message, int Code)> FailsAsync(params string[] args)
    {
        (int code, string output, string error) = await RunAsync(args);
        Assert.Equal(string.Empty, output);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("vifmap: ", lines[0], StringComparison.Ordinal);
        Assert.Equal(code == 2 ? 2 : 1, lines.Length); // a usage error adds the --help hint, nothing else adds a line
        return (lines[0]["vifmap: ".Length..], code);
    }

    [Fact]
    public async Task Table_shows_each_nic_with_its_interfaces_active_path_and_escaped_names()
    {
        (int code, string output, string error) = await RunAsync("--snapshot", s_snapshot);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        string expected = """
            DOMAIN               DOMID  DEVID  MAC                BRIDGE  PV       EMULATED     ACTIVE    STATE  RX-FROM-GUEST  TX-TO-GUEST
            web\x1b]0;pwned\x07      5      0  00:16:3e:00:00:05  xenbr0  vif5.0   -            pv        up           1.4 MiB        999 B
            win                      7      0  00:16:3e:00:00:07  xenbr1  win-lan  win-lan-emu  emulated  up            12 MiB      4.1 KiB
            -                        -      -  -                  -       vif9.0   -            orphan    -                  -            -

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Wide_table_adds_the_evidence()
    {
        (_, string output, _) = await RunAsync("--snapshot", s_snapshot, "--wide", "--domain", "win");

        string[] lines = output.Split('\n');
        Assert.EndsWith("  WHY", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("  frontend state 1 (Initialising), tap win-lan-emu present, traffic seen", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_has_the_contract_fields_and_raw_values()
    {
        (int code, string output, _) = await RunAsync("--snapshot", s_snapshot, "--json");

        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal("snapshot", root.GetProperty("source").GetString()); // what ls read, not where the snapshot came from
        Assert.Equal(0, root.GetProperty("backend_domid").GetInt32());
        JsonElement web = root.GetProperty("domains")[0];
        Assert.Equal("web\u001b]0;pwned\u0007", web.GetProperty("name").GetString());
        Assert.Equal("11111111-2222-4333-8444-555555555555", web.GetProperty("uuid").GetString());
        Assert.Equal(JsonValueKind.Null, web.GetProperty("stubdom_domid").ValueKind);
        JsonElement win = root.GetProperty("domains")[1].GetProperty("nics")[0];
        Assert.Equal(
            (0, "00:16:3e:00:00:07", "xenbr1", "vif_ioemu", "win-lan", 2, 1, "emulated"),
            (win.GetProperty("devid").GetInt32(), win.GetProperty("mac").GetString(), win.GetProperty("bridge").GetString(),
             win.GetProperty("nictype").GetString(), win.GetProperty("vifname").GetString(),
             win.GetProperty("backend_state").GetInt32(), win.GetProperty("frontend_state").GetInt32(), win.GetProperty("active").GetString()));
        JsonElement tap = win.GetProperty("interfaces")[1];
        Assert.Equal(
            ("win-lan-emu", "emulated", true, "up", "xenbr1", 12345678L, 4200L),
            (tap.GetProperty("name").GetString(), tap.GetProperty("role").GetString(), tap.GetProperty("present").GetBoolean(),
             tap.GetProperty("operstate").GetString(), tap.GetProperty("master").GetString(),
             tap.GetProperty("rx_bytes").GetInt64(), tap.GetProperty("tx_bytes").GetInt64()));
        JsonElement orphan = root.GetProperty("orphans")[0];
        Assert.Equal(("vif9.0", "vif-like name, but domain 9 does not exist"), (orphan.GetProperty("name").GetString(), orphan.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Unknown_domain_is_one_line_exit_1()
    {
        Assert.Equal(("no guest named or numbered 'nope\\x1b'", 1), await FailsAsync("--snapshot", s_snapshot, "--domain", "nope\u001b"));
    }

    [Fact]
    public async Task Missing_or_broken_snapshot_is_one_line_exit_1()
    {
        string broken = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(broken, """{"format":"vifmap-snapshot","version":9,"xenstore":[]}""");
            Assert.Equal(
                ($"{Path.GetFileName(broken)}: snapshot version 9 is not supported (this vifmap reads version 1)", 1),
                await FailsAsync("--snapshot", broken));
            Assert.Equal(($"{broken}.absent: no such file", 1), await FailsAsync("--snapshot", broken + ".absent"));
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task A_directory_given_as_the_snapshot_is_named_as_such()
    {
        string directory = Path.GetDirectoryName(s_snapshot)!;
        Assert.Equal(($"{directory}: is a directory", 1), await FailsAsync("--snapshot", directory));
    }

    [Theory]
    [InlineData("")]
    [InlineData("local = \"\"\n domain = \"\"\n")] // xenstore-ls without -f
    [InlineData("\u0001\u0002 binary junk\n")]
    public async Task Dump_without_a_single_node_is_one_line_exit_1_not_an_empty_map(string text)
    {
        string dump = Path.GetTempFileName();
        string links = Path.Combine(AppContext.BaseDirectory, "Ls", "TestData", "small-links.json");
        try
        {
            await File.WriteAllTextAsync(dump, text);
            Assert.Equal(
                ($"{Path.GetFileName(dump)}: no node in it: not the output of 'xenstore-ls -f' (empty, or written without -f?)", 1),
                await FailsAsync("--xenstore-dump", dump, "--links", links));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    [Fact]
    public async Task Snapshot_of_dom0_refuses_another_backend_domid_but_accepts_its_own()
    {
        (string, int) refused = await FailsAsync("--snapshot", s_snapshot, "--backend-domid", "7");
        (int code, _, _) = await RunAsync("--snapshot", s_snapshot, "--backend-domid", "0");

        Assert.Equal(("small-host.json was taken in backend domain 0: --backend-domid 7 cannot apply (take the snapshot in that domain)", 2), refused);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Missing_sysfs_root_is_an_error_not_a_host_without_interfaces()
    {
        Assert.Equal(("--sysfs-root /nonexistent/class/net: no such directory", 1), await FailsAsync("--sysfs-root", "/nonexistent/class/net"));
    }

    [Fact]
    public async Task Dump_needs_links_and_snapshot_excludes_both()
    {
        Assert.Equal(
            ("--xenstore-dump and --links go together (xenstore-ls -f, and ip -j -s -d link show)", 2),
            await FailsAsync("--xenstore-dump", s_snapshot));
        Assert.Equal(
            ("--snapshot already holds xenstore and the interfaces: drop --xenstore-dump/--links", 2),
            await FailsAsync("--snapshot", s_snapshot, "--links", s_snapshot));
    }

    [Fact]
    public async Task Xenstore_ls_dump_with_ip_link_json_maps_and_flags_a_truncated_value()
    {
        string data = Path.Combine(AppContext.BaseDirectory, "Ls", "TestData");

        (int code, string output, string error) = await RunAsync(
            "--json", "--xenstore-dump", Path.Combine(data, "small-dump.txt"), "--links", Path.Combine(data, "small-links.json"));

        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal("dump", root.GetProperty("source").GetString());
        JsonElement web = root.GetProperty("domains")[0];
        Assert.Equal((5, "web-with-a-lo"), (web.GetProperty("domid").GetInt32(), web.GetProperty("name").GetString()));
        JsonElement nic = web.GetProperty("nics")[0];
        JsonElement vif = nic.GetProperty("interfaces")[0];
        Assert.Equal(("pv", "vif5.0", true, true, 10L), (nic.GetProperty("active").GetString(), vif.GetProperty("name").GetString(),
            vif.GetProperty("present").GetBoolean(), vif.GetProperty("carrier").GetBoolean(), vif.GetProperty("rx_bytes").GetInt64()));
        Assert.Equal(["VM491"], root.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()));
        Assert.StartsWith("vifmap: warning VM491: the value of /local/domain/5/name was cut by xenstore-ls", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dump_from_a_pipe_maps_as_the_same_dump_from_a_file()
    {
        // --xenstore-dump <(xenstore-ls -f): the pipe is read once, from the handle opened for it. Opening
        // it a second time (as a device without length once was) waits for a writer that has gone.
        string data = Path.Combine(AppContext.BaseDirectory, "Ls", "TestData");
        string dump = Path.Combine(data, "small-dump.txt");
        string links = Path.Combine(data, "small-links.json");
        (int fileCode, string fromFile, string fileError) = await RunAsync("--json", "--xenstore-dump", dump, "--links", links);
        using NamedPipe pipe = NamedPipe.Send(await File.ReadAllBytesAsync(dump));

        (int code, string output, string error) = await RunAsync("--json", "--timeout", "20", "--xenstore-dump", pipe.Path, "--links", links);

        Assert.Equal((0, 0), (fileCode, code));
        Assert.Equal(WithoutReadAt(fromFile), WithoutReadAt(output));
        Assert.Equal(fileError.Replace(dump, pipe.Path, StringComparison.Ordinal), error);
        Assert.True(pipe.Delivered(TimeSpan.FromSeconds(10)));
    }

    private static string WithoutReadAt(string json)
        => string.Join('\n', json.Split('\n').Where(line => !line.Contains("\"read_at\"", StringComparison.Ordinal)));

    [Fact]
    public async Task A_host_without_guests_says_so_instead_of_an_empty_table()
    {
        string dump = Path.GetTempFileName();
        string links = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(dump, "/local = \"\"\n/local/domain = \"\"\n/local/domain/0 = \"\"\n/local/domain/0/name = \"Domain-0\"\n");
            await File.WriteAllTextAsync(links, "[]");

            (int code, string output, string error) = await RunAsync("--xenstore-dump", dump, "--links", links);

            Assert.Equal((0, string.Empty), (code, error));
            Assert.Equal("no guests: xenstore lists no domain with NICs besides the backend domain (0)\n", output.ReplaceLineEndings("\n"));
        }
        finally
        {
            File.Delete(dump);
            File.Delete(links);
        }
    }

    [Theory]
    [InlineData(null, "-")]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1.0 KiB")]
    [InlineData(1_258_291L, "1.2 MiB")]
    [InlineData(12_345_678L, "12 MiB")]
    [InlineData(1_610_612_736L, "1.5 GiB")]
    public void Byte_counts_read_at_a_glance_in_iec_units(long? bytes, string expected)
        => Assert.Equal(expected, LsTable.Bytes(bytes, raw: false));

    [Theory]
    [InlineData(999L, "999")]
    [InlineData(12_300L, "12.3k")]
    [InlineData(4_500_000L, "4.5M")]
    public void Packet_counts_read_at_a_glance(long packets, string expected)
        => Assert.Equal(expected, LsTable.Count(packets, raw: false));

    [Fact]
    public void Raw_numbers_with_bytes()
        => Assert.Equal(("12345678", "12300"), (LsTable.Bytes(12_345_678, raw: true), LsTable.Count(12_300, raw: true)));
}
