using System.Text;

namespace Vifmap.Tests.Metrics;

/// <summary>A small reader of the text formats for tests: every sample line's series (name and label set,
/// labels sorted) with its value. Written from the format's grammar, independent of the writer, so a test
/// can check what promtool does not: that no two samples share a series.</summary>
internal static class ExpositionSeries
{
    public static List<(string Series, string Value)> Parse(string exposition)
    {
        var result = new List<(string, string)>();
        foreach (string line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int i = 0;
            while (i < line.Length && line[i] != '{' && line[i] != ' ')
            {
                i++;
            }

            string name = line[..i];
            var labels = new List<string>();
            if (i < line.Length && line[i] == '{')
            {
                i++;
                while (line[i] != '}')
                {
                    int eq = line.IndexOf('=', i);
                    string label = line[i..eq];
                    i = eq + 2; // ="
                    var value = new StringBuilder();
                    while (line[i] != '"')
                    {
                        if (line[i] == '\\')
                        {
                            i++;
                            value.Append(line[i] switch { 'n' => '\n', char c => c });
                        }
                        else
                        {
                            value.Append(line[i]);
                        }

                        i++;
                    }

                    labels.Add(label + "=" + value);
                    i++;
                    if (line[i] == ',')
                    {
                        i++;
                    }
                }

                i++;
            }

            labels.Sort(StringComparer.Ordinal);
            result.Add((name + "{" + string.Join("\u0001", labels) + "}", line[(i + 1)..]));
        }

        return result;
    }

    /// <summary>Series that appear more than once.</summary>
    public static string[] Duplicates(string exposition)
        => [.. Parse(exposition).GroupBy(s => s.Series).Where(g => g.Count() > 1).Select(g => g.Key)];
}
