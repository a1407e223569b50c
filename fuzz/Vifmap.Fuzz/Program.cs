using SharpFuzz;

namespace Vifmap.Fuzz;

/// <summary><c>Vifmap.Fuzz TARGET</c> runs one target under AFL++ (through SharpFuzz's fork server);
/// <c>Vifmap.Fuzz TARGET --replay FILE|DIR...</c> runs inputs once each without a fuzzer, to
/// reproduce a crash or check a corpus. A target fails by throwing: any exception that is not the
/// component's documented error is a finding.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out Action<byte[]>? target))
        {
            Console.Error.WriteLine($"usage: Vifmap.Fuzz TARGET [--replay FILE|DIR...]; targets: {string.Join(", ", Targets.All.Keys)}");
            return 2;
        }

        if (args.Length > 1 && args[1] == "--replay")
        {
            int count = 0;
            foreach (string path in args.Skip(2).SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]).Order(StringComparer.Ordinal))
            {
                target(File.ReadAllBytes(path));
                count++;
            }

            Console.WriteLine($"{args[0]}: {count} inputs replayed, no contract broken");
            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            target(copy.ToArray());
        });
        return 0;
    }
}
