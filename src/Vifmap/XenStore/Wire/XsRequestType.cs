namespace Vifmap.XenStore.Wire;

/// <summary>The only message types this client can put on the wire. Vifmap is read-only: no WRITE,
/// MKDIR, RM, SET_PERMS, INTRODUCE, RELEASE, RESUME, SET_TARGET, CONTROL or RESET_WATCHES exists
/// here, so no code path can send one (the request writer takes this type, not
/// <see cref="XsMessageType"/>). Values are the wire numbers of <c>xs_wire.h</c>.</summary>
/// <remarks>TRANSACTION_END is allowed: a transaction that only read commits nothing (Xen 4.17
/// <c>finalize_transaction</c> writes only nodes the transaction modified).</remarks>
internal enum XsRequestType : uint
{
    Directory = XsMessageType.Directory,
    Read = XsMessageType.Read,
    Watch = XsMessageType.Watch,
    Unwatch = XsMessageType.Unwatch,
    TransactionStart = XsMessageType.TransactionStart,
    TransactionEnd = XsMessageType.TransactionEnd,
    GetDomainPath = XsMessageType.GetDomainPath,
    DirectoryPart = XsMessageType.DirectoryPart,
}
