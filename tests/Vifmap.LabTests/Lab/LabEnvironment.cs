namespace Vifmap.LabTests.Lab;

/// <summary>
/// Where the real-Xen lab lives and whether it can run on this machine. Computed once per test
/// run: locating the repository, checking the Debian packages and building the native pieces
/// (tests/lab/build.sh) happen on first use. Env VIFMAP_LAB_DISABLE=reason makes it unavailable.
/// </summary>
public sealed class LabEnvironment
{
    public const string XenstoredBinary = "/usr/lib/xen-4.17/bin/xenstored";
    public const string XlBinary = "/usr/lib/xen-4.17/bin/xl";

    /// <summary>The Xen clients the fixtures call (package xenstore-utils).</summary>
    public static readonly IReadOnlyList<string> ClientTools =
    [
        "/usr/bin/xenstore-read",
        "/usr/bin/xenstore-write",
        "/usr/bin/xenstore-rm",
        "/usr/bin/xenstore-ls",
        "/usr/bin/xenstore-list",
        "/usr/bin/xenstore-exists",
    ];

    private static readonly Lazy<LabEnvironment> s_current = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    private LabEnvironment(string? repositoryRoot, string? unavailableReason)
    {
        RepositoryRoot = repositoryRoot;
        UnavailableReason = unavailableReason;
    }

    /// <summary>The lab as found for this test process.</summary>
    public static LabEnvironment Current => s_current.Value;

    /// <summary>The checkout holding tests/lab (null when it could not be found).</summary>
    public string? RepositoryRoot { get; }

    /// <summary>Why the lab cannot run here, or null when it can.</summary>
    public string? UnavailableReason { get; }

    public bool IsAvailable => UnavailableReason is null;

    public string LabDirectory => Path.Combine(Root, "tests", "lab");

    public string ShimPath => Path.Combine(LabDirectory, "build", "vifmap-lab-shim.so");

    public string BulkWriterPath => Path.Combine(LabDirectory, "build", "xs-bulk-write");

    /// <summary>An empty global xl config (xl refuses /dev/null), made by build.sh.</summary>
    public string EmptyXlConfigPath => Path.Combine(LabDirectory, "build", "xl-empty.conf");

    public string Script(string name) => Path.Combine(LabDirectory, name);

    private string Root => RepositoryRoot ?? throw new InvalidOperationException(
        "The lab is unavailable: " + UnavailableReason);

    private static LabEnvironment Probe()
    {
        string? root = FindRepositoryRoot(AppContext.BaseDirectory);
        if (root is null)
        {
            return new LabEnvironment(null, $"no tests/lab/build.sh above {AppContext.BaseDirectory}");
        }

        string? reason = MissingPrerequisite();
        if (reason is not null)
        {
            return new LabEnvironment(root, reason);
        }

        LabProcessResult build;
        try
        {
            build = LabProcess.RunAsync(Path.Combine(root, "tests", "lab", "build.sh"), [])
                .GetAwaiter().GetResult();
        }
        catch (TimeoutException e)
        {
            return new LabEnvironment(root, "tests/lab/build.sh: " + e.Message);
        }

        return build.ExitCode == 0
            ? new LabEnvironment(root, null)
            : new LabEnvironment(root, $"tests/lab/build.sh failed ({build.ExitCode}): {build.StdErr.Trim()}");
    }

    private static string? MissingPrerequisite()
    {
        // Lets a developer (or the lab's own check of the CI rule) turn the lab off on purpose.
        string? disabled = Environment.GetEnvironmentVariable("VIFMAP_LAB_DISABLE");
        if (!string.IsNullOrEmpty(disabled))
        {
            return "disabled by VIFMAP_LAB_DISABLE=" + disabled;
        }

        if (!OperatingSystem.IsLinux())
        {
            return "the lab needs Linux";
        }

        // The daemon's socket is mode 0600 and owned by root (real-xen-lab.md).
        if (!Environment.IsPrivilegedProcess)
        {
            return "the lab needs root (xenstored's socket is 0600)";
        }

        const string Install = " (run tests/lab/install-deps.sh)";
        foreach (string path in (string[])[XenstoredBinary, XlBinary, .. ClientTools, "/usr/include/xenctrl.h"])
        {
            if (!File.Exists(path))
            {
                return path + " is missing" + Install;
            }
        }

        return FindOnPath("gcc") ? null : "gcc is missing" + Install;
    }

    private static bool FindOnPath(string tool)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "tests", "lab", "build.sh")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
