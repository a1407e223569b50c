using System.Text;

namespace Vifmap.XenStore.Wire;

/// <summary>Decodes reply payloads: NUL-separated strings (DIRECTORY, WATCH_EVENT, ERROR, ...).
/// Everything is checked against the payload; a missing terminator is tolerated for the last
/// string because the daemon's READ replies carry none and a hostile peer may omit it.</summary>
internal static class XsPayload
{
    /// <summary>The strings of a NUL-separated list; an empty payload is an empty list. A trailing
    /// piece without its NUL still counts as a string.</summary>
    public static List<string> SplitStrings(ReadOnlySpan<byte> payload)
    {
        var result = new List<string>();
        while (!payload.IsEmpty)
        {
            int nul = payload.IndexOf((byte)0);
            ReadOnlySpan<byte> item = nul < 0 ? payload : payload[..nul];
            result.Add(Encoding.UTF8.GetString(item));
            payload = nul < 0 ? default : payload[(nul + 1)..];
        }

        return result;
    }

    /// <summary>The first NUL-terminated string (or the whole payload if it has no NUL).</summary>
    public static string FirstString(ReadOnlySpan<byte> payload)
    {
        int nul = payload.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? payload : payload[..nul]);
    }
}
