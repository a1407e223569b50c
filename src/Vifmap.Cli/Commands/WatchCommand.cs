using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vifmap.Cli.Output;
using Vifmap.Host.Live;
using Vifmap.XenStore;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap watch`: the live host's NICs now (one <c>present</c> event each), then one event per
/// change — guests, NICs, xenbus states, the active path moving from the emulated NIC to PV, interfaces
/// appearing, going and being renamed — until SIGINT/SIGTERM. Each event is written and flushed at once.</summary>
internal static class WatchCommand
{
    private static readonly Option<bool> s_json = new("--json") { Description = "Print NDJSON: one object per event and line." };

    private static readonly Option<int> s_backendDomid = NumberOptions.Domid(
        "--backend-domid", "Watch the backends of this domain (a driver domain); default 0 (dom0).", 0);

    private static readonly Option<double> s_timeout = NumberOptions.Seconds(
        "--timeout", "Stop watching after this many seconds (exit 0); default: until SIGINT/SIGTERM.", 0);

    private static readonly JsonWriterOptions s_jsonOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("watch", "Print the live host's guest NICs, then every change to them as it happens.")
        {
            s_json,
            s_backendDomid,
            s_timeout,
        };
        command.SetAction((parse, ct) => RunAsync(parse, console, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        bool json = parse.GetValue(s_json);
        double timeout = parse.GetValue(s_timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > 0)
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        var watcher = new HostWatcher(new HostWatcherOptions
        {
            BackendDomid = parse.GetValue(s_backendDomid),
            Status = line => console.Error.WriteLine("vifmap: " + TerminalText.EscapeControls(line)),
        });
        var buffer = new ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(buffer, s_jsonOptions);
        long seq = 0;
        IAsyncEnumerator<HostEvent> events = watcher.WatchAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        try
        {
            while (true)
            {
                bool next;
                try
                {
                    next = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    return ExitCodes.Success; // --timeout reached: a normal end
                }
                catch (IOException e)
                {
                    // The only other I/O of the watcher is the netlink socket (stdout is written below).
                    throw new CliException($"cannot follow the kernel's interfaces (netlink): {TerminalText.Escape(e.Message)}");
                }

                if (!next)
                {
                    return ExitCodes.Success;
                }

                seq++;
                DateTimeOffset now = DateTimeOffset.UtcNow;
                if (json)
                {
                    buffer.ResetWrittenCount();
                    writer.Reset();
                    WriteJson(writer, events.Current, seq, now);
                    writer.Flush();
                    await console.Out.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
                }
                else
                {
                    await console.Out.WriteLineAsync(FormatText(events.Current, now)).ConfigureAwait(false);
                }

                // Flushed per event: a pipe reader (jq, a log shipper) sees it now, not at exit.
                await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (XenStoreException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Time(DateTimeOffset now) => now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static void WriteJson(Utf8JsonWriter writer, HostEvent e, long seq, DateTimeOffset now)
    {
        writer.WriteStartObject();
        writer.WriteString("time", Time(now));
        writer.WriteNumber("seq", seq);
        writer.WriteString("type", e.Type.ToWireName());
        JsonOutput.WriteNumberOrNull(writer, "domid", e.Domid);
        JsonOutput.WriteStringOrNull(writer, "domain", e.Domain);
        JsonOutput.WriteStringOrNull(writer, "domain_uuid", e.DomainUuid);
        JsonOutput.WriteNumberOrNull(writer, "devid", e.Devid);
        JsonOutput.WriteStringOrNull(writer, "path", e.Path);
        JsonOutput.WriteStringOrNull(writer, "interface", e.Interface);
        JsonOutput.WriteStringOrNull(writer, "from", e.From);
        JsonOutput.WriteStringOrNull(writer, "to", e.To);
        if (e.Reason is not null)
        {
            writer.WriteString("reason", e.Reason);
        }

        writer.WriteEndObject();
    }

    /// <summary>One line for a person: time, type, then what applies (guest-chosen strings escaped).</summary>
    internal static string FormatText(HostEvent e, DateTimeOffset now)
    {
        var line = new StringBuilder(Time(now)).Append(' ').Append(e.Type.ToWireName());
        if (e.Domain is not null || e.Domid is not null)
        {
            line.Append(' ').Append(TerminalText.Escape(e.Domain ?? "(no name)"));
            if (e.Domid is int domid)
            {
                line.Append(CultureInfo.InvariantCulture, $" (domid {domid})");
            }
        }

        if (e.Devid is int devid)
        {
            line.Append(CultureInfo.InvariantCulture, $" nic {devid}");
        }

        if (e.From is not null || e.To is not null)
        {
            line.Append(": ").Append(TerminalText.Escape(e.From ?? "-")).Append(" -> ").Append(TerminalText.Escape(e.To ?? "-"));
        }

        if (e.Path is not null)
        {
            line.Append(" path=").Append(e.Path);
        }

        if (e.Interface is not null)
        {
            line.Append(" interface=").Append(TerminalText.Escape(e.Interface));
        }

        if (e.Reason is not null)
        {
            line.Append(": ").Append(TerminalText.Escape(e.Reason));
        }

        return line.ToString();
    }
}
