using Vifmap.Cli.Output;
using Vifmap.Naming;

namespace Vifmap.Cli.Input;

/// <summary>The <c>--xen</c> and <c>--toolstack</c> options of <c>lint</c> and <c>plan</c>: one parser, so the
/// two commands take the same values with the same defaults and the same messages.</summary>
internal static class ReleaseOptions
{
    public const string XenDescription = "Xen release, 4.0 to 4.22 (default 4.22)";

    public const string ToolstackDescription = "xl (default) or xend (4.0-4.4)";

    /// <exception cref="CliException">A value out of range, or xend after 4.4 (usage error).</exception>
    public static ToolstackRelease Parse(string? xenText, string? toolstackText)
    {
        XenVersion xen = XenVersion.Newest;
        if (xenText is not null && (!XenVersion.TryParse(xenText, out xen) || !xen.IsSupported))
        {
            throw CliException.Usage($"--xen: expected a release from {XenVersion.Oldest} to {XenVersion.Newest} such as 4.17, not '{TerminalText.Escape(xenText)}'");
        }

        Toolstack toolstack = toolstackText switch
        {
            null or "xl" => Toolstack.Xl,
            "xend" or "xm" => Toolstack.Xend,
            _ => throw CliException.Usage($"--toolstack: expected xl or xend, not '{TerminalText.Escape(toolstackText)}'"),
        };
        var release = new ToolstackRelease(toolstack, xen);
        if (!release.Exists)
        {
            throw CliException.Usage($"--toolstack xend: xend exists in Xen 4.0 to 4.4 (removed in 4.5), not in {xen}; add --xen 4.4 or older");
        }

        return release;
    }
}
