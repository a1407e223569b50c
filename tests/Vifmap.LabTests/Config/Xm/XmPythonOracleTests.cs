using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CsCheck;
using Vifmap.Config.Xm;
using Vifmap.Diagnostics;
using Vifmap.LabTests.Lab;
using Xunit.Abstractions;

namespace Vifmap.LabTests.Config.Xm;

/// <summary>Real Python as the oracle of the xm config evaluator: python3 runs each file with <c>exec</c> in a namespace
/// built as xm's <c>Opts.load</c> built it (RELEASE-4.1.0 tools/python/xen/xm/opts.py:280-284, 539-550: sys, os, os.path,
/// re, socket, struct, errno, xm_file, xm_help, xm_vars), and every value Vifmap says it knows must be the one Python
/// computed (compared by <c>repr</c>). Where Vifmap says "unknown" Python's answer is this host's, so it is not compared;
/// where Python raises, Vifmap must have said so or have met something it could not know. A list that contains itself
/// (<c>b += [b]</c>: Python's lists are shared, Vifmap's are values) is not compared. Only the tests run Python; the
/// product never does.</summary>
public sealed class XmPythonOracleTests(ITestOutputHelper output)
{
    private const int GeneratedConfigs = 3000;

    /// <summary>The oracle: one JSON line per file, {"status": "ok" | "syntax" | "raised:Type", "values": {name: repr}}.
    /// <c>vmid</c> is given, as on xm's command line (xmexample2/3 need it).</summary>
    private const string OracleScript = """
        import sys, os, os.path, re, socket, struct, errno, json
        class Vars:
            def var(self, name, use=None, check=None): pass
            def check(self): pass
        PRESET = ['sys', 'os', 're', 'socket', 'struct', 'errno', 'xm_file', 'xm_help', 'xm_vars', 'vmid']
        for path in sys.argv[1:]:
            locs = {'sys': sys, 'os': os, 're': re, 'socket': socket, 'struct': struct, 'errno': errno,
                    'xm_file': path, 'xm_help': 0, 'xm_vars': Vars(), 'vmid': 3}
            preset = dict((k, locs[k]) for k in PRESET)
            try:
                source = open(path).read()
                code = compile(source, path, 'exec')
            except SyntaxError as e:
                # Python 3 refuses 'a' b'b' (bytes next to str); Python 2, which xm ran, reads both as str.
                py3_only = 'bytes' in str(e)
                print(json.dumps({'status': 'syntax-python3' if py3_only else 'syntax', 'values': {}}))
                continue
            status = 'ok'
            try:
                exec(code, {}, locs)
            except Exception as e:
                status = 'raised:' + type(e).__name__
            values = {}
            for k, v in locs.items():
                if k in preset and locs[k] is preset[k]:
                    continue
                if isinstance(v, (str, int, float, list, tuple, dict, type(None))):
                    values[k] = repr(v)
                else:
                    values[k] = '<' + type(v).__name__ + '>'
            print(json.dumps({'status': status, 'values': values}))
        """;

