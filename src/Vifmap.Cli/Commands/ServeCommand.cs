using System.CommandLine;

namespace Vifmap.Cli.Commands;

/// <summary>`vifmap serve`: the metrics of `vifmap metrics` over HTTP for Prometheus, on Kestrel. On the
/// live host the map is kept current by a watcher and a scrape reads only the counters; a dump or a
/// snapshot is read per scrape. Scrapes run one at a time. Loopback by default: a host's guest
/// inventory is the admin's to expose. The HTTP side is ServeCommand.Kestrel.cs; a build without Kestrel
/// (VifmapServeApart) hands the command to the whole program instead (ServeCommand.Apart.cs).</summary>
internal static partial class ServeCommand
{
    public const string DefaultListen = "127.0.0.1:9478";

    private static readonly Option<string> s_listen = new("--listen")
    {
        Description = "Listen on ADDRESS:PORT (default 127.0.0.1:9478; 0.0.0.0:9478 or [::]:9478 for every address; port 0 picks a free one).",
        DefaultValueFactory = _ => DefaultListen,
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("serve", "Serve the host's metrics over HTTP for Prometheus (/metrics), until SIGTERM or SIGINT.")
        {
            s_listen,
        };
        HostSourceOptions.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse, console, ct));
        return command;
    }
}
