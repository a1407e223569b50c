using Vifmap.LabTests.Lab;
using Vifmap.XenStore;

namespace Vifmap.LabTests.XenStore;

/// <summary>Opens the client under test against a lab daemon, and the trace-log helpers the
/// read-only proofs need.</summary>
internal static class XenStoreLabClient
{
    /// <summary>A client of <paramref name="lab"/>; <paramref name="inline"/> completes each reply on the thread that
    /// reads the socket, as the one-shot commands do (<see cref="XenStoreConnectionOptions.CompleteRepliesInline"/>),
    /// and <paramref name="timeout"/> bounds each reply.</summary>
    public static Task<XenStoreConnection> ConnectAsync(XenstoredLab lab, TimeSpan? timeout = null, bool inline = false)
        => XenStoreConnection.OpenAsync(new XenStoreConnectionOptions
        {
            SocketPath = lab.SocketPath,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            CompleteRepliesInline = inline,
        });

    /// <summary>A path nobody else touches: the client under test reads it first, so its connection
    /// can be picked out of the trace log.</summary>
    public static string NewMarker() => "/vifmap-marker-" + Guid.NewGuid().ToString("N");

    /// <summary>The requests one connection sent, in order, from the daemon's trace log lines
    /// <c>IN 0x&lt;conn&gt; &lt;date&gt; &lt;time&gt; &lt;TYPE&gt; (&lt;args&gt;)</c>. The connection is the one that sent
    /// <paramref name="marker"/>; the daemon reuses connection addresses, so only lines between that
    /// connection's CREATE and DESTROY count.</summary>
    public static List<(string Type, string Arguments)> RequestsOfConnectionThatSent(string trace, string marker)
    {
        string[] lines = trace.Split('\n');
        int markerLine = Array.FindIndex(lines, l => l.StartsWith("IN ", StringComparison.Ordinal) && l.Contains(marker, StringComparison.Ordinal));
        Assert.True(markerLine >= 0, $"the trace log has no request for {marker}");
        string connection = lines[markerLine].Split(' ')[1];
        int first = Array.FindLastIndex(lines, markerLine, l => l == "CREATE connection " + connection);
        int last = Array.FindIndex(lines, markerLine, l => l == "DESTROY connection " + connection);
        if (last < 0)
        {
            last = lines.Length;
        }

        var requests = new List<(string, string)>();
        for (int i = first + 1; i < last; i++)
        {
            string[] fields = lines[i].Split(' ', 6);
            if (fields.Length == 6 && fields[0] == "IN" && fields[1] == connection)
            {
                int open = fields[5].IndexOf('(', StringComparison.Ordinal);
                requests.Add((fields[4], open >= 0 ? fields[5][(open + 1)..].TrimEnd(')', ' ') : string.Empty));
            }
        }

        return requests;
    }
}
