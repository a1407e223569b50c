using Vifmap.Diagnostics;
using Vifmap.XenStore.Dump;

namespace Vifmap.XenStore;

/// <summary>A <c>xenstore-ls -f</c> dump (<c>--xenstore-dump FILE</c>) read as a xenstore: escapes
/// decoded, truncated values flagged, unusable lines reported in <see cref="Diagnostics"/>.</summary>
public sealed class XenStoreDump : IXenStoreReader
{
    private XenStoreDump(XenStoreTree tree, IReadOnlyList<Diagnostic> diagnostics)
    {
        Tree = tree;
        Diagnostics = diagnostics;
    }

    /// <summary>Every node of the dump, with implied ancestors up to "/".</summary>
    public XenStoreTree Tree { get; }

    /// <summary>Findings about the dump's lines (codes VM490–VM495), in line order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Parses dump text; never throws on bad input.</summary>
    public static XenStoreDump Parse(ReadOnlySpan<byte> text, string source)
    {
        using var stream = new MemoryStream(text.ToArray(), writable: false);
        return Parse(stream, source);
    }

    /// <summary>Parses dump text from a stream, without holding all of it (a 100,000-NIC dump is over
    /// 100 MB); reads it twice when it can seek back, else copies it first. Never throws on bad input.</summary>
    public static XenStoreDump Parse(Stream text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new DiagnosticBag();
        XenStoreTree tree = XenStoreDumpParser.Parse(text, source, diagnostics);
        return new XenStoreDump(tree, diagnostics.Items);
    }

    public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
        => Tree.ReadAsync(path, cancellationToken);

    public ValueTask<IReadOnlyList<string>?> DirectoryAsync(string path, CancellationToken cancellationToken = default)
        => Tree.DirectoryAsync(path, cancellationToken);
}
