using System.Text.Json;

namespace Vifmap.Cli.Tests.Lint;

/// <summary>`vifmap lint --xen/--toolstack` (issue 10 §3): the same values and defaults as plan, and plan's
/// judgements of the config for that release appear with plan's codes. Expected lines written by hand from
/// the rules' messages and the boundary citations in XenReleases.</summary>
public sealed class LintReleaseTests
{
    private static (int Exit, string Out, string Err) Lint(string stdin, params string[] options)
        => CliRun.Run(["lint", .. options, "-"], CliRun.Bootable(stdin));

    private static string[] Codes(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(e => $"{e.GetProperty("code").GetString()}:{e.GetProperty("severity").GetString()}")];
    }

    [Fact]
    public void Devid_key_is_ignored_before_4_9_and_fine_from_4_9()
    {
        // RELEASE-4.9.0 tools/xl/xl_parse.c:559 is the first `devid` option of parse_nic_config.
        const string config = "vif = [ 'devid=3' ]\n";
        (int exit, string stdout, string stderr) = Lint(config, "--xen", "4.8");
        Assert.Equal(
            "-:1:16: warning: devid= exists from Xen 4.9 (xl); xl 4.2+ ignores devid=3 and uses devid 0 (the NIC's place in the list) [VM312]\n",
            stdout.ReplaceLineEndings("\n"));
        Assert.Equal((0, string.Empty), (exit, stderr));
        Assert.Equal((0, string.Empty), (Lint(config, "--xen", "4.9").Exit, Lint(config, "--xen", "4.9").Out));
        Assert.Equal(string.Empty, Lint(config).Out);
    }

    [Fact]
    public void Vlan_and_trusted_are_unknown_tokens_before_their_release()
    {
        // vlan: RELEASE-4.18.0 tools/xl/xl_parse.c:573 (unrecognized) | RELEASE-4.19.0 tools/xl/xl_parse.c:568.
        // trusted: RELEASE-4.16.0 tools/xl/xl_parse.c:569 (unrecognized) | RELEASE-4.17.0 tools/xl/xl_parse.c:568.
        const string config = "vif = [ 'bridge=xenbr0,vlan=10,trusted' ]\n";
        Assert.Equal(
            "-:1:24: warning: xl create prints \"unrecognized argument `vlan=10'\" and ignores it (xl network-attach refuses it); `vlan' is read from xl 4.19 on (docs/vif-keys.md) [VM201]\n",
            Lint(config, "--xen", "4.17").Out.ReplaceLineEndings("\n"));
        Assert.Equal(["VM201:warning", "VM201:warning"], Codes(Lint(config, "--json", "--xen", "4.16").Out));
        Assert.Equal(string.Empty, Lint(config, "--xen", "4.19").Out);
        Assert.Equal(string.Empty, Lint(config).Out);
    }

    [Fact]
    public void Type_hvm_without_kernel_stops_xl_4_1_to_4_9()
    {
        // Issue 10 §1. RELEASE-4.9.0 tools/xl/xl_parse.c:854-857 builds PV (no type=), :1210-1213 exits without
        // kernel/bootloader; RELEASE-4.10.0 tools/xl/xl_parse.c:904 reads type=.
        const string config = "type = \"hvm\"\nvif = [ 'bridge=xenbr0' ]\nname = \"g\"\n";
        static (int Exit, string Out, string Err) LintAsWritten(string config, string xen) => CliRun.Run(["lint", "--xen", xen, "-"], config);
        (int exit, string stdout, _) = LintAsWritten(config, "4.9");
        Assert.Equal(
            "-:1:8: warning: xl 4.9 does not read type= (xl reads it from 4.10): type=\"hvm\" is ignored and the guest is built PV from builder= [VM134]\n"
            + "-:1:8: error: xl 4.9 builds this guest PV (type=\"hvm\" is not read) and, with neither kernel= nor bootloader=, stops with \"Neither kernel nor bootloader specified\": the domain is not created; write builder=\"hvm\" [VM324]\n",
            stdout.ReplaceLineEndings("\n"));
        Assert.Equal(1, exit);
        Assert.Equal((0, string.Empty), (LintAsWritten(config, "4.10").Exit, LintAsWritten(config, "4.10").Out));
    }

    [Fact]
    public void Duplicate_devid_is_an_error_only_where_xl_reads_devid()
    {
        const string config = "vif = [ 'devid=1', 'devid=1' ]\n";
        Assert.Contains("VM223:error", Codes(Lint(config, "--json").Out));
        // 4.8: NIC 0's devid=1 is ignored (it gets devid 0, its place); NIC 1 is devid 1 anyway.
        Assert.Equal(["VM312:warning"], Codes(Lint(config, "--json", "--xen", "4.8").Out));
    }

    [Fact]
    public void Xend_refuses_a_key_xm_does_not_know()
    {
        (int exit, string stdout, _) = Lint("vif = [ 'mtu=9000' ]\n", "--json", "--toolstack", "xend", "--xen", "4.4");
        Assert.Equal(["VM323:error"], Codes(stdout));
        Assert.Equal(1, exit);
        Assert.Equal(0, Lint("vif = [ 'mtu=9000' ]\n").Exit);
    }

    [Fact]
    public void Qemu_traditional_makes_xl_exit_from_4_21()
    {
        // RELEASE-4.20.0 tools/xl/xl_parse.c:2735 reads it; RELEASE-4.21.0 xl_parse.c:2777-2783 does not.
        const string config = "type = \"hvm\"\ndevice_model_version = \"qemu-xen-traditional\"\n";
        Assert.Equal(["VM321:error"], Codes(Lint(config, "--json").Out));
        Assert.Equal(["VM321:error"], Codes(Lint(config, "--json", "--xen", "4.21").Out));
        Assert.Equal((0, "[]"), (Lint(config, "--json", "--xen", "4.20").Exit, Lint(config, "--json", "--xen", "4.20").Out.Trim()));
    }

    [Fact]
    public void Builder_is_deprecated_only_where_type_exists()
    {
        // RELEASE-4.10.0 tools/xl/xl_parse.c:904 reads type=; RELEASE-4.9.0 xl_parse.c:855 only builder=.
        const string config = "builder = \"hvm\"\n";
        Assert.Equal(["VM133:warning"], Codes(Lint(config, "--json", "--xen", "4.10").Out));
        Assert.Empty(Codes(Lint(config, "--json", "--xen", "4.9").Out));
    }

    [Theory]
    [InlineData(new[] { "--toolstack", "xend" }, "vifmap: --toolstack xend: xend exists in Xen 4.0 to 4.4 (removed in 4.5), not in 4.22; add --xen 4.4 or older")]
    [InlineData(new[] { "--xen", "5.0" }, "vifmap: --xen: expected a release from 4.0 to 4.22 such as 4.17, not '5.0'")]
    [InlineData(new[] { "--toolstack", "xapi" }, "vifmap: --toolstack: expected xl or xend, not 'xapi'")]
    public void Bad_release_options_are_usage_errors_worded_as_plan_words_them(string[] options, string message)
    {
        (int exit, string stdout, string stderr) = Lint("vif = [ '' ]\n", options);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith(message + "\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
