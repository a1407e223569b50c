using System.Text;
using BenchmarkDotNet.Attributes;
using Vifmap.Config;

namespace Vifmap.Benchmarks.Config;

/// <summary>The xl.cfg parser over 1000 corpus configs per operation (same generator and seed as
/// the whole-process comparison): one parse into a document, as xlu_cfg_readdata does.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private byte[][] _corpus = [];

    [GlobalSetup]
    public void Setup() => _corpus = XlConfigCorpus.Generate(1000).Select(c => Encoding.UTF8.GetBytes(c.Text)).ToArray();

    [Benchmark(OperationsPerInvoke = 1000)]
    public int ParseConfig()
    {
        int settings = 0;
        foreach (byte[] file in _corpus)
        {
            settings += XlConfigParser.Parse("bench.cfg", file).Statements.Count;
        }

        return settings;
    }
}
