using System.Globalization;
using Vifmap.Config;
using Vifmap.Naming;

namespace Vifmap.Benchmarks.Config;

/// <summary><c>allocations DIR</c>: the bytes each stage of linting allocates per file, averaged over the
/// configs in DIR (after one warm-up pass), so a change's effect on the collector is a number, not a
/// guess. Stages: the parse alone, reading the domain config (the parse included), and the lint's
/// findings on top.</summary>
internal static class LintAllocations
{
    public static int Run(string directory)
    {
        byte[][] files = [.. Directory.GetFiles(directory, "*.cfg").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"no .cfg files in {directory}");
            return 2;
        }

        Measure(files);
        (double parse, double read, double lint) = Measure(files);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{files.Length} configs, bytes allocated per config: parse {parse:0}, read (parse included) {read:0}, lint findings {lint - read:0}, all {lint:0}"));
        return 0;
    }

    private static (double Parse, double Read, double Lint) Measure(byte[][] files)
    {
        long parse = 0, read = 0, lint = 0;
        foreach (byte[] file in files)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            _ = XlConfigParser.Parse("bench.cfg", file);
            long parsed = GC.GetAllocatedBytesForCurrentThread();
            DomainConfig config = DomainConfigReader.Read("bench.cfg", file);
            long readDone = GC.GetAllocatedBytesForCurrentThread();
            _ = NamePlanner.Lint(config, "bench.cfg");
            long linted = GC.GetAllocatedBytesForCurrentThread();
            parse += parsed - start;
            read += readDone - parsed;
            lint += linted - parsed;
        }

        return ((double)parse / files.Length, (double)read / files.Length, (double)lint / files.Length);
    }
}
