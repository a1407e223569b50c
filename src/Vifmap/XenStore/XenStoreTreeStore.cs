namespace Vifmap.XenStore;

/// <summary>The storage behind <see cref="XenStoreTreeBuilder"/> and <see cref="XenStoreTree"/>: one
/// record per node in a growing array, values end to end in one byte array (see the builder's remarks
/// for why). Index 0 is "/".</summary>
internal sealed class XenStoreTreeStore
{
    /// <summary>Past this many children a node gets a name index; below it a walk of the list is as quick.</summary>
    private const int IndexedChildren = 16;

    private readonly Dictionary<int, Dictionary<string, int>> _childIndex = [];
    private NodeRecord[] _nodes = new NodeRecord[64];
    private byte[] _values = new byte[256];
    private int _valuesLength;

    public int Count { get; private set; }

    public ReadOnlySpan<NodeRecord> Nodes => _nodes.AsSpan(0, Count);

    public int AddNode(int parent, string name)
    {
        if (Count == _nodes.Length)
        {
            Array.Resize(ref _nodes, checked(Count + Math.Max(64, Count / 2)));
        }

        int index = Count++;
        _nodes[index] = new NodeRecord
        {
            Name = name,
            Parent = parent,
            FirstChild = -1,
            LastChild = -1,
            NextSibling = -1,
            ValueStart = -1,
            State = XenStoreNodeState.Implied,
        };
        if (parent >= 0)
        {
            ref NodeRecord p = ref _nodes[parent];
            if (p.LastChild < 0)
            {
                p.FirstChild = index;
            }
            else
            {
                _nodes[p.LastChild].NextSibling = index;
            }

            p.LastChild = index;
            p.ChildCount++;
            if (p.ChildCount > IndexedChildren)
            {
                IndexChild(parent, name, index);
            }
        }

        return index;
    }

    public void SetValue(int node, XenStoreNodeState state, ReadOnlySpan<byte> value, bool hasValue)
    {
        ref NodeRecord n = ref _nodes[node];
        n.State = state;
        n.ValueStart = -1;
        n.ValueLength = 0;
        if (!hasValue)
        {
            return;
        }

        if (_values.Length - _valuesLength < value.Length)
        {
            Array.Resize(ref _values, checked((int)Math.Min(Array.MaxLength, Math.Max((long)_valuesLength + value.Length, _values.Length * 2L))));
        }

        value.CopyTo(_values.AsSpan(_valuesLength));
        n.ValueStart = _valuesLength;
        n.ValueLength = value.Length;
        _valuesLength += value.Length;
    }

    /// <summary>Trims the arrays to what is used; the store is read-only afterwards.</summary>
    public XenStoreTreeStore Seal()
    {
        Array.Resize(ref _nodes, Count);
        Array.Resize(ref _values, _valuesLength);
        return this;
    }

    public int FindChild(int parent, ReadOnlySpan<char> name)
    {
        if (_childIndex.TryGetValue(parent, out Dictionary<string, int>? index))
        {
            return index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out int found) ? found : -1;
        }

        for (int child = _nodes[parent].FirstChild; child >= 0; child = _nodes[child].NextSibling)
        {
            if (name.SequenceEqual(_nodes[child].Name))
            {
                return child;
            }
        }

        return -1;
    }

    /// <summary>The node at a path relative to "/" (no leading slash), or -1.</summary>
    public int Find(ReadOnlySpan<char> relative)
    {
        int current = 0;
        while (!relative.IsEmpty)
        {
            int slash = relative.IndexOf('/');
            current = FindChild(current, slash < 0 ? relative : relative[..slash]);
            if (current < 0)
            {
                return -1;
            }

            relative = slash < 0 ? default : relative[(slash + 1)..];
        }

        return current;
    }

    public byte[]? Value(int node)
    {
        NodeRecord n = _nodes[node];
        return n.ValueStart < 0 ? null : _values.AsSpan(n.ValueStart, n.ValueLength).ToArray();
    }

    public string[] ChildNames(int node)
    {
        var names = new string[_nodes[node].ChildCount];
        int i = 0;
        for (int child = _nodes[node].FirstChild; child >= 0; child = _nodes[child].NextSibling)
        {
            names[i++] = _nodes[child].Name;
        }

        return names;
    }

    private void IndexChild(int parent, string name, int child)
    {
        if (!_childIndex.TryGetValue(parent, out Dictionary<string, int>? index))
        {
            // The list reached the threshold: index what is there, then keep the index up to date.
            index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int c = _nodes[parent].FirstChild; c >= 0; c = _nodes[c].NextSibling)
            {
                index.TryAdd(_nodes[c].Name, c);
            }

            _childIndex.Add(parent, index);
            return;
        }

        index.TryAdd(name, child);
    }

    internal struct NodeRecord
    {
        public string Name;
        public int Parent;
        public int FirstChild;
        public int LastChild;
        public int NextSibling;
        public int ChildCount;
        public int ValueStart;
        public int ValueLength;
        public XenStoreNodeState State;
    }
}
