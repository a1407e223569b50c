using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.LabTests.Lab;
using Vifmap.Vif;
using Xunit.Abstractions;

namespace Vifmap.LabTests.Vif;

/// <summary>Proof against the real xl (4.17, `xl -N create`): for generated vif specs on HVM and PV guests,
/// the NIC Vifmap derives must equal the NIC in libxl's domain JSON, field by field, and a spec Vifmap
/// says makes xl exit must make xl exit with the message Vifmap quotes. `-N` prints the configuration as
/// xl built it, before libxl's defaults (libxl_domain_config_to_json right after parse_config_data), so
/// the comparison is with <see cref="NicSpec"/>, not with <see cref="NicDefaults"/>.</summary>
public sealed class XlVifOracleTests(ITestOutputHelper output)
{
    private const int SpecCount = 1200;
    private const int NicsPerConfig = 4;
    private const int Parallelism = 2;

    private static readonly string[] s_fields =
        ["devid", "mac", "bridge", "nictype", "ifname", "model", "script", "ip", "gatewaydev", "rate", "mtu", "trusted", "backend_domname"];

    [SkippableFact]
    public async Task Generated_specs_give_the_nics_xl_gives()
    {
        LabRequirement.SkipUnlessLabAvailable();
        string[] specs = GenerateSpecs(SpecCount, seed: 20261126);
        var cases = new List<ConfigCase>();
        var batch = new List<string>();
        for (int i = 0; i < specs.Length; i++)
        {
            GuestType guest = i % 2 == 0 ? GuestType.Hvm : GuestType.Pv;
            if (VifSpecParser.Parse(specs[i], 0, guest).XlExits)
            {
                // xl stops at the first spec it cannot read: such a spec gets a config of its own.
                cases.Add(ConfigCase.FromSpecs(cases.Count, guest, [specs[i]]));
                continue;
            }

            batch.Add(specs[i]);
            if (batch.Count == NicsPerConfig || i == specs.Length - 1)
            {
                cases.Add(ConfigCase.FromSpecs(cases.Count, guest, batch));
                batch.Clear();
            }
        }

        Tally tally = await RunAsync(cases);
        Assert.True(tally.Disagreements.Count == 0, tally.Summary());
    }

    /// <summary>What happens to the vif list as a whole: xl.cfg forms whose effect is on which NICs exist.</summary>
    [SkippableTheory]
    [InlineData("vif = 'bridge=xenbr0'")] // a string: no NIC at all
    [InlineData("vif = [ 'bridge=a', [ 'bridge=b' ], 'bridge=c' ]")] // a nested list ends the list
    [InlineData("vif = [ 5, 0x10 ]")] // numbers are specs of their digits
    [InlineData("vif = [ 'bridge=a' ]\nvif = [ 'bridge=b', 'bridge=c' ]")] // last assignment wins
    [InlineData("vif = [ 'bridge=a' ]\nvif += [ 'devid=7', '' ]")] // += appends (4.13+)
    [InlineData("vif = [ \"ip=a\\tb, bridge=x\\101y\", 'vifname=\\'q\\'' ]")] // escapes: tab, dropped octal, quotes
    [InlineData("vif = [ 'mac=00:16:3e:01:02,bridge=\u00e9t\u00e9', 'bridge=br0\u00a0' ]")] // UTF-8 bytes
    [InlineData("vif = [ 'devid=1', '', 'devid=1' ]")] // duplicate devids: xl -N still prints them
    [InlineData("vif = []")]
    [InlineData("vif = [ '', ]")]
    public async Task Vif_list_forms_give_the_nics_xl_gives(string vifLines)
    {
        LabRequirement.SkipUnlessLabAvailable();
        string text = "name = \"forms\"\nmemory = 128\ntype = \"hvm\"\n" + vifLines + "\n";
        Tally tally = await RunAsync([ConfigCase.FromText(0, text)]);
        Assert.True(tally.Disagreements.Count == 0, tally.Summary());
    }

