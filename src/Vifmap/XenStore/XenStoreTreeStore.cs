namespace Vifmap.XenStore;

/// <summary>The storage behind <see cref="XenStoreTreeBuilder"/> and <see cref="XenStoreTree"/>: one
/// record per node in pages of records, values end to end in one byte array, names by number in one
/// table (see the builder's remarks for why). Index 0 is "/".</summary>
/// <remarks>A record holds no reference (its name is a number): millions of them cost the garbage
/// collector nothing to scan, however often it runs while the tree is built or read.</remarks>
internal sealed class XenStoreTreeStore
{
    /// <summary>Past this many children a node gets a name index; below it a walk of the list is as quick.</summary>
    private const int IndexedChildren = 16;

    // Nodes live in pages of a fixed size: growing never copies millions of records (nor holds the
    // old and the new array at once, as doubling one array would).
    private const int PageBits = 14;
    private const int PageSize = 1 << PageBits;

    private readonly List<Dictionary<int, int>> _childIndexes = [];
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _nameIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _nameIdLookup;
    private NodeRecord[][] _pages = [];
    // Values end to end in pages of 1 MiB (a longer value has a page of its own): no array doubled and
    // copied as the dump is read, nor a last copy to trim it (issue 15: the old array, its copy and the
    // trimmed one were 150 MB at once for a 100,000-NIC dump). A value's start is its page and offset.
    private const int ValuePageBits = 20;
    private const int ValuePageSize = 1 << ValuePageBits;
    private const int MaxValuePages = int.MaxValue >> ValuePageBits;
    private readonly List<byte[]> _valuePages = [];
    private int _valuePageUsed = ValuePageSize;

