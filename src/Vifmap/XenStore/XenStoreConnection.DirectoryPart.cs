using System.Globalization;
using System.Text;
using Vifmap.XenStore.Wire;

namespace Vifmap.XenStore;

public sealed partial class XenStoreConnection
{
    // A node whose children keep changing between parts restarts the listing; after this many
    // restarts the daemon's EAGAIN-like situation is reported instead of looping for ever.
    private const int DirectoryPartRestarts = 5;

    // A listing is at most the daemon's whole child list; a daemon (or a man in the middle) that
    // sends parts without the end marker for ever would otherwise grow the list without bound.
    // 4 MiB of names is far past any real node (xenstored refuses nodes of this size).
    private const int MaxDirectoryBytes = 4 << 20;

    /// <summary>DIRECTORY_PART, used when DIRECTORY answered E2BIG. Each part is
    /// <c>"&lt;generation&gt;\0child\0child\0..."</c> starting at a byte offset into the child list; the
    /// last part ends with an empty string. A changed generation means the node changed between
    /// parts, so the listing starts over (Xen 4.17 <c>send_directory_part</c>, libxenstore
    /// <c>xs_directory_part</c>).</summary>
    private async ValueTask<IReadOnlyList<string>?> DirectoryInPartsAsync(string path, uint transactionId, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < DirectoryPartRestarts; attempt++)
        {
            var children = new List<string>();
            string? generation = null;
            int offset = 0;
            bool restart = false;
            while (true)
            {
                string offsetText = offset.ToString(CultureInfo.InvariantCulture);
                XsReply reply = await SendAsync(XsRequestType.DirectoryPart, transactionId, path, offsetText, cancellationToken).ConfigureAwait(false);
                if (IsNotFound(reply))
                {
                    return null;
                }

                ThrowIfError(reply, XsRequestType.DirectoryPart, path);
                ReadOnlySpan<byte> payload = reply.Payload;
                int nul = payload.IndexOf((byte)0);
                if (nul < 0)
                {
                    throw XenStoreErrors.MalformedReply(XsRequestType.DirectoryPart, "no generation count");
                }

                string partGeneration = Encoding.ASCII.GetString(payload[..nul]);
                if (generation is null)
                {
                    generation = partGeneration;
                }
                else if (generation != partGeneration)
                {
                    restart = true;
                    break;
                }

                ReadOnlySpan<byte> list = payload[(nul + 1)..];
                // The last part carries an extra empty string: it ends in "\0\0", or is just "\0"
                // when the offset was at the end of the list.
                bool last = list.IsEmpty || (list[^1] == 0 && (list.Length == 1 || list[^2] == 0));
                ReadOnlySpan<byte> names = last && !list.IsEmpty ? list[..^1] : list;
                children.AddRange(XsPayload.SplitStrings(names));
                if (last)
                {
                    return children;
                }

                if (names.IsEmpty)
                {
                    throw XenStoreErrors.MalformedReply(XsRequestType.DirectoryPart, $"empty part at offset {offset} without the end marker");
                }

                offset += names.Length;
                if (offset > MaxDirectoryBytes)
                {
                    throw XenStoreErrors.MalformedReply(XsRequestType.DirectoryPart, $"parts go on past {MaxDirectoryBytes} bytes of child names without the end marker");
                }
            }

            if (!restart)
            {
                break;
            }
        }

        throw XenStoreErrors.DaemonError(XenStoreErrorNames.EAGAIN, XsRequestType.DirectoryPart, path);
    }
}
