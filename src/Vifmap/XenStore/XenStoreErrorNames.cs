namespace Vifmap.XenStore;

/// <summary>The errno names the daemon sends in ERROR replies: the <c>xsd_errors</c> table of
/// <c>xen/include/public/io/xs_wire.h</c> (Xen 4.17), in its order. Other names may appear from
/// newer daemons; <see cref="XenStoreErrorException.ErrorName"/> carries them unchanged.</summary>
#pragma warning disable CA1707 // errno names are spelled as in xs_wire.h on purpose
public static class XenStoreErrorNames
{
    public const string EINVAL = "EINVAL";
    public const string EACCES = "EACCES";
    public const string EEXIST = "EEXIST";
    public const string EISDIR = "EISDIR";
    public const string ENOENT = "ENOENT";
    public const string ENOMEM = "ENOMEM";
    public const string ENOSPC = "ENOSPC";
    public const string EIO = "EIO";
    public const string ENOTEMPTY = "ENOTEMPTY";
    public const string ENOSYS = "ENOSYS";
    public const string EROFS = "EROFS";
    public const string EBUSY = "EBUSY";
    public const string EAGAIN = "EAGAIN";
    public const string EISCONN = "EISCONN";
    public const string E2BIG = "E2BIG";
    public const string EPERM = "EPERM";

    /// <summary>What the daemon means by each name, for messages.</summary>
    public static string Describe(string errorName) => errorName switch
    {
        EINVAL => "invalid argument (malformed path or request)",
        EACCES => "permission denied",
        ENOENT => "no such node (or no such transaction)",
        ENOMEM => "daemon out of memory",
        ENOSPC => "quota exceeded",
        EIO => "daemon I/O error",
        ENOSYS => "request type not supported by this daemon",
        EAGAIN => "transaction conflict, try again",
        E2BIG => "reply would exceed 4096 bytes",
        EPERM => "operation not permitted",
        EBUSY => "daemon busy",
        _ => "daemon error",
    };
}
#pragma warning restore CA1707
