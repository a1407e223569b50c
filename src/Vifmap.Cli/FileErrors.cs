namespace Vifmap.Cli;

/// <summary>Why a file could not be read or written, in a few words for a one-line error. The CLI is built
/// with UseSystemResourceKeys (a smaller AOT binary), so exception messages are resource keys such as
/// "IO_FileNotFound_FileName, /x": the usual causes are named here instead.</summary>
internal static class FileErrors
{
    /// <summary>Why <paramref name="path"/> could not be read.</summary>
    public static string ReadReason(Exception error, string path)
        => error is FileNotFoundException or DirectoryNotFoundException ? "no such file" : Reason(error, path);

    /// <summary>Why <paramref name="path"/> could not be written.</summary>
    public static string WriteReason(Exception error, string path)
        => error is DirectoryNotFoundException ? "no such directory" : Reason(error, path);

    private static string Reason(Exception error, string path)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Directory.Exists(path))
        {
            return "is a directory";
        }

        return error switch
        {
            UnauthorizedAccessException => "permission denied",
            PathTooLongException => "name too long",
            _ => error.Message,
        };
    }
}
