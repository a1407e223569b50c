using System.Collections.Concurrent;
using Vifmap.XenStore;

namespace Vifmap.Host;

/// <summary>The xenstore nodes one map needed: filled by <see cref="Record"/> while a map is built from
/// another reader, or from a snapshot file, then served back as a reader. A node that was never
/// recorded reads as absent, exactly as a node that was missing when recorded.</summary>
public sealed class RecordedXenStore : IXenStoreReader
{
    private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _directories = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, byte[]> Values => _values;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Directories => _directories;

    /// <summary>A reader that passes through to <paramref name="inner"/> and keeps what it answered.</summary>
    public static (IXenStoreReader Reader, RecordedXenStore Recording) Record(IXenStoreReader inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var recording = new RecordedXenStore();
        return (new RecordingReader(inner, recording), recording);
    }

    /// <summary>A reader that passes through to <paramref name="inner"/> and adds what it answered here
    /// (one recording across several transactions).</summary>
    public IXenStoreReader RecordFrom(IXenStoreReader inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new RecordingReader(inner, this);
    }

    public void AddValue(string path, byte[] value) => _values[path] = value;

    public void AddDirectory(string path, IReadOnlyList<string> children) => _directories[path] = children;

    public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_values.TryGetValue(path, out byte[]? v) ? v : null);

    public ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_directories.TryGetValue(path, out IReadOnlyList<string>? c) ? c : null);

    private sealed class RecordingReader(IXenStoreReader inner, RecordedXenStore recording) : IXenStoreReader
    {
        public async ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
        {
            byte[]? value = await inner.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (value is not null)
            {
                recording.AddValue(path, value);
            }

            return value;
        }

        public async ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<string>? children = await inner.DirectoryAsync(path, cancellationToken).ConfigureAwait(false);
            if (children is not null)
            {
                recording.AddDirectory(path, children);
            }

            return children;
        }
    }
}
