using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Vifmap.Cli.Output;

namespace Vifmap.Cli.Input;

/// <summary>Reads the files named on the command line as raw bytes, as xl reads them: no decoding, so
/// CRLF, a BOM or invalid UTF-8 reach the parser and are reported. Every read is bounded: a config of
/// megabytes is already absurd, and <c>/dev/zero</c> or a 3 GiB file must end in a clear line, not an
/// out-of-memory trace. Files are opened without the sharing lock .NET would take (flock), and a
/// regular file is read with one call where it fits.</summary>
internal static class InputFiles
{
    /// <summary>xl.cfg files: Xen's own examples are a few KiB.</summary>
    public const int ConfigLimit = 8 * 1024 * 1024;

    /// <summary><c>xenstore-ls -f</c> dumps, <c>ip -j link</c> output, snapshots: 100,000 NICs are about
    /// 100 MiB of dump.</summary>
    public const int HostInputLimit = 1024 * 1024 * 1024;

    /// <summary>The bytes of <paramref name="file"/> (<c>-</c> is standard input), or a <see cref="CliException"/>
    /// saying in a few words why not.</summary>
    public static byte[] Read(string file, int limit, Func<Stream> openStandardInput, string what)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(openStandardInput);
        if (file.Length == 0)
        {
            throw CliException.Usage($"{what} is an empty string: name a file, or - for standard input");
        }

        string shown = TerminalText.Escape(file);
        try
        {
            if (file == "-")
            {
                using Stream stdin = openStandardInput();
                return ReadBounded(stdin, limit) ?? throw TooLarge("standard input", limit);
            }

            // Not sharing write lets .NET keep the length it learnt when opening, instead of asking the
            // kernel again.
            using SafeFileHandle handle = OpenWithin(Absolute(file), FileShare.Read | FileShare.Delete, limit, shown, out long length);

            // A regular file reports its length; a device, pipe or /proc file reports 0 and is read to its end.
            // One byte more than the length is asked for, so one read call both reads the file and finds
            // its end (issue 15: per-file system calls dominated linting 10,000 files).
            if (length > 0)
            {
                byte[] bytes = new byte[length + 1];
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                    read += n;
                    if (n == 0 || read < bytes.Length)
                    {
                        // A regular file reads short only at its end.
                        return bytes[..read];
                    }
                }

                // It grew while being read: read on through a stream, still bounded.
                using var rest = new FileStream(handle, FileAccess.Read, 1);
                rest.Seek(read, SeekOrigin.Begin);
                byte[]? tail = ReadBounded(rest, limit - read) ?? throw TooLarge(shown, limit);
                return [.. bytes, .. tail];
            }

            return ReadToEnd(handle, limit, shown);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{shown}: {Reason(e, file)}");
        }
    }

    /// <summary>A stream over <paramref name="file"/> for a reader that keeps only a buffer of it (a
    /// 100,000-NIC dump is over 100 MB): a regular file is read in place, through the same checks as
    /// <see cref="Read"/>; standard input, a device or a FIFO is read (bounded) into memory first.
    /// Reading the stream stops with a <see cref="CliException"/> past <paramref name="limit"/> bytes
    /// (a file that grows while read).</summary>
    public static Stream Open(string file, int limit, Func<Stream> openStandardInput, string what)
    {
        ArgumentNullException.ThrowIfNull(file);
        string shown = TerminalText.Escape(file);
        if (file.Length == 0 || file == "-")
        {
            return new MemoryStream(Read(file, limit, openStandardInput, what), writable: false);
        }

        SafeFileHandle? handle = null;
        try
        {
            handle = OpenWithin(file, FileShare.ReadWrite | FileShare.Delete, limit, shown, out long length);
            if (length == 0)
            {
                // Read from this handle: opening a FIFO again would wait for another writer, and the
                // first writer's data would be gone with the pipe.
                return new MemoryStream(ReadToEnd(handle, limit, shown), writable: false);
            }

            return new BoundedFileStream(new FileStream(handle, FileAccess.Read, 1), limit, shown, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            handle?.Dispose();
            throw new CliException($"{shown}: {Reason(e, file)}");
        }
    }

    /// <summary>Opens <paramref name="file"/> to read, as both readers do, and checks its length against
    /// <paramref name="limit"/>. No lock is taken (the CLI turns .NET's flock off: Vifmap.Cli.csproj).
    /// A pipe has no length: .NET refuses to ask (NotSupportedException, which escaped as a trace for
    /// <c>vifmap lint &lt;(…)</c>), so its length counts as 0, like a device's, and it is read to its end.</summary>
    private static SafeFileHandle OpenWithin(string file, FileShare share, int limit, string shown, out long length)
    {
        SafeFileHandle handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, share);
        try
        {
            try
            {
                length = RandomAccess.GetLength(handle);
            }
            catch (NotSupportedException)
            {
                length = 0;
            }

            if (length > limit)
            {
                throw TooLarge(shown, limit, length);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Everything left in <paramref name="handle"/>, bounded: a device, pipe or /proc file, whose
    /// length says nothing. Closes the handle.</summary>
    private static byte[] ReadToEnd(SafeFileHandle handle, int limit, string shown)
    {
        using var stream = new FileStream(handle, FileAccess.Read, 1);
        return ReadBounded(stream, limit) ?? throw TooLarge(shown, limit);
    }

    /// <summary>A relative name made absolute with the working directory asked for once: .NET would ask
    /// the kernel for it again for every one of 10,000 files.</summary>
    private static string Absolute(string file)
        => Path.IsPathRooted(file) ? file : Path.Join(s_workingDirectory.Value, file);

    private static readonly Lazy<string> s_workingDirectory = new(Directory.GetCurrentDirectory);

    /// <summary>Up to <paramref name="limit"/> bytes, or null when the stream has more.</summary>
    private static byte[]? ReadBounded(Stream stream, int limit)
    {
        using var copy = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, (long)limit - copy.Length + 1));
            if (n == 0)
            {
                return copy.ToArray();
            }

            copy.Write(buffer, 0, n);
            if (copy.Length > limit)
            {
                return null;
            }
        }
    }

    private static CliException TooLarge(string what, int limit, long? length = null)
    {
        string size = length is long l ? Size(l) + ", more" : "more";
        return new CliException($"{what}: {size} than the {Size(limit)} vifmap reads from one input; not a file it can take");
    }

    /// <summary>Why a file could not be read or written, in a few words. The CLI is built with
    /// UseSystemResourceKeys (a smaller AOT binary), so exception messages are resource keys such as
    /// "IO_FileNotFound_FileName, /x": the usual causes are named here instead.</summary>
    public static string Reason(Exception error, string path)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Directory.Exists(path))
        {
            return "is a directory";
        }

        return error switch
        {
            FileNotFoundException or DirectoryNotFoundException => "no such file",
            UnauthorizedAccessException => "permission denied",
            PathTooLongException => "name too long",
            _ => "I/O error",
        };
    }

    /// <summary>Why a file could not be written.</summary>
    public static string WriteReason(Exception error, string path)
        => error is DirectoryNotFoundException ? "no such directory" : Reason(error, path);

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    /// <summary>A file read in place: its reads fail as <see cref="CliException"/>s in a few words, and it
    /// ends with one past the limit (a file growing while read).</summary>
    private sealed class BoundedFileStream(FileStream inner, int limit, string shown, string file) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n;
            try
            {
                n = inner.Read(buffer, offset, count);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"{shown}: {Reason(e, file)}");
            }

            if (inner.Position > limit)
            {
                throw TooLarge(shown, limit);
            }

            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
