using System.Diagnostics;

namespace Vifmap.Cli.Tests;

/// <summary>A real named pipe (mkfifo) with a writer that sends <c>content</c> once a reader opens it,
/// as a shell's <c>&lt;(…)</c> or a FIFO hands vifmap its input: no length, no seeking, and gone once
/// read.</summary>
internal sealed class NamedPipe : IDisposable
{
    private readonly string _directory;
    private readonly Task _writer;

    private NamedPipe(string directory, string path, Task writer)
    {
        _directory = directory;
        Path = path;
        _writer = writer;
    }

    public string Path { get; }

    public static NamedPipe Send(byte[] content)
    {
        string directory = Directory.CreateTempSubdirectory("vifmap-fifo-").FullName;
        string path = System.IO.Path.Combine(directory, "input");
        using (Process mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            if (mkfifo.ExitCode != 0)
            {
                throw new InvalidOperationException($"mkfifo {path} exited {mkfifo.ExitCode}");
            }
        }

        // Opening a FIFO to write waits for its reader.
        Task writer = Task.Run(() => File.WriteAllBytes(path, content));
        return new NamedPipe(directory, path, writer);
    }

    /// <summary>True when the writer got its whole content out (a reader that opened the pipe again
    /// after closing it would leave the writer waiting).</summary>
    public bool Delivered(TimeSpan within) => _writer.Wait(within);

    public void Dispose()
    {
        if (!_writer.IsCompleted)
        {
            // Unblock a writer still waiting for a reader.
            try
            {
                using FileStream unblock = new(Path, FileMode.Open, FileAccess.Read);
                unblock.CopyTo(Stream.Null);
            }
            catch (IOException)
            {
            }
        }

        Directory.Delete(_directory, recursive: true);
    }
}