    private async Task<Tally> RunAsync(IReadOnlyList<ConfigCase> cases)
    {
        await using XlOracle xl = await XlOracle.StartAsync();
        var tally = new Tally();
        var stopwatch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(Parallelism);
        XlOutcome[] outcomes = await Task.WhenAll(cases.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                using XlResult r = await xl.CreateDryRunAsync(c.Text);
                return new XlOutcome(c, r.ExitCode, r.StdErr, [.. r.Nics.Select(n => n.Clone())]);
            }
            finally
            {
                gate.Release();
            }
        }));
        stopwatch.Stop();

        foreach (XlOutcome o in outcomes)
        {
            tally.Add(o);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cases.Count} xl -N create runs ({Parallelism} at a time): {stopwatch.Elapsed.TotalSeconds:F1} s, {stopwatch.Elapsed.TotalMilliseconds / cases.Count:F1} ms per run"));
        output.WriteLine(tally.Summary());
        return tally;
    }

    private static string[] GenerateSpecs(int count, ulong seed)
    {
        var pcg = new PCG(1, seed);
        var specs = new string[count];
        for (int i = 0; i < count; i++)
        {
            specs[i] = VifSpecGen.Spec.Generate(pcg, null, out _);
        }

        return specs;
    }

    private sealed record Predicted(NicSpec Nic, GuestType Guest, IReadOnlyList<Diagnostic> Diagnostics)
    {
        public string Spec => Nic.Text;

        public bool MacUndefined => Diagnostics.Any(d => d.Code == DiagnosticCodes.MacReadsPastEnd && d.Location.Line == Nic.Location.Line && d.Location.Column >= Nic.Location.Column && d.Location.Column <= Nic.Location.Column + Encoding.UTF8.GetByteCount(Nic.Text) + 2);
    }

    /// <summary>One xl.cfg and what Vifmap predicts from it (through the config parser and DomainConfigReader).</summary>
    private sealed record ConfigCase(int Number, string Text, DomainConfig Config)
    {
        public GuestType Guest => Config.Type;

        public IReadOnlyList<Predicted> Nics => [.. Config.Nics.Select(n => new Predicted(n, Config.Type, Config.Diagnostics))];

        public bool ExpectExit => Config.Diagnostics.Any(d => d.Code is DiagnosticCodes.InvalidRate or DiagnosticCodes.InvalidNumber);

        public static ConfigCase FromText(int number, string text)
            => new(number, text, DomainConfigReader.Read($"case{number}.cfg", Encoding.UTF8.GetBytes(text)));

        public static ConfigCase FromSpecs(int number, GuestType guest, IEnumerable<string> specs)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"name = \"oracle{number}\"\nmemory = 128\n");
            text.Append(guest == GuestType.Hvm ? "type = \"hvm\"\n" : "kernel = \"/nonexistent\"\n");
            text.Append("vif = [ ");
            text.AppendJoin(", ", specs.Select(spec => "'" + spec + "'"));
            text.Append(" ]\n");
            return FromText(number, text.ToString());
        }
    }

    private sealed record XlOutcome(ConfigCase Case, int ExitCode, string StdErr, IReadOnlyList<JsonElement> Nics);

    private sealed class Tally
    {
        private readonly Dictionary<string, (int Agree, int Compared)> _fields = s_fields.ToDictionary(f => f, _ => (0, 0), StringComparer.Ordinal);
        private int _specs;
        private int _hvm;
        private int _exitAgree;
        private int _exitCases;
        private int _macUndefined;
        private readonly SortedDictionary<string, int> _codes = new(StringComparer.Ordinal);

        public List<string> Disagreements { get; } = [];

        public void Add(XlOutcome o)
        {
            _specs += o.Case.Nics.Count;
            foreach (string code in o.Case.Config.Diagnostics.Select(d => d.Code).Distinct())
            {
                _codes[code] = _codes.GetValueOrDefault(code) + 1;
            }

            _hvm += o.Case.Guest == GuestType.Hvm ? o.Case.Nics.Count : 0;
            bool xlExited = o.ExitCode != 0;
            if (o.Case.ExpectExit || xlExited)
            {
                _exitCases++;
                string? expected = o.Case.Config.Diagnostics
                    .Where(d => d.Code is DiagnosticCodes.InvalidRate or DiagnosticCodes.InvalidNumber)
                    .Select(d => XlQuote(d.Message)).FirstOrDefault();
                if (o.Case.ExpectExit && xlExited && expected is not null && o.StdErr.Contains(expected, StringComparison.Ordinal))
                {
                    _exitAgree++;
                }
                else
                {
                    Disagreements.Add(string.Create(CultureInfo.InvariantCulture,
                        $"exit: predicted {(o.Case.ExpectExit ? "exit" : "success")} ({expected}), xl exited {o.ExitCode}: {o.StdErr.Trim()} | specs: {string.Join(" ; ", o.Case.Nics.Select(n => Show(n.Spec)))}"));
                }

                return;
            }

            if (o.Nics.Count != o.Case.Nics.Count)
            {
                Disagreements.Add($"nic count {o.Nics.Count} != {o.Case.Nics.Count} for {string.Join(" ; ", o.Case.Nics.Select(n => Show(n.Spec)))}");
                return;
            }

            for (int i = 0; i < o.Nics.Count; i++)
            {
                Compare(o.Case.Nics[i], o.Nics[i]);
            }
        }

        private void Compare(Predicted p, JsonElement xl)
        {
            NicSpec nic = p.Nic;
            bool macUndefined = p.MacUndefined;
            _macUndefined += macUndefined ? 1 : 0;
            Field(p, "devid", nic.Devid.ToString(CultureInfo.InvariantCulture), Int(xl, "devid", -1).ToString(CultureInfo.InvariantCulture));
            if (!macUndefined)
            {
                Field(p, "mac", nic.Mac?.ToString(), Str(xl, "mac"));
            }

            Field(p, "bridge", nic.Bridge, Str(xl, "bridge"));
            Field(p, "nictype", nic.RequestedType switch { NicType.Vif => "vif", NicType.VifIoemu => "vif_ioemu", _ => null }, Str(xl, "nictype"));
            Field(p, "ifname", nic.VifName, Str(xl, "ifname"));
            Field(p, "model", nic.Model, Str(xl, "model"));
            Field(p, "script", nic.Script, Str(xl, "script"));
            Field(p, "ip", nic.Ip, Str(xl, "ip"));
            Field(p, "gatewaydev", nic.GatewayDev, Str(xl, "gatewaydev"));
            VifRate rate = nic.Rate ?? default;
            Field(p, "rate", $"{rate.BytesPerInterval}/{rate.IntervalMicroseconds}",
                $"{Int(xl, "rate_bytes_per_interval", 0)}/{Int(xl, "rate_interval_usecs", 0)}");
            Field(p, "mtu", unchecked((int)(nic.Mtu ?? 0)).ToString(CultureInfo.InvariantCulture), Int(xl, "mtu", 0).ToString(CultureInfo.InvariantCulture));
            Field(p, "trusted", nic.Trusted switch { true => "True", false => "False", null => null }, Str(xl, "trusted"));
            Field(p, "backend_domname", nic.Backend, Str(xl, "backend_domname"));
        }

        private void Field(Predicted p, string field, string? ours, string? xls)
        {
            (int agree, int compared) = _fields[field];
            bool same = string.Equals(ours, xls, StringComparison.Ordinal);
            _fields[field] = (agree + (same ? 1 : 0), compared + 1);
            if (!same)
            {
                Disagreements.Add($"{field}: vifmap {Show(ours)} xl {Show(xls)} ({p.Guest}) spec {Show(p.Spec)}");
            }
        }

        public string Summary()
        {
            var s = new StringBuilder();
            s.Append(CultureInfo.InvariantCulture,
                $"specs {_specs} ({_hvm} HVM, {_specs - _hvm} PV); xl exits predicted and seen with xl's message: {_exitAgree}/{_exitCases} configs; MAC undefined (not compared): {_macUndefined}\n");
            foreach (string f in s_fields)
            {
                s.Append(CultureInfo.InvariantCulture, $"  {f,-16} {_fields[f].Agree}/{_fields[f].Compared}\n");
            }

            s.Append("configs with each finding: ").AppendJoin(", ", _codes.Select(c => $"{c.Key} {c.Value}")).Append('\n');
            s.Append(CultureInfo.InvariantCulture, $"disagreements: {Disagreements.Count}\n");
            foreach (string d in Disagreements.Take(50))
            {
                s.Append("  ").Append(d).Append('\n');
            }

            return s.ToString();
        }

        private static string XlQuote(string message)
        {
            // Our message quotes xl's own words between the first pair of double quotes after "says".
            int start = message.IndexOf("says \"", StringComparison.Ordinal) + 6;
            int end = message.IndexOf("\" and exits", StringComparison.Ordinal);
            return start >= 6 && end > start ? message[start..end] : message;
        }

        private static string Show(string? s) => s is null ? "(absent)" : "\"" + JsonEncodedText.Encode(s) + "\"";

        private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) ? v.GetString() : null;

        private static long Int(JsonElement e, string name, long absent) => e.TryGetProperty(name, out JsonElement v) ? v.GetInt64() : absent;
    }
}
