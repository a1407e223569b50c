namespace Vifmap.Fuzz;

/// <summary>A component broke its own contract (a position outside the input, a shape it promises
/// never to return): thrown so the fuzzer records the input as a crash.</summary>
public sealed class ContractViolationException(string message) : Exception(message)
{
    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new ContractViolationException(what);
        }
    }
}
