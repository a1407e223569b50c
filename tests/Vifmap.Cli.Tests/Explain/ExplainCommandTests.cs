using System.Text.Json;

namespace Vifmap.Cli.Tests.Explain;

/// <summary>`vifmap explain` in process: exit codes, text and JSON shapes.</summary>
public sealed class ExplainCommandTests
{
    internal static (int ExitCode, string Output) Run(params string[] args) => CliRun.RunText(["explain", .. args]);

    [Fact]
    public void Json_has_the_documented_shape()
    {
        (int code, string output) = Run("tap5.1", "xenbr0", "foo", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        JsonElement[] items = [.. doc.RootElement.EnumerateArray()];
        Assert.Equal(3, items.Length);

        JsonElement tap = items[0];
        Assert.Equal("tap5.1", tap.GetProperty("name").GetString());
        Assert.Equal("guest", tap.GetProperty("kind").GetString());
        Assert.Equal("emulated", tap.GetProperty("role").GetString());
        Assert.Equal(5, tap.GetProperty("domid").GetInt32());
        Assert.Equal(JsonValueKind.Null, tap.GetProperty("devid").ValueKind);
        JsonElement[] readings = [.. tap.GetProperty("readings").EnumerateArray()];
        Assert.Equal(
            ["xapi any 1", "xl 4.1 1", "xl 4.0 2", "xend 4.0-4.1 null"],
            readings.Select(r => $"{r.GetProperty("toolstack").GetString()} {r.GetProperty("xen").GetString()} {(r.GetProperty("devid").ValueKind == JsonValueKind.Null ? "null" : r.GetProperty("devid").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
        Assert.All(readings, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("meaning").GetString())));

        Assert.Equal("bridge", items[1].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("role").ValueKind);
        Assert.Equal("unknown", items[2].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, items[2].GetProperty("domid").ValueKind);
    }

    [Fact]
    public void Xen_option_narrows_to_one_release()
    {
        (int code, string output) = Run("tap5.1", "--xen", "4.1", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(3, doc.RootElement[0].GetProperty("readings").GetArrayLength()); // xapi (any release), xl 4.1, xend 4.0-4.1
    }

    [Fact]
    public void Text_shows_each_reading_and_the_caveat()
    {
        (int code, string output) = Run("vif5.0-emu", "--xen", "4.22");
        Assert.Equal(0, code);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("vif5.0-emu: guest, domain 5, devid 0, role emulated", lines[0]);
        Assert.StartsWith("  xl 4.2+  emulated  QEMU tap of domain 5's NIC with devid 0", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("  note: A custom vifname can look exactly like a default name (vifname=\"vif5.0-emu\"", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void Unknown_names_still_exit_0()
    {
        (int code, string output) = Run("my-web-if");
        Assert.Equal(0, code);
        Assert.StartsWith("my-web-if: unknown", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5.1")]
    [InlineData("4")]
    [InlineData("four")]
    [InlineData("3.4")]
    public void Bad_xen_version_is_a_usage_error(string xen)
    {
        (int code, string message) = Run("vif5.0", "--xen", xen);
        Assert.Equal(2, code);
        Assert.Contains("--xen", message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_name_is_a_usage_error()
        => Assert.Equal(2, Run().ExitCode);

    [Fact]
    public void Hostile_names_are_escaped_in_text_and_json()
    {
        (_, string text) = Run("a\u001b[31mb");
        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("a\\x1b[31mb", text, StringComparison.Ordinal);
        (_, string json) = Run("q\"\u0001", "--json");
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("q\"\u0001", doc.RootElement[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Misspelt_option_is_a_usage_error_not_a_name_to_decode()
    {
        (int code, string message) = Run("vif5.0", "--jsn");

        Assert.Equal(2, code);
        Assert.Equal("unknown option '--jsn' (for a value that starts with '--', put -- before it)", message);
    }

    [Fact]
    public void Names_starting_with_dashes_are_decoded_when_single_or_after_double_dash()
    {
        (int code, string output) = Run("--json", "-emu", "--", "--x");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(["-emu", "--x"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.All(doc.RootElement.EnumerateArray(), e => Assert.Equal("unknown", e.GetProperty("kind").GetString()));
    }

    [Fact]
    public void Bad_xen_version_is_escaped_in_the_error()
    {
        (int code, string message) = Run("vif5.0", "--xen", "4.\u001b[2J");

        Assert.Equal(2, code);
        Assert.EndsWith("not '4.\\x1b[2J'", message, StringComparison.Ordinal);
    }
}
