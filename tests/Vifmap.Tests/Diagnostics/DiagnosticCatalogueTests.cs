using System.Reflection;
using System.Text.RegularExpressions;
using Vifmap.Diagnostics;
using Vifmap.Tests.Support;

namespace Vifmap.Tests.Diagnostics;

/// <summary>The catalogue, the constants, docs/diagnostics and the README's code table say the same thing
/// (issue 8 item 7): a code added in one place and forgotten in another fails here.</summary>
public sealed partial class DiagnosticCatalogueTests
{
    private static readonly string[] s_constants =
    [
        .. typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    [Fact]
    public void Every_code_is_unique_and_well_formed()
    {
        Assert.Equal(s_constants.Length, s_constants.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(DiagnosticCatalogue.All.Count, DiagnosticCatalogue.All.Select(d => d.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(s_constants, c => Assert.Matches("^VM[1-5][0-9]{2}$", c));
    }

    [Fact]
    public void Every_constant_has_a_catalogue_row_and_every_row_a_constant()
    {
        Assert.Equal(s_constants.Order(StringComparer.Ordinal), DiagnosticCatalogue.All.Select(d => d.Code).Order(StringComparer.Ordinal));
        Assert.All(DiagnosticCatalogue.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Title), d.Code));
    }

    [Fact]
    public void Every_code_has_its_anchored_row_on_its_doc_page_and_no_page_documents_an_unknown_code()
    {
        var documented = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string page in Directory.EnumerateFiles(RepositoryFiles.Path("docs/diagnostics"), "*.md"))
        {
            foreach (Match row in DocRow().Matches(File.ReadAllText(page)))
            {
                Assert.Equal(row.Groups["anchor"].Value, row.Groups["code"].Value.ToLowerInvariant());
                Assert.True(documented.TryAdd(row.Groups["code"].Value, Path.GetFileName(page)), $"{row.Groups["code"].Value} documented twice");
            }
        }

        Assert.All(DiagnosticCatalogue.All, d =>
        {
            Assert.True(documented.TryGetValue(d.Code, out string? page), $"{d.Code} is not in docs/diagnostics");
            Assert.Equal(d.DocPage, page);
            Assert.Equal($"docs/diagnostics/{page}#{d.Code.ToLowerInvariant()}", d.DocAnchor);
        });
        Assert.Equal(DiagnosticCatalogue.All.Count, documented.Count);
    }

    [Fact]
    public void The_readme_code_table_lists_every_code_once_with_its_title_and_default_severity()
    {
        var rows = ReadmeRow().Matches(File.ReadAllText(RepositoryFiles.Path("README.md")))
            .ToDictionary(m => m.Groups["code"].Value, m => (Severity: m.Groups["sev"].Value, Title: m.Groups["title"].Value), StringComparer.Ordinal);
        Assert.All(DiagnosticCatalogue.All, d =>
        {
            Assert.True(rows.TryGetValue(d.Code, out var row), $"{d.Code} is missing from the README's code table");
            Assert.Equal(d.Title, row.Title);
            Assert.Equal(d.DefaultSeverity == Severity.Error ? 'E' : 'W', row.Severity[0]);
        });
        Assert.Equal(DiagnosticCatalogue.All.Count, rows.Count);
    }

    [Fact]
    public void Create_uses_the_default_severity()
    {
        Diagnostic d = DiagnosticCatalogue.Create(DiagnosticCodes.EmulatedNicOnPv, "m", SourceLocation.None);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal(Severity.Warning, DiagnosticCatalogue.Create(DiagnosticCodes.DuplicateMac, "m", SourceLocation.None).Severity);
    }

    [GeneratedRegex("""^\| <a id="(?<anchor>vm\d+)"></a>(?<code>VM\d+) \|""", RegexOptions.Multiline)]
    private static partial Regex DocRow();

    [GeneratedRegex(@"^\| (?<code>VM\d+) \| (?<sev>[EW/]+) \| (?<title>.*) \|$", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
