using System.Text;
using BenchmarkDotNet.Attributes;
using Vifmap.Config;
using Vifmap.Naming;

namespace Vifmap.Benchmarks.Config;

/// <summary>What `vifmap lint` does to each file, stage by stage, over 1000 corpus configs per operation
/// (the corpus of bench/lint/lint-many.sh): the libxlutil-grammar parse alone, the parse and the
/// reading of the domain config (vif specs and their source maps), and all of it with the findings of
/// the release's rules. The whole-process figure against libxlutil is bench/lint/lint-many.sh.</summary>
[MemoryDiagnoser]
public class LintStageBenchmarks
{
    private byte[][] _corpus = [];

    [GlobalSetup]
    public void Setup() => _corpus = XlConfigCorpus.Generate(1000).Select(c => Encoding.UTF8.GetBytes(c.Text)).ToArray();

    [Benchmark(OperationsPerInvoke = 1000)]
    public int Parse()
    {
        int settings = 0;
        foreach (byte[] file in _corpus)
        {
            settings += XlConfigParser.Parse("bench.cfg", file).Statements.Count;
        }

        return settings;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int Read()
    {
        int nics = 0;
        foreach (byte[] file in _corpus)
        {
            nics += DomainConfigReader.Read("bench.cfg", file).Nics.Count;
        }

        return nics;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int ReadAndLint()
    {
        int findings = 0;
        foreach (byte[] file in _corpus)
        {
            findings += NamePlanner.Lint(DomainConfigReader.Read("bench.cfg", file), "bench.cfg").Count;
        }

        return findings;
    }
}
