namespace Vifmap.Host.Netlink;

/// <summary>The kernel's interfaces from one RTM_GETLINK dump: names, states, master, kind and
/// 64-bit counters in a single exchange, where sysfs needs a dozen files per interface. Only a
/// netback interface's xenbus node is still read from sysfs (<c>device/nodename</c>; netlink does
/// not carry it), and only for interfaces on the <c>xen-backend</c> bus.</summary>
public sealed class NetlinkLinkSource : INetLinkSource, IDisposable
{
    private readonly Lock _lock = new();
    private readonly string? _networkNamespace;
    private readonly string _sysfsRoot;
    private NetlinkRouteSocket? _socket;

    // A netback interface's xenbus node never changes while its ifindex and name stay: a source that
    // is asked again (an exporter, per scrape) reads sysfs for new interfaces only.
    private Dictionary<int, (string Name, string? Node)> _nodenames = [];

    /// <param name="networkNamespace">A namespace file (<c>/run/netns/NAME</c>) to read instead of this process's.</param>
    /// <param name="sysfsRoot">Where the xenbus node of a netback interface is read.</param>
    public NetlinkLinkSource(string? networkNamespace = null, string sysfsRoot = SysfsLinkSource.DefaultRoot)
    {
        _networkNamespace = networkNamespace;
        _sysfsRoot = sysfsRoot;
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The kernel refused the socket or the dump.</exception>
    public ValueTask<IReadOnlyList<NetLink>> ReadLinksAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            // One socket for the source's life: a scrape every 15 s should not open one each time.
            _socket ??= NetlinkRouteSocket.Open(subscribeLinks: false, _networkNamespace);
            IReadOnlyList<RtnlLinkMessage> messages = _socket.DumpLinks();
            var known = _nodenames;
            var current = new Dictionary<int, (string Name, string? Node)>(known.Count);
            IReadOnlyList<NetLink> links = ToLinks(messages, m =>
            {
                if (!known.TryGetValue(m.Ifindex, out (string Name, string? Node) entry) || !string.Equals(entry.Name, m.Name, StringComparison.Ordinal))
                {
                    entry = (m.Name ?? string.Empty, ReadNodename(m));
                }

                current[m.Ifindex] = entry;
                return entry.Node;
            });
            _nodenames = current; // interfaces gone since the last dump are forgotten
            return ValueTask.FromResult(links);
        }
    }

    /// <summary>Turns dump messages into <see cref="NetLink"/>s, masters resolved to names, in name
    /// order (as <see cref="SysfsLinkSource"/> lists them). Pure but for <paramref name="nodename"/>.</summary>
    public static IReadOnlyList<NetLink> ToLinks(IReadOnlyList<RtnlLinkMessage> messages, Func<RtnlLinkMessage, string?> nodename)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(nodename);
        var names = new Dictionary<int, string>(messages.Count);
        foreach (RtnlLinkMessage m in messages)
        {
            if (m.Change == RtnlLinkChange.New && m.Name is not null)
            {
                names.TryAdd(m.Ifindex, m.Name);
            }
        }

        var links = new List<NetLink>(messages.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (RtnlLinkMessage m in messages)
        {
            if (m.Change != RtnlLinkChange.New || m.Name is not { Length: > 0 } name || !seen.Add(name))
            {
                continue;
            }

            links.Add(ToLink(m, m.MasterIfindex is int master && names.TryGetValue(master, out string? masterName) ? masterName : null, nodename(m)));
        }

        links.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return links;
    }

    /// <summary>One message as a <see cref="NetLink"/> (the master already resolved to its name).</summary>
    public static NetLink ToLink(RtnlLinkMessage message, string? master, string? xenbusNodename)
    {
        ArgumentNullException.ThrowIfNull(message);
        RtnlLinkStats? s = message.Stats;
        return new NetLink(message.Name ?? string.Empty)
        {
            Ifindex = message.Ifindex,
            OperState = message.OperState,
            Carrier = message.Carrier,
            Mtu = message.Mtu,
            Address = message.Address,
            Master = master,
            Kind = message.Kind,
            XenbusNodename = xenbusNodename,
            RxBytes = Counter(s?.RxBytes),
            TxBytes = Counter(s?.TxBytes),
            RxPackets = Counter(s?.RxPackets),
            TxPackets = Counter(s?.TxPackets),
            RxErrors = Counter(s?.RxErrors),
            TxErrors = Counter(s?.TxErrors),
            RxDropped = Counter(s?.RxDropped),
            TxDropped = Counter(s?.TxDropped),
        };
    }

    /// <summary>A netback vif's xenbus node from sysfs: on Linux 5.16+ only for the xen-backend bus;
    /// on older kernels (no parent attributes) for any interface with a <c>device/</c>.</summary>
    public string? ReadNodename(RtnlLinkMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Name is null || (message.ParentBus is string bus && !string.Equals(bus, "xen-backend", StringComparison.Ordinal)))
        {
            return null;
        }

        if (message.ParentBus is null && message.Kind is not null)
        {
            return null; // veth, tun, bridge…: software interfaces have no xenbus device
        }

        try
        {
            string text = File.ReadAllText(Path.Combine(_sysfsRoot, message.Name, "device", "nodename"));
            return text.TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Counters are u64 in the kernel; beyond long.MaxValue (never in practice) they saturate.
    private static long? Counter(ulong? value) => value is ulong v ? (long)Math.Min(v, long.MaxValue) : null;

    public void Dispose()
    {
        lock (_lock)
        {
            _socket?.Dispose();
            _socket = null;
        }
    }
}
