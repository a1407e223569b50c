namespace Vifmap.Config;

/// <summary>The outcome of reading a setting, as libxlutil's getters return it (an errno).</summary>
public enum XlReadStatus
{
    /// <summary>0: the value was read.</summary>
    Ok,

    /// <summary>ESRCH: the name is not set; xl uses its default.</summary>
    NotFound,

    /// <summary>EINVAL: set, but not of the requested shape; xl warns (unless asked not to) and uses its default.</summary>
    WrongType,

    /// <summary>ERANGE: a number too large for a 64-bit long.</summary>
    OutOfRange,
}
