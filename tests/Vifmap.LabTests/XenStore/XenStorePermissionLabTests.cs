using Vifmap.LabTests.Lab;

namespace Vifmap.LabTests.XenStore;

/// <summary>The daemon's socket is mode 0600 root. A test running as root cannot be refused, so the
/// client is run as user nobody in a child process: a .NET 10 file-based app that references the
/// library, built into a temporary folder and started with <c>setpriv --reuid=65534</c>.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class XenStorePermissionLabTests
{
    private const string ProbeSource = """
        using Vifmap.XenStore;
        try
        {
            await using XenStoreConnection connection = await XenStoreConnection.OpenAsync(new XenStoreConnectionOptions { SocketPath = args[0] });
            System.Console.WriteLine("connected, /tool/xenstored = [" + System.Text.Encoding.ASCII.GetString((await connection.ReadAsync("/tool/xenstored"))!) + "]");
        }
        catch (XenStoreUnavailableException e)
        {
            System.Console.WriteLine(e.GetType().Name + ": " + e.Message);
        }
        """;

    [SkippableFact]
    public async Task Socket_refused_to_a_non_root_user_is_reported_as_permission_denied()
    {
        LabEnvironment lab = LabRequirement.SkipUnlessLabAvailable();
        LabRequirement.SkipUnless(Environment.UserName == "root" && File.Exists("/usr/bin/setpriv"), "needs root and setpriv (util-linux) to run a client as nobody");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet";
        string work = Directory.CreateTempSubdirectory("vifmap-xs-perm-").FullName;
        try
        {
            string library = Path.Combine(lab.RepositoryRoot!, "src", "Vifmap", "Vifmap.csproj");
            await File.WriteAllTextAsync(Path.Combine(work, "probe.cs"), $"#:project {library}\n" + ProbeSource);
            (await LabProcess.RunAsync(dotnet, ["build", Path.Combine(work, "probe.cs"), "-o", Path.Combine(work, "out")], timeout: TimeSpan.FromMinutes(5)))
                .EnsureSuccess("dotnet build probe.cs");
            File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);

            await using XenstoredLab xs = await XenstoredLab.StartAsync();
            // The lab folder is private to root by default; open it so only the socket's own mode decides.
            File.SetUnixFileMode(xs.Directory, (UnixFileMode)0b111_101_101);
            var environment = new Dictionary<string, string> { ["HOME"] = work, ["DOTNET_CLI_HOME"] = work, ["DOTNET_NOLOGO"] = "1" };
            string probe = Path.Combine(work, "out", "probe.dll");

            LabProcessResult asNobody = await LabProcess.RunAsync("/usr/bin/setpriv",
                ["--reuid=65534", "--regid=65534", "--clear-groups", dotnet, probe, xs.SocketPath], environment);
            LabProcessResult asRoot = await LabProcess.RunAsync(dotnet, [probe, xs.SocketPath], environment);

            Assert.Equal(
                $"XenStoreUnavailableException: Cannot reach xenstored: tried socket {xs.SocketPath}: permission denied. Is xenstored running, and is this run as root (the socket is mode 0600)?\n",
                asNobody.StdOut);
            Assert.Equal("connected, /tool/xenstored = []\n", asRoot.StdOut);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
