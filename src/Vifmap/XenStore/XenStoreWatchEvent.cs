namespace Vifmap.XenStore;

/// <summary>A WATCH_EVENT: <paramref name="Path"/> changed (or is the watched path itself, sent once
/// right after WATCH succeeds), for the watch registered with <paramref name="Token"/>.</summary>
public sealed record XenStoreWatchEvent(string Path, string Token);
