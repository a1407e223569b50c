using Vifmap.XenStore;

namespace Vifmap.LabTests.XenStore;

/// <summary>Test support, not shipped: the lab tests copy whole live trees to compare them with dumps. Copies a subtree from any reader into a <see cref="XenStoreTree"/>, keeping up to
/// <c>maxInFlight</c> nodes (a READ and a DIRECTORY each) outstanding so a pipelining reader (<see cref="XenStoreConnection"/>)
/// is never idle waiting for one round trip at a time, as <c>xenstore-ls</c> is.</summary>
internal static class XenStoreTreeCopier
{
    public const int DefaultMaxInFlight = 256;

    /// <summary>The subtree at <paramref name="rootPath"/> (root included), or an empty tree when the
    /// root does not exist. Nodes that vanish during the walk are left out; nodes whose value cannot
    /// be read (EACCES) are kept as <see cref="XenStoreNodeState.Unreadable"/>.</summary>
    public static async Task<XenStoreTree> CopyAsync(IXenStoreReader reader, string rootPath, int maxInFlight = DefaultMaxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        if (!XenStoreTreeBuilder.IsValidPath(rootPath))
        {
            throw new ArgumentException($"'{rootPath}' is not an absolute xenstore path", nameof(rootPath));
        }

        using var gate = new SemaphoreSlim(maxInFlight);
        var walk = new Walk(reader, gate, cancellationToken);
        WalkedNode? root = await walk.VisitAsync(rootPath).ConfigureAwait(false);
        var builder = new XenStoreTreeBuilder();
        if (root is not null)
        {
            AddDepthFirst(builder, root);
        }

        return builder.Build();
    }

    private static void AddDepthFirst(XenStoreTreeBuilder builder, WalkedNode root)
    {
        var stack = new Stack<WalkedNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            WalkedNode node = stack.Pop();
            builder.Add(node.Path, node.State, node.Value);
            for (int i = node.Children.Length - 1; i >= 0; i--)
            {
                if (node.Children[i] is { } child)
                {
                    stack.Push(child);
                }
            }
        }
    }

    private sealed record WalkedNode(string Path, XenStoreNodeState State, byte[]? Value, WalkedNode?[] Children);

    private sealed class Walk(IXenStoreReader reader, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        public async Task<WalkedNode?> VisitAsync(string path)
        {
            byte[]? value = null;
            bool unreadable = false;
            IReadOnlyList<string>? children = null;
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Both requests go out before either reply is awaited: one round trip per node.
                ValueTask<byte[]?> read = reader.ReadAsync(path, cancellationToken);
                ValueTask<IReadOnlyList<string>?> list = reader.DirectoryAsync(path, cancellationToken);
                try
                {
                    value = await read.ConfigureAwait(false);
                }
                catch (XenStoreErrorException ex) when (ex.ErrorName == XenStoreErrorNames.EACCES)
                {
                    unreadable = true;
                }

                try
                {
                    children = await list.ConfigureAwait(false);
                }
                catch (XenStoreErrorException ex) when (ex.ErrorName == XenStoreErrorNames.EACCES)
                {
                    children = null;
                }
            }
            finally
            {
                gate.Release();
            }

            if (value is null && !unreadable)
            {
                return null; // vanished (or never existed)
            }

            WalkedNode?[] walked = [];
            if (children is { Count: > 0 })
            {
                var visits = new Task<WalkedNode?>[children.Count];
                for (int i = 0; i < children.Count; i++)
                {
                    visits[i] = VisitAsync(XenStoreTreeBuilder.Combine(path, children[i]));
                }

                walked = await Task.WhenAll(visits).ConfigureAwait(false);
            }

            return new WalkedNode(path, unreadable ? XenStoreNodeState.Unreadable : XenStoreNodeState.Value, value, walked);
        }
    }
}
