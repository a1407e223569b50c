using System.Text.Json;

namespace Vifmap.LabTests.Lab;

/// <summary>
/// What `xl -N create cfg` answered: the exit code, libxl's domain JSON on stdout (parsed when
/// xl succeeded) and xl's messages on stderr ("Parsing config from ...", errors).
/// </summary>
public sealed class XlResult : IDisposable
{
    internal XlResult(int exitCode, string stdOut, string stdErr)
    {
        ExitCode = exitCode;
        StdOut = stdOut;
        StdErr = stdErr;
        Json = exitCode == 0 && stdOut.TrimStart().StartsWith('{') ? JsonDocument.Parse(stdOut) : null;
    }

    public int ExitCode { get; }

    public string StdOut { get; }

    public string StdErr { get; }

    /// <summary>libxl's libxl_domain_config as JSON (null unless xl exited 0).</summary>
    public JsonDocument? Json { get; }

    /// <summary>The "nics" array (empty when the guest has none or xl failed).</summary>
    public IReadOnlyList<JsonElement> Nics =>
        Json is not null && Json.RootElement.TryGetProperty("nics", out JsonElement nics)
            ? nics.EnumerateArray().ToArray()
            : [];

    public void Dispose() => Json?.Dispose();
}

/// <summary>
/// The real xl (4.17) as an oracle for xl.cfg and vif semantics: `xl -N create` (dry run) parses
/// the config with libxlutil and xl's own vif parser, applies libxl's defaults and prints the
/// domain configuration. Runs through tests/lab/xl.sh against a lab xenstored (libxl needs a
/// connection to initialise; the dry run sends it nothing). xl's global defaults file
/// (/etc/xen/xl.conf) is replaced by an empty or given one, so the host's cannot change an answer.
/// </summary>
/// <example>
/// <code>
/// await using XlOracle xl = await XlOracle.StartAsync();
/// using XlResult r = await xl.CreateDryRunAsync("type='hvm'\nname='g'\nmemory=256\nvif=['bridge=xenbr0']\n");
/// Assert.Equal("xenbr0", r.Nics[0].GetProperty("bridge").GetString());
/// </code>
/// </example>
public sealed class XlOracle : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly XenstoredLab _lab;
    private readonly bool _ownsLab;

    /// <summary>An oracle using an existing lab daemon (not stopped by this oracle).</summary>
    public XlOracle(XenstoredLab lab)
        : this(lab, ownsLab: false)
    {
    }

    private XlOracle(XenstoredLab lab, bool ownsLab)
    {
        _lab = lab;
        _ownsLab = ownsLab;
    }

    /// <summary>Starts its own lab daemon (skips/fails the test when the lab is unavailable).</summary>
    public static async Task<XlOracle> StartAsync(CancellationToken cancellationToken = default) =>
        new(await XenstoredLab.StartAsync(cancellationToken: cancellationToken), ownsLab: true);

    /// <summary>
    /// Writes <paramref name="configText"/> to a temporary file and runs `xl -N create` on it.
    /// <paramref name="globalConfigText"/> stands in for /etc/xen/xl.conf (e.g.
    /// `vif.default.bridge="br1"`); null means an empty one, never the host's.
    /// </summary>
    public async Task<XlResult> CreateDryRunAsync(string configText, string? globalConfigText = null,
        CancellationToken cancellationToken = default)
    {
        string id = Guid.NewGuid().ToString("N");
        string file = Path.Combine(_lab.Directory, $"guest-{id}.cfg");
        string? globalFile = globalConfigText is null ? null : Path.Combine(_lab.Directory, $"xl-{id}.conf");
        await File.WriteAllTextAsync(file, configText, cancellationToken);
        if (globalFile is not null)
        {
            await File.WriteAllTextAsync(globalFile, globalConfigText, cancellationToken);
        }

        try
        {
            LabProcessResult result = await RunAsync(["-N", "create", file], globalFile, cancellationToken);
            return new XlResult(result.ExitCode, result.StdOut, result.StdErr);
        }
        finally
        {
            File.Delete(file);
            if (globalFile is not null)
            {
                File.Delete(globalFile);
            }
        }
    }

    /// <summary>
    /// Any xl command line, e.g. ["help"]; xl runs with the lab shim and this daemon, reading
    /// <paramref name="globalConfigPath"/> instead of /etc/xen/xl.conf (null: an empty one).
    /// </summary>
    public Task<LabProcessResult> RunAsync(IEnumerable<string> arguments, string? globalConfigPath = null,
        CancellationToken cancellationToken = default)
    {
        var environment = new Dictionary<string, string>(_lab.Env)
        {
            ["VIFMAP_LAB_XL_CONF"] = globalConfigPath ?? LabEnvironment.Current.EmptyXlConfigPath,
        };
        return LabProcess.RunAsync(LabEnvironment.Current.Script("xl.sh"), arguments, environment, timeout: s_timeout,
            cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsLab)
        {
            await _lab.DisposeAsync();
        }
    }
}
