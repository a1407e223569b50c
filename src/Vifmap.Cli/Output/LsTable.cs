using System.Globalization;
using Vifmap.Host;
using Vifmap.Naming;

namespace Vifmap.Cli.Output;

/// <summary>The `ls` table: one row per NIC (and per orphan), columns chosen with <c>-o</c> like
/// <c>ps -o</c>. Counters are dom0's view of the interface that carries the traffic: RX is what dom0
/// received, so what the guest sent. The bridge and state are what the kernel says, marked where
/// xenstore says otherwise.</summary>
internal static class LsTable
{
    public static readonly IReadOnlyList<string> AllColumns =
        ["domain", "domid", "devid", "mac", "bridge", "pv", "emulated", "active", "state", "rx", "tx", "rx-packets", "tx-packets", "mtu", "uuid", "type", "why"];

    private static readonly string[] s_default = ["domain", "domid", "devid", "mac", "bridge", "pv", "emulated", "active", "state", "rx", "tx"];

    private static readonly Dictionary<string, TableColumn> s_columns = new(StringComparer.Ordinal)
    {
        ["domain"] = new("DOMAIN"),
        ["domid"] = new("DOMID", AlignRight: true),
        ["devid"] = new("DEVID", AlignRight: true),
        ["mac"] = new("MAC", MaxWidth: 17),
        ["bridge"] = new("BRIDGE", MaxWidth: 32),
        ["pv"] = new("PV"),
        ["emulated"] = new("EMULATED"),
        ["active"] = new("ACTIVE"),
        ["state"] = new("STATE"),
        ["rx"] = new("RX-FROM-GUEST", AlignRight: true),
        ["tx"] = new("TX-TO-GUEST", AlignRight: true),
        ["rx-packets"] = new("RX-PKTS", AlignRight: true),
        ["tx-packets"] = new("TX-PKTS", AlignRight: true),
        ["mtu"] = new("MTU", AlignRight: true),
        ["uuid"] = new("UUID", MaxWidth: 36),
        ["type"] = new("TYPE"),
        ["why"] = new("WHY", MaxWidth: 200),
    };

    /// <summary>The columns of <c>-o a,b,c</c>, or the default set (with WHY for <c>--wide</c>).</summary>
    public static IReadOnlyList<string> ParseColumns(string? list, bool wide)
    {
        if (list is null)
        {
            return wide ? [.. s_default, "why"] : s_default;
        }

        string[] names = [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToLowerInvariant())];
        if (names.Length == 0)
        {
            throw CliException.Usage("--columns: name at least one column");
        }

        foreach (string name in names)
        {
            if (!s_columns.ContainsKey(name))
            {
                throw CliException.Usage($"--columns: no column '{TerminalText.Escape(name)}'; the columns are {string.Join(",", AllColumns)}");
            }
        }

        return wide && !names.Contains("why") ? [.. names, "why"] : names;
    }

    public static void Write(TextWriter output, HostMap map, IReadOnlyList<string> columns, bool rawNumbers, bool headers)
    {
        var table = new TableWriter([.. columns.Select(c => s_columns[c])]);
        foreach (GuestDomain domain in map.Domains)
        {
            if (domain.Nics.Count == 0)
            {
                table.AddRow([.. columns.Select(c => c switch
                {
                    "domain" => domain.Name,
                    "domid" => Id(domain.Domid),
                    "uuid" => domain.Uuid,
                    "type" => domain.Type,
                    "why" => "no NICs",
                    _ => "-",
                })]);
            }

            foreach (GuestNic nic in domain.Nics)
            {
                table.AddRow([.. columns.Select(c => Cell(c, domain, nic, rawNumbers))]);
            }
        }

        foreach (OrphanEntry orphan in map.Orphans)
        {
            table.AddRow([.. columns.Select(c => c switch
            {
                "pv" => orphan.Name,
                "active" => "orphan",
                "why" => orphan.Reason,
                _ => "-",
            })]);
        }

        table.Write(output, headers);
    }

    private static string? Cell(string column, GuestDomain domain, GuestNic nic, bool raw)
    {
        NicInterface? pv = nic.Interfaces.FirstOrDefault(i => i.Role == InterfaceRole.Pv);
        NicInterface? emulated = nic.Interfaces.FirstOrDefault(i => i.Role != InterfaceRole.Pv);
        NicInterface? carrying = nic.Active switch
        {
            ActivePath.Pv => pv,
            ActivePath.Emulated => emulated,
            _ => null,
        };
        NetLink? shown = carrying?.Link ?? pv?.Link;
        return column switch
        {
            "domain" => domain.Name,
            "domid" => Id(domain.Domid),
            "devid" => Id(nic.Devid),
            "mac" => nic.Mac,
            "bridge" => Bridge(nic, shown),
            "pv" => nic.ServedHere ? Describe(pv) : $"(in domain {Id(nic.BackendDomid)})",
            "emulated" => Describe(emulated),
            "active" => nic.Active.ToWireName(),
            "state" => shown?.OperState,
            "rx" => Bytes(carrying?.Link?.RxBytes, raw),
            "tx" => Bytes(carrying?.Link?.TxBytes, raw),
            "rx-packets" => Count(carrying?.Link?.RxPackets, raw),
            "tx-packets" => Count(carrying?.Link?.TxPackets, raw),
            "mtu" => shown?.Mtu?.ToString(CultureInfo.InvariantCulture) ?? nic.Mtu,
            "uuid" => domain.Uuid,
            "type" => domain.Type,
            "why" => nic.ActiveReason,
            _ => null,
        };
    }

    /// <summary>The bridge the interface is really in; "(xs …)" when xenstore names another one.</summary>
    private static string? Bridge(GuestNic nic, NetLink? link)
    {
        if (link is null)
        {
            return nic.Bridge;
        }

        string actual = link.Master ?? "-";
        return nic.Bridge is string expected && expected.Length > 0 && !string.Equals(expected, link.Master, StringComparison.Ordinal)
            ? $"{actual} (xs {expected})"
            : actual;
    }

    private static string Describe(NicInterface? i) => i switch
    {
        null => "-",
        { Present: false, Role: InterfaceRole.Emulated } => i.Name + " (gone)",
        { Present: false } => i.Name + " (missing)",
        { Role: InterfaceRole.Stubdom } => i.Name + " (stubdom)",
        _ => i.Name,
    };

    /// <summary>Bytes in IEC units (<c>1.2 MiB</c>) so a glance is enough; raw with <c>--bytes</c>.</summary>
    internal static string Bytes(long? value, bool raw)
    {
        if (value is not long v)
        {
            return "-";
        }

        if (raw || v < 1024)
        {
            return raw ? v.ToString(CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture) + " B";
        }

        string[] units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        double scaled = v;
        int unit = -1;
        while (scaled >= 1024 && unit < units.Length - 1)
        {
            scaled /= 1024;
            unit++;
        }

        return scaled.ToString(scaled < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>Packet counts as <c>12.3k</c>, <c>4.5M</c> (powers of 1000); raw with <c>--bytes</c>.</summary>
    internal static string Count(long? value, bool raw)
    {
        if (value is not long v)
        {
            return "-";
        }

        if (raw || v < 1000)
        {
            return v.ToString(CultureInfo.InvariantCulture);
        }

        string[] units = ["k", "M", "G", "T", "P", "E"];
        double scaled = v;
        int unit = -1;
        while (scaled >= 1000 && unit < units.Length - 1)
        {
            scaled /= 1000;
            unit++;
        }

        return scaled.ToString(scaled < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + units[unit];
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
