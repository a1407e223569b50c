using System.Text;
using Vifmap.XenStore;

namespace Vifmap.Tests.Host.Support;

/// <summary>A xenstore tree in memory, filled with <see cref="Write(string, string)"/> the way
/// <c>xenstore-write</c> fills the daemon (missing parents are created with empty values). It stands
/// in for the real daemon ONLY in these unit tests, to pin the map's rules case by case; the lab tests
/// (tests/Vifmap.LabTests/Host) run the same scenarios against the real Debian xenstored.</summary>
internal sealed class InMemoryXenStore : IXenStoreReader
{
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal) { ["/"] = [] };

    public List<string> Requests { get; } = [];

    public void Write(string path, string value) => Write(path, Encoding.UTF8.GetBytes(value));

    public void Write(string path, byte[] value)
    {
        Ensure(path);
        _values[path] = value;
    }

    public void Remove(string path)
    {
        foreach (string key in _values.Keys.Where(k => k == path || k.StartsWith(path + "/", StringComparison.Ordinal)).ToList())
        {
            _values.Remove(key);
            _children.Remove(key);
        }

        string parent = Parent(path);
        _children[parent].Remove(path[(path.LastIndexOf('/') + 1)..]);
    }

    public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        lock (Requests)
        {
            Requests.Add("READ " + path);
        }

        return ValueTask.FromResult(_values.TryGetValue(path, out byte[]? v) ? v : null);
    }

    public ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        lock (Requests)
        {
            Requests.Add("DIRECTORY " + path);
        }

        return ValueTask.FromResult<IReadOnlyList<string>?>(
            _values.ContainsKey(path) && _children.TryGetValue(path, out List<string>? c) ? [.. c] : null);
    }

    private void Ensure(string path)
    {
        if (_values.ContainsKey(path) || path == "/")
        {
            return;
        }

        string parent = Parent(path);
        if (parent != "/")
        {
            Ensure(parent);
        }

        _values[path] = [];
        _children[path] = [];
        _children[parent].Add(path[(path.LastIndexOf('/') + 1)..]);
    }

    private static string Parent(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash == 0 ? "/" : path[..slash];
    }
}
