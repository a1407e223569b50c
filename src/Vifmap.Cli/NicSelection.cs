using System.CommandLine;
using System.Globalization;
using Vifmap.Cli.Output;
using Vifmap.Host;

namespace Vifmap.Cli;

/// <summary>Which NICs a host command shows: <c>QUERY…</c> (a domain name, domid or UUID, an interface
/// name, a MAC; <see cref="HostMapQuery"/>) and <c>--domain</c>. One definition for ls and check, so both
/// narrow a host the same way and say the same when nothing matches.</summary>
internal static class NicSelection
{
    private static readonly Option<string[]> s_domain = new("--domain", "-d")
    {
        Description = "Only this guest (name or domid); repeat for more.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Argument<string[]> s_query = new("QUERY")
    {
        Description = "Only the NICs matching a domain name, domid or UUID, an interface name (also as ip link prints it: vif1.0@if5) or a MAC.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Arguments.Add(s_query);
        command.Options.Add(s_domain);
    }

    /// <summary>The map of the selected guests, narrowed to what the queries name.</summary>
    /// <exception cref="CliException">A <c>--domain</c> or a QUERY that matches nothing (exit 1).</exception>
    public static async Task<HostMap> BuildMapAsync(ParseResult parse, HostSource source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(source);
        string[] domains = parse.GetValue(s_domain) ?? [];
        HostMap map = await source.BuildMapAsync(domains, ct).ConfigureAwait(false);
        foreach (string wanted in domains)
        {
            bool found = map.Domains.Any(d => string.Equals(d.Name, wanted, StringComparison.Ordinal)
                || string.Equals(d.Domid.ToString(CultureInfo.InvariantCulture), wanted, StringComparison.Ordinal));
            if (!found)
            {
                throw new CliException($"no guest named or numbered '{TerminalText.Escape(wanted)}'");
            }
        }

        (map, IReadOnlyList<string> unmatched) = HostMapQuery.Apply(map, parse.GetValue(s_query) ?? []);
        if (unmatched.Count > 0)
        {
            throw new CliException($"nothing on this host matches '{TerminalText.Escape(unmatched[0])}' (a domain name, domid or UUID, an interface name or a MAC)");
        }

        return map;
    }
}
