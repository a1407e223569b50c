using Vifmap.Host.Netlink;

namespace Vifmap.Host.Live;

/// <summary>The kernel's interfaces kept current from rtnetlink: a dump replaces the table,
/// RTM_NEWLINK (which always carries the whole link) replaces one entry, RTM_DELLINK removes it.
/// Bounded by the number of interfaces. Thread-safe: the netlink thread writes, the watcher reads.</summary>
internal sealed class LinkTable(Func<RtnlLinkMessage, string?> readNodename)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, RtnlLinkMessage> _byIndex = [];

    // A netback interface's xenbus node never changes for its ifindex: read sysfs once, not per resolve.
    private readonly Dictionary<int, string?> _nodenames = [];

    public void Replace(IReadOnlyList<RtnlLinkMessage> dump)
    {
        lock (_lock)
        {
            _byIndex.Clear();
            foreach (RtnlLinkMessage m in dump)
            {
                if (m.Change == RtnlLinkChange.New)
                {
                    _byIndex[m.Ifindex] = m;
                }
            }

            _nodenames.Clear();
        }
    }

    public void Apply(RtnlLinkMessage message)
    {
        lock (_lock)
        {
            if (message.Change == RtnlLinkChange.New)
            {
                _byIndex[message.Ifindex] = message;
            }
            else
            {
                _byIndex.Remove(message.Ifindex);
                _nodenames.Remove(message.Ifindex);
            }
        }
    }

    public IReadOnlyList<NetLink> Snapshot()
    {
        lock (_lock)
        {
            return NetlinkLinkSource.ToLinks([.. _byIndex.Values], m =>
            {
                if (!_nodenames.TryGetValue(m.Ifindex, out string? node))
                {
                    node = readNodename(m);
                    _nodenames[m.Ifindex] = node;
                }

                return node;
            });
        }
    }
}
