using System.CommandLine;
using System.CommandLine.Completions;

namespace Vifmap.Cli.Docs;

/// <summary>One command of the tree as the documentation sees it: its words from the program name on
/// ("vifmap ls"), and what <c>--help</c> would list for it. Hidden symbols are left out, as help leaves
/// them out; the man pages and completions are generated from this walk so they cannot drift from
/// <c>--help</c>.</summary>
internal sealed record DocumentedCommand(IReadOnlyList<string> Words, Command Command)
{
    public string Path => string.Join(' ', Words);

    /// <summary>The man page name: "vifmap-ls" (git's convention for one page per subcommand).</summary>
    public string PageName => string.Join('-', Words);

    public bool IsRoot => Words.Count == 1;

    public IEnumerable<Command> Subcommands => Command.Subcommands.Where(c => !c.Hidden);

    public IEnumerable<Argument> Arguments => Command.Arguments.Where(a => !a.Hidden);

    /// <summary>The command's own options, then the recursive ones its ancestors pass down (--help),
    /// in the order help prints them.</summary>
    public IReadOnlyList<Option> Options
    {
        get
        {
            var options = Command.Options.Where(o => !o.Hidden).ToList();
            foreach (Command ancestor in Ancestors(Command))
            {
                options.AddRange(ancestor.Options.Where(o => o.Recursive && !o.Hidden && !options.Contains(o)));
            }

            return options;
        }
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (Symbol? parent = command.Parents.FirstOrDefault(); parent is Command c; parent = c.Parents.FirstOrDefault())
        {
            yield return c;
        }
    }
}

/// <summary>Walks the System.CommandLine tree that <c>vifmap --help</c> prints.</summary>
internal static class CommandTree
{
    /// <summary>Every visible command, root first, depth first in help order. <paramref name="programName"/>
    /// is given rather than read from the root, whose name is the running executable's (a test host's
    /// under <c>dotnet test</c>).</summary>
    public static IReadOnlyList<DocumentedCommand> Walk(RootCommand root, string programName)
    {
        ArgumentNullException.ThrowIfNull(root);
        var commands = new List<DocumentedCommand>();
        Visit(root, [programName]);
        return commands;

        void Visit(Command command, List<string> words)
        {
            var documented = new DocumentedCommand(words, command);
            commands.Add(documented);
            foreach (Command sub in documented.Subcommands)
            {
                Visit(sub, [.. words, sub.Name]);
            }
        }
    }

    /// <summary>Whether the option is followed by a value (a flag such as --json is not).</summary>
    public static bool TakesValue(Option option)
        => option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);

    /// <summary>The option's names as help shows them: short aliases first, then the long name.</summary>
    /// <remarks>Only '-' names: help's DOS-style aliases (/?, /h) mean nothing to a Unix shell or man.</remarks>
    public static IReadOnlyList<string> Names(Option option)
    {
        IEnumerable<string> all = option.Aliases.Prepend(option.Name).Where(n => n.StartsWith('-')).Distinct();
        return [.. all.Where(n => !n.StartsWith("--", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            .. all.Where(n => n.StartsWith("--", StringComparison.Ordinal))];
    }

    /// <summary>The fixed values a symbol accepts (an enum, AcceptOnlyFromAmong), or none when any value goes.</summary>
    public static IReadOnlyList<string> FixedValues(Symbol symbol)
    {
        if (symbol is Option { ValueType: var t } && t == typeof(bool))
        {
            return [];
        }

        return [.. symbol.GetCompletions(CompletionContext.Empty).Select(c => c.Label)];
    }

    /// <summary>The placeholder help prints for the option's value: its HelpName, else its fixed values
    /// joined by '|', else its name without dashes.</summary>
    public static string ValueName(Option option)
    {
        if (!string.IsNullOrEmpty(option.HelpName))
        {
            return option.HelpName;
        }

        IReadOnlyList<string> values = FixedValues(option);
        return values.Count > 0 ? string.Join('|', values) : option.Name.TrimStart('-');
    }

    public static string ValueName(Argument argument)
    {
        if (!string.IsNullOrEmpty(argument.HelpName))
        {
            return argument.HelpName;
        }

        IReadOnlyList<string> values = FixedValues(argument);
        return values.Count > 0 ? string.Join('|', values) : argument.Name;
    }

    /// <summary>The default help prints as "[default: …]", or null when the symbol has none.</summary>
    public static string? DefaultText(Symbol symbol)
    {
        // A flag's default (False) goes unsaid, as in help.
        object? value = symbol switch
        {
            Option { HasDefaultValue: true } o when TakesValue(o) => o.GetDefaultValue(),
            Argument { HasDefaultValue: true } a => a.GetDefaultValue(),
            _ => null,
        };
        return value switch
        {
            null => null,
            string s => s,
            System.Collections.IEnumerable list => string.Join('|', list.Cast<object?>().Select(Invariant)),
            _ => Invariant(value),
        };

        static string Invariant(object? item) => Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
