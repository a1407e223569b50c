using System.Runtime.CompilerServices;
using Vifmap.Config;

namespace Vifmap.Tests.Config;

/// <summary>Whole files from TestData/Config/{valid,invalid}: each <c>.cfg</c> has a hand-written
/// <c>.expected</c> list of diagnostics (<c>line:col severity code</c>), checked against what
/// libxlutil.so.4.17 says about the same file.</summary>
public sealed class XlConfigFileTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(DataFolder(), "*.cfg", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(DataFolder(), file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void File_gives_its_expected_diagnostics(string relativePath)
    {
        string path = Path.Combine(DataFolder(), relativePath);
        string[] expected = File.ReadAllLines(Path.ChangeExtension(path, ".expected")).Where(l => l.Length > 0).ToArray();
        XlConfigDocument doc = XlConfigParser.Parse(relativePath, File.ReadAllBytes(path));
        DiagnosticAssert.Equal(expected, doc.Diagnostics);
        Assert.Equal(relativePath.StartsWith("invalid", StringComparison.Ordinal), doc.HasSyntaxErrors);
    }

    private static string DataFolder([CallerFilePath] string thisFile = "")
        => Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "TestData", "Config");
}
