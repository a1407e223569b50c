using Vifmap.Cli.Output;

namespace Vifmap.Cli;

/// <summary>Reads a config named on the command line (<c>-</c> is standard input) as raw bytes, as xl would
/// read it: no decoding by the console, so CRLF, a BOM or invalid UTF-8 reach the parser and are reported.</summary>
internal static class ConfigInput
{
    /// <summary>The bytes, or a <see cref="CliException"/> whose message says why the file cannot be read.</summary>
    public static byte[] Read(string file, Func<Stream> openStandardInput)
    {
        try
        {
            if (file == "-")
            {
                using Stream stdin = openStandardInput();
                using var copy = new MemoryStream();
                stdin.CopyTo(copy);
                return copy.ToArray();
            }

            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{TableWriter.Escape(file)}: {TableWriter.Escape(FileErrors.ReadReason(e, file))}");
        }
    }
}
