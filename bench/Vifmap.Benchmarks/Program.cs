using BenchmarkDotNet.Running;
using Vifmap.Benchmarks.Config;

if (ConfigBenchCommands.TryRun(args, out int exitCode))
{
    return exitCode;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
