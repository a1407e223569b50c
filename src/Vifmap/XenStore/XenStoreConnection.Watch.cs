using Vifmap.XenStore.Wire;

namespace Vifmap.XenStore;

public sealed partial class XenStoreConnection
{
    /// <summary>WATCH: events for <paramref name="path"/> and everything below it arrive on
    /// <see cref="WatchEvents"/> with <paramref name="token"/>, starting with one for the path itself.
    /// A watch changes nothing in the store.</summary>
    public async ValueTask WatchAsync(string path, string token, CancellationToken cancellationToken = default)
    {
        XsReply reply = await SendAsync(XsRequestType.Watch, 0, path, token, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, XsRequestType.Watch, path);
    }

    /// <summary>UNWATCH for a watch set with the same path and token.</summary>
    public async ValueTask UnwatchAsync(string path, string token, CancellationToken cancellationToken = default)
    {
        XsReply reply = await SendAsync(XsRequestType.Unwatch, 0, path, token, cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, XsRequestType.Unwatch, path);
    }
}
