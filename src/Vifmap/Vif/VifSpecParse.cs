using Vifmap.Diagnostics;

namespace Vifmap.Vif;

/// <summary>The NIC xl derives from one vif spec, and every finding about the spec.</summary>
/// <param name="Nic">The NIC as xl builds it (before libxl's defaults; see <see cref="NicDefaults"/>).</param>
/// <param name="Diagnostics">Findings in spec order.</param>
/// <param name="XlExits">True when xl itself stops while parsing this spec (<c>rate=</c>, <c>devid=</c> or
/// <c>mtu=</c> it cannot read): <c>xl create</c>, even with <c>-N</c>, exits with status 1.</param>
public sealed record VifSpecParse(NicSpec Nic, IReadOnlyList<Diagnostic> Diagnostics, bool XlExits);