    public XenStoreTreeStore()
    {
        _nameIdLookup = _nameIds.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count { get; private set; }

    public ref readonly NodeRecord Node(int index) => ref At(index);

    public string NameOf(int index) => _names[At(index).Name];

    /// <summary>Adds a child named <paramref name="name"/>, whose <see cref="NameId"/> is <paramref name="id"/> (-1 when new).</summary>
    public int AddNode(int parent, ReadOnlySpan<char> name, int id)
    {
        if (Count == _pages.Length * PageSize)
        {
            Array.Resize(ref _pages, Math.Max(4, _pages.Length * 2));
        }

        if ((Count & (PageSize - 1)) == 0 && _pages[Count >> PageBits] is null)
        {
            _pages[Count >> PageBits] = new NodeRecord[PageSize];
        }

        int index = Count++;
        At(index) = new NodeRecord
        {
            Name = id >= 0 ? id : Intern(name),
            Parent = parent,
            FirstChild = -1,
            LastChild = -1,
            NextSibling = -1,
            ChildIndex = -1,
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
                IndexChild(parent, index);
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

        int page;
        int offset;
        if (value.Length > ValuePageSize)
        {
            page = AddValuePage(value.Length);
            offset = 0;
        }
        else
        {
            // Always room for one more byte: an empty value's offset must stay inside its page.
            if (_valuePages.Count == 0 || ValuePageSize - _valuePageUsed < Math.Max(value.Length, 1))
            {
                AddValuePage(ValuePageSize);
                _valuePageUsed = 0;
            }

            // The page being filled is the last small one; a long value's own page may come after it.
            page = _currentValuePage;
            offset = _valuePageUsed;
            _valuePageUsed += value.Length;
        }

        value.CopyTo(_valuePages[page].AsSpan(offset));
        n.ValueStart = (page << ValuePageBits) | offset;
        n.ValueLength = value.Length;
    }

    private int _currentValuePage = -1;

    private int AddValuePage(int size)
    {
        if (_valuePages.Count == MaxValuePages)
        {
            throw new InvalidOperationException("xenstore values over 2 GiB in all");
        }

        _valuePages.Add(new byte[size]);
        if (size == ValuePageSize)
        {
            _currentValuePage = _valuePages.Count - 1;
        }

        return _valuePages.Count - 1;
    }

    /// <summary>Trims the page being filled to what is used; the store is read-only afterwards.</summary>
    public XenStoreTreeStore Seal()
    {
        if (_currentValuePage >= 0)
        {
            byte[] last = _valuePages[_currentValuePage];
            Array.Resize(ref last, _valuePageUsed);
            _valuePages[_currentValuePage] = last;
        }

        return this;
    }

    /// <summary>The number of a name some node has, or -1 when no node has it.</summary>
    public int NameId(ReadOnlySpan<char> name) => _nameIdLookup.TryGetValue(name, out int id) ? id : -1;

    public int FindChild(int parent, ReadOnlySpan<char> name)
    {
        // Names are interned: a name never seen is no child, and a known one compares by number.
        int id = NameId(name);
        return id < 0 ? -1 : FindChild(parent, id);
    }

    /// <summary>The child whose name is number <paramref name="id"/>, or -1.</summary>
    public int FindChild(int parent, int id)
    {
        ref readonly NodeRecord p = ref At(parent);
        if (p.ChildIndex >= 0)
        {
            return _childIndexes[p.ChildIndex].TryGetValue(id, out int found) ? found : -1;
        }

        for (int child = p.FirstChild; child >= 0; child = At(child).NextSibling)
        {
            if (At(child).Name == id)
            {
                return child;
            }
        }

        return -1;
    }

    /// <summary>The node at a path relative to <paramref name="from"/> (no leading slash), or -1.</summary>
    public int Find(ReadOnlySpan<char> relative, int from = 0)
    {
        int current = from;
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
        return n.ValueStart < 0 ? null : ValueSpan(n).ToArray();
    }

    /// <summary>The value in place (see <see cref="Value"/>); false when the node has none.</summary>
    public bool TryGetValue(int node, out ReadOnlySpan<byte> value)
    {
        ref readonly NodeRecord n = ref At(node);
        value = n.ValueStart < 0 ? default : ValueSpan(n);
        return n.ValueStart >= 0;
    }

    public string[] ChildNames(int node)
    {
        var names = new string[At(node).ChildCount];
        int i = 0;
        for (int child = At(node).FirstChild; child >= 0; child = At(child).NextSibling)
        {
            names[i++] = _names[At(child).Name];
        }

        return names;
    }

    private ReadOnlySpan<byte> ValueSpan(in NodeRecord n)
        => _valuePages[n.ValueStart >> ValuePageBits].AsSpan(n.ValueStart & (ValuePageSize - 1), n.ValueLength);

    private ref NodeRecord At(int index) => ref _pages[index >> PageBits][index & (PageSize - 1)];

    private int Intern(ReadOnlySpan<char> name)
    {
        if (!_nameIdLookup.TryGetValue(name, out int id))
        {
            string text = name.ToString();
            id = _names.Count;
            _names.Add(text);
            _nameIds.Add(text, id);
        }

        return id;
    }

    private void IndexChild(int parent, int child)
    {
        ref NodeRecord p = ref At(parent);
        if (p.ChildIndex < 0)
        {
            // The list reached the threshold: index what is there, then keep the index up to date.
            var index = new Dictionary<int, int>();
            for (int c = p.FirstChild; c >= 0; c = At(c).NextSibling)
            {
                index.TryAdd(At(c).Name, c);
            }

            p.ChildIndex = _childIndexes.Count;
            _childIndexes.Add(index);
            return;
        }

        _childIndexes[p.ChildIndex].TryAdd(At(child).Name, child);
    }

    internal struct NodeRecord
    {
        /// <summary>The node's last path segment, by number (<see cref="NameOf"/>).</summary>
        public int Name;
        public int Parent;
        public int FirstChild;
        public int LastChild;
        public int NextSibling;
        public int ChildCount;

        /// <summary>The node's name index, once it has more than <see cref="IndexedChildren"/> children; else -1.</summary>
        public int ChildIndex;
        public int ValueStart;
        public int ValueLength;
        public XenStoreNodeState State;
    }
}
