namespace Vifmap.XenStore;

/// <summary>The storage behind <see cref="XenStoreTreeBuilder"/> and <see cref="XenStoreTree"/>: one
/// record per node in a growing array, values end to end in one byte array (see the builder's remarks
/// for why). Index 0 is "/".</summary>
internal sealed class XenStoreTreeStore
{
    /// <summary>Past this many children a node gets a name index; below it a walk of the list is as quick.</summary>
    private const int IndexedChildren = 16;

    private readonly Dictionary<int, Dictionary<string, int>> _childIndex = [];
    // Nodes live in pages of a fixed size: growing never copies millions of records (nor holds the
    // old and the new array at once, as doubling one array would).
    private const int PageBits = 14;
    private const int PageSize = 1 << PageBits;

    private readonly List<NodeRecord[]> _pages = [];
    private byte[] _values = new byte[256];
    private int _valuesLength;

    public int Count { get; private set; }

    public ref readonly NodeRecord Node(int index) => ref At(index);

    public int AddNode(int parent, string name)
    {
        if (Count == _pages.Count * PageSize)
        {
            _pages.Add(new NodeRecord[PageSize]);
        }

        int index = Count++;
        At(index) = new NodeRecord
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
            ref NodeRecord p = ref At(parent);
            if (p.LastChild < 0)
            {
                p.FirstChild = index;
            }
            else
            {
                At(p.LastChild).NextSibling = index;
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
        ref NodeRecord n = ref At(node);
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

    /// <summary>Trims the value array to what is used; the store is read-only afterwards.</summary>
    public XenStoreTreeStore Seal()
    {
        Array.Resize(ref _values, _valuesLength);
        return this;
    }

    public int FindChild(int parent, ReadOnlySpan<char> name)
    {
        if (_childIndex.TryGetValue(parent, out Dictionary<string, int>? index))
        {
            return index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out int found) ? found : -1;
        }

        for (int child = At(parent).FirstChild; child >= 0; child = At(child).NextSibling)
        {
            if (name.SequenceEqual(At(child).Name))
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
        ref readonly NodeRecord n = ref At(node);
        return n.ValueStart < 0 ? null : _values.AsSpan(n.ValueStart, n.ValueLength).ToArray();
    }

    public string[] ChildNames(int node)
    {
        var names = new string[At(node).ChildCount];
        int i = 0;
        for (int child = At(node).FirstChild; child >= 0; child = At(child).NextSibling)
        {
            names[i++] = At(child).Name;
        }

        return names;
    }

    private ref NodeRecord At(int index) => ref _pages[index >> PageBits][index & (PageSize - 1)];

    private void IndexChild(int parent, string name, int child)
    {
        if (!_childIndex.TryGetValue(parent, out Dictionary<string, int>? index))
        {
            // The list reached the threshold: index what is there, then keep the index up to date.
            index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int c = At(parent).FirstChild; c >= 0; c = At(c).NextSibling)
            {
                index.TryAdd(At(c).Name, c);
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
