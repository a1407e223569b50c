using System.Globalization;
using Vifmap.Diagnostics;
using Vifmap.Naming;

namespace Vifmap.Host;

/// <summary>How bad a health finding is, in the Monitoring Plugins' words.</summary>
public enum HealthLevel
{
    Warning,
    Critical,
}

/// <summary>One problem with a NIC or an interface, with a stable code (docs/diagnostics/VM5xx.md).</summary>
public sealed record HealthFinding(string Code, HealthLevel Level, string Subject, string Message);

/// <summary>What `vifmap check` reports: the problems a monitoring system should page or warn about,
/// decided from a <see cref="HostMap"/> alone (the same map as `ls`).</summary>
public static class HostHealth
{
    public const string BackendNotConnected = DiagnosticCodes.BackendNotConnected;
    public const string InterfaceMissing = DiagnosticCodes.InterfaceMissing;
    public const string WrongBridge = DiagnosticCodes.WrongBridge;
    public const string ActivePathDown = DiagnosticCodes.ActivePathDown;
    public const string MtuMismatch = DiagnosticCodes.MtuMismatch;
    public const string OrphanInterface = DiagnosticCodes.OrphanInterface;

    public static IReadOnlyList<HealthFinding> Check(HostMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var findings = new List<HealthFinding>();
        foreach (GuestDomain domain in map.Domains)
        {
            foreach (GuestNic nic in domain.Nics.Where(n => n.ServedHere))
            {
                CheckNic(domain, nic, findings);
            }
        }

        foreach (OrphanEntry orphan in map.Orphans.Where(o => o.Kind == OrphanKind.Interface))
        {
            findings.Add(new HealthFinding(OrphanInterface, HealthLevel.Warning, orphan.Name, orphan.Reason));
        }

        return findings;
    }

    private static void CheckNic(GuestDomain domain, GuestNic nic, List<HealthFinding> findings)
    {
        string subject = string.Create(CultureInfo.InvariantCulture, $"{domain.Name ?? "domain " + domain.Domid} NIC {nic.Devid}");

        // The guest's PV driver is up but netback is not, or hotplug said no: the guest has no network.
        if (nic.FrontendState.IsConnected && nic.BackendState.State is int bs && bs != XenbusStateValue.Connected)
        {
            findings.Add(new HealthFinding(BackendNotConnected, HealthLevel.Critical, subject,
                string.Create(CultureInfo.InvariantCulture, $"frontend connected (4) but backend state {bs} ({XenbusStateValue.NameOf(bs)})")));
        }
        else if (nic.HotplugStatus is string hotplug && hotplug != "connected")
        {
            findings.Add(new HealthFinding(BackendNotConnected, HealthLevel.Critical, subject, $"hotplug-status is '{hotplug}' (the hotplug script failed)"));
        }

        foreach (NicInterface i in nic.Interfaces)
        {
            // A tap that is gone after the PV driver connected was unplugged on purpose (§4.5): not a problem.
            bool unplugged = i.Role == InterfaceRole.Emulated && nic.Active == ActivePath.Pv;
            if (!i.Present && !unplugged)
            {
                findings.Add(new HealthFinding(InterfaceMissing, HealthLevel.Critical, subject,
                    $"{i.Name} ({i.Role.ToWireName()}) is expected but the kernel has no such interface"));
            }
        }

        NicInterface? active = nic.Active switch
        {
            ActivePath.Pv => nic.Interfaces.FirstOrDefault(i => i.Role == InterfaceRole.Pv),
            ActivePath.Emulated => nic.Interfaces.FirstOrDefault(i => i.Role != InterfaceRole.Pv),
            _ => null,
        };
        if (active?.Link is not NetLink link)
        {
            return;
        }

        // A stub domain's vif is bridged inside dom0 like any other; only where xenstore names a bridge.
        if (nic.Bridge is string bridge && bridge.Length > 0 && !string.Equals(link.Master, bridge, StringComparison.Ordinal))
        {
            findings.Add(new HealthFinding(WrongBridge, HealthLevel.Warning, subject, link.Master is null
                ? $"{link.Name} is in no bridge; xenstore says bridge {bridge}"
                : $"{link.Name} is in {link.Master}; xenstore says bridge {bridge}"));
        }

        if (link.OperState is "down" or "lowerlayerdown")
        {
            findings.Add(new HealthFinding(ActivePathDown, HealthLevel.Warning, subject, $"{link.Name} carries the traffic but its operstate is {link.OperState}"));
        }

        if (nic.Mtu is string mtuText && int.TryParse(mtuText, NumberStyles.None, CultureInfo.InvariantCulture, out int mtu)
            && link.Mtu is int actual && actual != mtu)
        {
            findings.Add(new HealthFinding(MtuMismatch, HealthLevel.Warning, subject,
                string.Create(CultureInfo.InvariantCulture, $"{link.Name} has MTU {actual}; the backend's mtu is {mtu}")));
        }
    }
}
