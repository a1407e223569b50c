using System.Diagnostics;
using System.Globalization;
using Vifmap.Config;

namespace Vifmap.Benchmarks.Config;

/// <summary>The whole-process half of bench/compare: parse every file of a corpus folder, held in
/// memory, for a number of passes, and print configs per second in the same format as the C
/// harness (bench/compare/xlu_parse_bench.c) so that compare.sh can divide the two.</summary>
internal static class ParseThroughput
{
    public static int Run(string folder, int passes)
    {
        byte[][] corpus = Directory.GetFiles(folder, "*.cfg").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        if (corpus.Length == 0)
        {
            Console.Error.WriteLine($"no *.cfg files in {folder}");
            return 2;
        }

        // Warm-up: enough passes for tiered JIT to reach the optimised code, as the C side warms its caches.
        int sink = 0;
        for (int w = 0; w < 3; w++)
        {
            sink += ParseAll(corpus);
        }

        var watch = Stopwatch.StartNew();
        for (int p = 0; p < passes; p++)
        {
            sink += ParseAll(corpus);
        }

        watch.Stop();
        double seconds = watch.Elapsed.TotalSeconds;
        long configs = (long)corpus.Length * passes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"vifmap: {configs} configs ({corpus.Length} files x {passes} passes) in {seconds:F3} s = {configs / seconds:F0} configs/s (settings seen: {sink})"));
        return 0;
    }

    private static int ParseAll(byte[][] corpus)
    {
        int settings = 0;
        foreach (byte[] file in corpus)
        {
            XlConfigDocument doc = XlConfigParser.Parse("bench.cfg", file);
            if (doc.HasSyntaxErrors)
            {
                throw new InvalidOperationException("corpus file rejected: " + doc.Diagnostics[0]);
            }

            settings += doc.Statements.Count;
        }

        return settings;
    }
}
