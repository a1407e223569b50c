namespace Vifmap.XenStore;

/// <summary>The daemon answered a request with an ERROR message (<c>"ENOENT\0"</c>, ...). The
/// connection stays usable. <see cref="ErrorName"/> is the errno name exactly as the daemon sent it;
/// compare with the constants in <see cref="XenStoreErrorNames"/>.</summary>
public sealed class XenStoreErrorException : XenStoreException
{
    internal XenStoreErrorException(string errorName, string operation, string? path, string message)
        : base(message, null)
    {
        ErrorName = errorName;
        Operation = operation;
        Path = path;
    }

    /// <summary>The errno name from the daemon, e.g. <c>EACCES</c>, <c>E2BIG</c>, <c>EAGAIN</c>.</summary>
    public string ErrorName { get; }

    /// <summary>The request that failed, as named in xs_wire.h (<c>READ</c>, <c>DIRECTORY</c>, ...).</summary>
    public string Operation { get; }

    /// <summary>The path (or other argument) of the request, when it had one.</summary>
    public string? Path { get; }

    /// <summary>True for EAGAIN: a transaction conflicted with a concurrent write; retrying is right.</summary>
    public bool IsTransient => ErrorName == XenStoreErrorNames.EAGAIN;
}
