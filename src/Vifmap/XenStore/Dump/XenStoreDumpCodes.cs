namespace Vifmap.XenStore.Dump;

/// <summary>Diagnostic codes of the <c>xenstore-ls -f</c> dump reader (VM49x, part of the VM4xx
/// host-map range), documented in docs/diagnostics/vm49x-xenstore-dump.md.</summary>
public static class XenStoreDumpCodes
{
    /// <summary>A line that is neither <c>path = "value"</c> nor <c>path:</c>; skipped.</summary>
    public const string UnrecognisedLine = "VM490";

    /// <summary>A value cut by <c>xenstore-ls</c> (<c>\...</c> at the end): only a prefix is known.</summary>
    public const string TruncatedValue = "VM491";

    /// <summary>An escape <c>xenstore-ls</c> never prints; decoded as its <c>unsanitise_value</c> would.</summary>
    public const string UnexpectedEscape = "VM492";

    /// <summary>The same path twice; the first line wins.</summary>
    public const string DuplicatePath = "VM493";

    /// <summary>A path that is not an absolute xenstore path; the line is skipped.</summary>
    public const string InvalidPath = "VM494";

    /// <summary>Too many unrecognised lines; the rest are not reported one by one.</summary>
    public const string TooManyProblems = "VM495";
}
