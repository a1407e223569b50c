using System.Globalization;

namespace Vifmap.Benchmarks.Config;

/// <summary>The non-BenchmarkDotNet entry points used by bench/compare/compare.sh:
/// <c>corpus DIR [COUNT]</c> writes the corpus, <c>throughput DIR [PASSES]</c> measures it,
/// <c>allocations DIR</c> prints what each lint stage allocates per config.</summary>
internal static class ConfigBenchCommands
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length >= 2 && args[0] == "corpus")
        {
            int count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
            int written = XlConfigCorpus.Write(args[1], count);
            Console.WriteLine($"wrote {written} configs to {args[1]} (seed {XlConfigCorpus.DefaultSeed})");
            return true;
        }

        if (args.Length >= 2 && args[0] == "throughput")
        {
            int passes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
            exitCode = ParseThroughput.Run(args[1], passes);
            return true;
        }

        if (args.Length >= 2 && args[0] == "allocations")
        {
            exitCode = LintAllocations.Run(args[1]);
            return true;
        }

        return false;
    }
}
