using System.Text;

namespace Vifmap.XenStore.Wire;

/// <summary>Encodes request frames: the header, then one or two NUL-terminated strings, which is
/// every request this client sends (xenstore.txt: <c>&lt;path&gt;|</c>, <c>&lt;path&gt;|&lt;offset&gt;|</c>,
/// <c>&lt;path&gt;|&lt;token&gt;|</c>, <c>&lt;domid&gt;|</c>, <c>T|</c>/<c>F|</c>, and an empty string for
/// TRANSACTION_START). The only place request bytes are framed.</summary>
internal static class XsRequestWriter
{
    /// <summary>The whole frame length, or -1 if the payload would exceed 4096 bytes (the daemon
    /// would kill the connection, so such a request is never sent).</summary>
    public static int GetFrameLength(string first, string? second)
    {
        long payload = Encoding.UTF8.GetByteCount(first) + 1L;
        if (second is not null)
        {
            payload += Encoding.UTF8.GetByteCount(second) + 1L;
        }

        return payload > XsHeader.PayloadMax ? -1 : XsHeader.Size + (int)payload;
    }

    /// <summary>Writes the frame; <paramref name="destination"/> must hold
    /// <see cref="GetFrameLength"/> bytes. Returns the bytes written.</summary>
    public static int Write(Span<byte> destination, XsRequestType type, uint requestId, uint transactionId, string first, string? second)
    {
        int written = XsHeader.Size;
        written += Encoding.UTF8.GetBytes(first, destination[written..]);
        destination[written++] = 0;
        if (second is not null)
        {
            written += Encoding.UTF8.GetBytes(second, destination[written..]);
            destination[written++] = 0;
        }

        new XsHeader((uint)type, requestId, transactionId, (uint)(written - XsHeader.Size)).Write(destination);
        return written;
    }
}
