namespace Vifmap.XenStore.Wire;

/// <summary>Every message type of the wire protocol, numbered as <c>enum xsd_sockmsg_type</c> in
/// <c>xen/include/public/io/xs_wire.h</c> (Xen 4.17). Used to decode what the daemon sends; what the
/// client may send is the narrower <see cref="XsRequestType"/>.</summary>
internal enum XsMessageType : uint
{
    Control = 0,
    Directory = 1,
    Read = 2,
    GetPerms = 3,
    Watch = 4,
    Unwatch = 5,
    TransactionStart = 6,
    TransactionEnd = 7,
    Introduce = 8,
    Release = 9,
    GetDomainPath = 10,
    Write = 11,
    Mkdir = 12,
    Rm = 13,
    SetPerms = 14,
    WatchEvent = 15,
    Error = 16,
    IsDomainIntroduced = 17,
    Resume = 18,
    SetTarget = 19,
    ResetWatches = 21,
    DirectoryPart = 22,
}
