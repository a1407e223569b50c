using System.Text.Json;

namespace Vifmap.Cli.Tests.Plan;

/// <summary>`vifmap plan` in process on real config files; expected names written from reference §3.3.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vifmap-plan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Cfg(string text)
    {
        string path = Path.Combine(_dir, $"g{Guid.NewGuid():N}.cfg");
        File.WriteAllText(path, CliRun.Bootable(text));
        return path;
    }

    private static (int ExitCode, string Output) Run(params string[] args) => CliRun.RunText(["plan", .. args]);

    private const string HvmConfig = """
        name = "web"
        type = "hvm"
        vif = [ "mac=00:16:3e:00:00:01,bridge=br1", "type=vif", "vifname=db" ]

        """;

    [Fact]
    public void Json_lists_every_nic_with_its_interfaces()
    {
        (int code, string output) = Run(Cfg(HvmConfig), "--domid", "5", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal("web", root.GetProperty("domain").GetProperty("name").GetString());
        Assert.Equal("hvm", root.GetProperty("domain").GetProperty("type").GetString());
        Assert.Equal(5, root.GetProperty("domain").GetProperty("domid").GetInt32());
        Assert.Equal("4.22", root.GetProperty("xen").GetString());
        Assert.Equal("xl", root.GetProperty("toolstack").GetString());

        JsonElement[] nics = [.. root.GetProperty("nics").EnumerateArray()];
        Assert.Equal(
            [
                "0 00:16:3e:00:00:01 br1 vif_ioemu rtl8139 - vif5.0/pv vif5.0-emu/emulated",
                "1 random xenbr0 vif - - vif5.1/pv",
                "2 random xenbr0 vif_ioemu rtl8139 db db/pv db-emu/emulated",
            ],
            nics.Select(Line));
        string[] codes = [.. root.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()!)];
        Assert.Equal(["VM309"], codes);
    }

    private static string Line(JsonElement nic)
    {
        static string S(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? "-" : e.GetProperty(name).ToString();
        string interfaces = string.Join(' ', nic.GetProperty("interfaces").EnumerateArray().Select(i => $"{S(i, "name")}/{S(i, "role")}"));
        return $"{S(nic, "devid")} {S(nic, "mac")} {S(nic, "bridge")} {S(nic, "nictype")} {S(nic, "model")} {S(nic, "vifname")} {interfaces}";
    }

    [Fact]
    public void Text_is_a_table_then_the_findings()
    {
        string cfg = Cfg(HvmConfig);
        (int code, string output) = Run(cfg, "--domid", "5");
        Assert.Equal(0, code);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("domain web (hvm), domid 5, Xen 4.22 xl (xl 4.2+)", lines[0]);
        Assert.StartsWith("DEVID  MAC", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("vif5.0 (pv), vif5.0-emu (emulated)", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("vif5.1 (pv)", lines[3], StringComparison.Ordinal);
        Assert.EndsWith("db (pv), db-emu (emulated)", lines[4], StringComparison.Ordinal);
        Assert.StartsWith($"{cfg}:3:", lines[5], StringComparison.Ordinal);
        Assert.EndsWith("[VM309]", lines[5], StringComparison.Ordinal);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void Templates_without_a_domid()
    {
        (int code, string output) = Run(Cfg("type=\"hvm\"\nvif=['devid=100']\n"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("domain").GetProperty("domid").ValueKind);
        Assert.Equal(9999, doc.RootElement.GetProperty("max_domid_that_fits").GetInt32());
        JsonElement tap = doc.RootElement.GetProperty("nics")[0].GetProperty("interfaces")[1];
        Assert.Equal("vif<D>.100-emu", tap.GetProperty("name").GetString());
        Assert.True(tap.GetProperty("template").GetBoolean());
    }

    [Fact]
    public void Long_tap_name_is_an_error()
    {
        (int code, string output) = Run(Cfg("type=\"hvm\"\nvif=['devid=100']\n"), "--domid", "12345");
        Assert.Equal(1, code);
        Assert.Contains("vif12345.100-em (emulated; wanted vif12345.100-emu)", output, StringComparison.Ordinal);
        Assert.Contains("[VM302]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Ioemu_on_pv_is_an_error_now_but_not_for_xl_4_1()
    {
        string cfg = Cfg("type=\"pv\"\nkernel=\"/k\"\nvif=['type=ioemu']\n");
        Assert.Equal(1, Run(cfg, "--domid", "3").ExitCode);
        Assert.Equal(0, Run(cfg, "--domid", "3", "--xen", "4.1").ExitCode);
    }

    [Fact]
    public void Older_eras_name_differently()
    {
        string cfg = Cfg("builder=\"hvm\"\nvif=['', 'type=netfront', '']\n");
        (int code, string output) = Run(cfg, "--domid", "5", "--xen", "4.1", "--toolstack", "xend", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("xend", doc.RootElement.GetProperty("toolstack").GetString());
        Assert.Equal(
            ["vif5.0 tap5.0", "vif5.1", "vif5.2 tap5.1"],
            doc.RootElement.GetProperty("nics").EnumerateArray()
                .Select(n => string.Join(' ', n.GetProperty("interfaces").EnumerateArray().Select(i => i.GetProperty("name").GetString()))));
    }

    [Fact]
    public void Stub_domain_vifs_replace_the_taps()
    {
        string cfg = Cfg("type=\"hvm\"\ndevice_model_stubdomain_override=1\nvif=['vifname=web']\n");
        (int code, string output) = Run(cfg, "--domid", "5", "--stubdom-domid", "6", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        JsonElement[] interfaces = [.. doc.RootElement.GetProperty("nics")[0].GetProperty("interfaces").EnumerateArray()];
        Assert.Equal(["web/pv/5", "web-emu/stubdom/6"], interfaces.Select(i => $"{i.GetProperty("name")}/{i.GetProperty("role")}/{i.GetProperty("domid")}"));
        Assert.Equal("vif6.0", interfaces[1].GetProperty("created_as").GetString());
    }

    [Theory]
    [InlineData("--domid", "0")]
    [InlineData("--domid", "32752")]
    [InlineData("--domid", "-1")]
    [InlineData("--xen", "4.23")]
    [InlineData("--toolstack", "xapi")]
    [InlineData("--stubdom-domid", "x")]
    public void Bad_options_are_usage_errors(string option, string value)
        => Assert.Equal(2, Run(Cfg("vif=['']\n"), option, value).ExitCode);

    [Fact]
    public void Xend_after_4_4_is_a_usage_error()
    {
        (int code, string message) = Run(Cfg("vif=['']\n"), "--toolstack", "xend", "--xen", "4.5");
        Assert.Equal(2, code);
        Assert.Contains("removed in 4.5", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_exit_1()
    {
        (int code, string message) = Run(Path.Combine(_dir, "nope.cfg"));
        Assert.Equal(1, code);
        Assert.Contains("no such file", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_is_exit_1()
    {
        (int code, string message) = Run(_dir);
        Assert.Equal(1, code);
        Assert.EndsWith(": is a directory", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_names_are_escaped_in_text_and_kept_whole_in_json()
    {
        // A raw ESC inside the vifname: xl passes it on, so plan must neither break its JSON nor drive the terminal.
        string cfg = Cfg("name=\"a\"\nvif=['vifname=x\u001by']\n");
        (_, string text) = Run(cfg, "--domid", "2");
        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("x\\x1by", text, StringComparison.Ordinal);
        (_, string json) = Run(cfg, "--domid", "2", "--json");
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("x\u001by", doc.RootElement.GetProperty("nics")[0].GetProperty("vifname").GetString());
    }

    [Fact]
    public void Standard_input_is_named_dash_in_findings_as_lint_names_it()
    {
        (int code, string output, _) = CliRun.Run(["plan", "-", "--json"], stdin: CliRun.Bootable("vif = 'bridge=xenbr0'\n"));

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        JsonElement finding = Assert.Single(doc.RootElement.GetProperty("diagnostics").EnumerateArray().ToArray());
        Assert.Equal(("-", 1, 7, "VM224"), (finding.GetProperty("file").GetString(), finding.GetProperty("line").GetInt32(),
            finding.GetProperty("column").GetInt32(), finding.GetProperty("code").GetString()));
    }
}