    public static TheoryData<string> Examples() => new(Directory.GetFiles(ExampleFolder())
        .Where(f => Path.GetFileName(f).StartsWith("xmexample", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [SkippableTheory]
    [MemberData(nameof(Examples))]
    public async Task Xen_example_config_agrees_with_python(string file)
    {
        RequirePython();
        string path = Path.Combine(ExampleFolder(), file);
        (string status, Dictionary<string, string> python) = (await RunOracleAsync([path]))[0];
        Assert.Equal("ok", status);
        (string? difference, int compared) = Compare(File.ReadAllBytes(path), status, python);
        Assert.True(difference is null, difference);
        Assert.True(compared >= 5, $"only {compared} values compared");
    }

    [SkippableFact]
    public async Task Generated_configs_agree_with_python()
    {
        RequirePython();
        var texts = new List<string>();
        XmConfigGen.Config.Sample(texts.Add, iter: GeneratedConfigs, threads: 1);
        string folder = Directory.CreateTempSubdirectory("vifmap-xm-oracle").FullName;
        try
        {
            var paths = new List<string>();
            for (int i = 0; i < texts.Count; i++)
            {
                string path = Path.Combine(folder, $"gen{i}.cfg");
                await File.WriteAllTextAsync(path, texts[i]);
                paths.Add(path);
            }

            List<(string Status, Dictionary<string, string> Values)> results = await RunOracleAsync(paths);
            var disagreements = new List<string>();
            int compared = 0;
            var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < texts.Count; i++)
            {
                (string status, Dictionary<string, string> python) = results[i];
                statuses[status.Split(':')[0]] = statuses.GetValueOrDefault(status.Split(':')[0]) + 1;
                (string? difference, int n) = Compare(Encoding.UTF8.GetBytes(texts[i]), status, python);
                compared += n;
                if (difference is not null && disagreements.Count < 10)
                {
                    disagreements.Add($"input:\n{texts[i]}\n{difference}");
                }
            }

            output.WriteLine($"{texts.Count} configs ({string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}"))}), {compared} known values compared");
            Assert.True(disagreements.Count == 0, string.Join("\n\n", disagreements));
            Assert.True(compared >= 3 * statuses.GetValueOrDefault("ok"), $"only {compared} values compared over {statuses.GetValueOrDefault("ok")} files Python ran to the end");
            Assert.True(statuses.GetValueOrDefault("ok") >= texts.Count / 20, "too few generated configs run to the end");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Null when Vifmap agrees with Python on <paramref name="source"/>, else what differs; and how many
    /// known values were compared.</summary>
    private static (string? Difference, int Compared) Compare(byte[] source, string status, Dictionary<string, string> python)
    {
        XmEvaluation evaluation = XmConfigParser.Evaluate("t.cfg", source);
        bool certainError = evaluation.Diagnostics.Any(d => d.Code == DiagnosticCodes.XmCreateStops && d.Severity == Severity.Error);
        bool flagged = evaluation.Diagnostics.Any(d => d.Code is DiagnosticCodes.XmCreateStops or DiagnosticCodes.XmStatementSkipped or DiagnosticCodes.XmCommandLineVariable)
            || evaluation.UsedUnknowns;
        if (status == "syntax-python3")
        {
            return (null, 0);
        }

        if (status == "syntax")
        {
            // Vifmap reports a syntax error only where it is sure; elsewhere it skips the statement with VM140, which is
            // still a finding. Reading a file Python refuses as if it were fine would be the disagreement.
            bool skipped = evaluation.Diagnostics.Any(d => d.Code == DiagnosticCodes.XmStatementSkipped);
            return (evaluation.SyntaxError || skipped ? null : "Python: SyntaxError; Vifmap: no syntax error and nothing skipped", 0);
        }

        if (evaluation.SyntaxError)
        {
            return ($"Python: {status}; Vifmap: syntax error {string.Join("; ", evaluation.Diagnostics)}", 0);
        }

        if (certainError && status == "ok")
        {
            return ($"Python ran to the end; Vifmap says it stops: {string.Join("; ", evaluation.Diagnostics)}", 0);
        }

        if (status != "ok")
        {
            // Python stopped where it raised, perhaps inside a branch Vifmap could not decide; Vifmap's values are those of
            // the runs that do not raise, so they are not comparable. It must have seen that something can go wrong.
            return (flagged ? null : $"Python: {status}; Vifmap: no finding and no unknown", 0);
        }

        int compared = 0;
        var differences = new List<string>();
        foreach ((string name, PyValue value) in evaluation.Values)
        {
            if (value is PyUnknown or PyModule or PyFunction or PyOpaque)
            {
                continue;
            }

            string? mine = PyValues.Repr(value);
            if (mine is null)
            {
                continue;
            }

            compared++;
            if (!python.TryGetValue(name, out string? theirs))
            {
                differences.Add($"{name}: Vifmap {mine}, Python has no such name");
            }
            else if (mine != theirs && !theirs.Contains("[...]", StringComparison.Ordinal))
            {
                differences.Add($"{name}: Vifmap {mine}, Python {theirs}");
            }
        }

        foreach ((string name, string theirs) in python)
        {
            if (!theirs.StartsWith('<') && !evaluation.Values.Any(v => v.Name == name))
            {
                differences.Add($"{name}: Python {theirs}, Vifmap never assigns it");
            }
        }

        return (differences.Count == 0 ? null : $"status {status}\n" + string.Join("\n", differences), compared);
    }

    private static async Task<List<(string Status, Dictionary<string, string> Values)>> RunOracleAsync(IReadOnlyList<string> paths)
    {
        LabProcessResult result = (await LabProcess.RunAsync("python3", ["-c", OracleScript, .. paths], timeout: TimeSpan.FromMinutes(2)))
            .EnsureSuccess("python3 oracle");
        var results = new List<(string, Dictionary<string, string>)>();
        foreach (string line in result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument json = JsonDocument.Parse(line);
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty p in json.RootElement.GetProperty("values").EnumerateObject())
            {
                values[p.Name] = p.Value.GetString()!;
            }

            results.Add((json.RootElement.GetProperty("status").GetString()!, values));
        }

        Assert.Equal(paths.Count, results.Count);
        return results;
    }

    private static void RequirePython()
        => LabRequirement.SkipUnless(
            Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(d => File.Exists(Path.Combine(d, "python3"))) == true,
            "python3 is missing (the xm config oracle)");

    private static string ExampleFolder([CallerFilePath] string thisFile = "")
        => Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "Vifmap.Tests", "TestData", "Xm");
}
