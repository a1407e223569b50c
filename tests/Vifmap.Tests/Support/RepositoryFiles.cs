namespace Vifmap.Tests.Support;

/// <summary>The repository's own files (sources, docs, README), found from the test binary upward, for
/// tests that hold the code and its documentation to each other.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Vifmap.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Vifmap.slnx not found above " + AppContext.BaseDirectory);
    }
}
