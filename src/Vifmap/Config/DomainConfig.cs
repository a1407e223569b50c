using Vifmap.Diagnostics;
using Vifmap.Naming;
using Vifmap.Vif;

namespace Vifmap.Config;

/// <summary>What an xl.cfg says about a domain's networking, with every finding collected on the way
/// (syntax, vif specs, cross-NIC checks). This is the input of naming and of <c>vifmap plan</c>.</summary>
public sealed record DomainConfig
{
    public string? Name { get; init; }

    public GuestType Type { get; init; } = GuestType.Pv;

    /// <summary>The NICs xl will create, in list order (empty when <c>vif</c> is absent or is not a list).</summary>
    public IReadOnlyList<NicSpec> Nics { get; init; } = [];

    /// <summary><c>device_model_stubdomain_override=1</c>: QEMU runs in a stub domain (reference §3.5).</summary>
    public bool StubDomain { get; init; }

    /// <summary><c>device_model_version</c> as written (qemu-xen, qemu-xen-traditional, none), if set.</summary>
    public string? DeviceModelVersion { get; init; }

    /// <summary><c>device_model</c> as written (xm's path of qemu-dm or <c>stubdom-dm</c>; xl ignores the key), if set.</summary>
    public string? DeviceModel { get; init; }

    /// <summary>The toolstack and release the findings were judged for (<see cref="DomainConfigReader"/>).</summary>
    public ToolstackRelease Release { get; init; } = ToolstackRelease.Default;

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}
