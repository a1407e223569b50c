using System.Net.Sockets;
using Vifmap.XenStore.Wire;

namespace Vifmap.XenStore;

/// <summary>Every exception the client raises is worded here, so messages stay uniform
/// (StackExchange.Redis <c>ExceptionFactory</c>).</summary>
internal static class XenStoreErrors
{
    public static string OperationName(XsRequestType type) => type switch
    {
        XsRequestType.Directory => "DIRECTORY",
        XsRequestType.Read => "READ",
        XsRequestType.Watch => "WATCH",
        XsRequestType.Unwatch => "UNWATCH",
        XsRequestType.TransactionStart => "TRANSACTION_START",
        XsRequestType.TransactionEnd => "TRANSACTION_END",
        XsRequestType.GetDomainPath => "GET_DOMAIN_PATH",
        XsRequestType.DirectoryPart => "DIRECTORY_PART",
        _ => type.ToString(),
    };

    public static XenStoreErrorException DaemonError(string errorName, XsRequestType type, string? argument)
        => new(
            errorName,
            OperationName(type),
            argument,
            argument is null
                ? $"xenstored refused {OperationName(type)}: {errorName} ({XenStoreErrorNames.Describe(errorName)})"
                : $"xenstored refused {OperationName(type)} {argument}: {errorName} ({XenStoreErrorNames.Describe(errorName)})");

    public static XenStoreErrorException GaveUpRetrying(XenStoreErrorException last, int attempts)
        => new(
            last.ErrorName,
            last.Operation,
            last.Path,
            $"xenstore kept changing during a consistent read: {attempts} attempts ended in EAGAIN ({last.Message})");

    public static XenStoreUnavailableException NoEndpoint(IReadOnlyList<string> attempts)
        => new(
            "Cannot reach xenstored: tried " + string.Join("; ", attempts)
            + ". Is xenstored running, and is this run as root (the socket is mode 0600)?",
            attempts,
            null);

    public static string DescribeConnectFailure(XenStoreEndpoint endpoint, Exception exception) => exception switch
    {
        SocketException { SocketErrorCode: SocketError.AccessDenied } => $"{endpoint}: permission denied",
        UnauthorizedAccessException => $"{endpoint}: permission denied",
        SocketException { SocketErrorCode: SocketError.AddressNotAvailable } or FileNotFoundException or DirectoryNotFoundException
            => $"{endpoint}: does not exist",
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => $"{endpoint}: connection refused (not a listening socket)",
        OperationCanceledException or TimeoutException => $"{endpoint}: no answer (timed out)",
        _ => $"{endpoint}: {exception.Message}",
    };

    public static XenStoreUnavailableException ConnectionClosed(string endpoint, int bufferedBytes)
        => new(
            bufferedBytes == 0
                ? $"xenstored closed the connection ({endpoint}) while requests were pending"
                : $"xenstored closed the connection ({endpoint}) in the middle of a reply ({bufferedBytes} bytes of an incomplete frame)",
            [],
            new EndOfStreamException());

    public static XenStoreUnavailableException ConnectionFailed(string endpoint, Exception inner)
        => new($"Lost the connection to xenstored ({endpoint}): {inner.Message}", [], inner);

    public static XenStoreUnavailableException Disposed(string endpoint)
        => new($"The xenstore connection ({endpoint}) was closed by its owner", [], null);

    public static XenStoreTimeoutException Timeout(string endpoint, TimeSpan timeout, XsRequestType type, string? argument)
        => new(
            $"xenstored ({endpoint}) did not answer {OperationName(type)} {argument} within {timeout.TotalSeconds:0.###} s; the connection is closed",
            new TimeoutException());

    public static XenStoreProtocolException PayloadTooLarge(XsHeader header)
        => new($"xenstored sent a frame claiming {header.Length} payload bytes (type {header.Type}, req_id {header.RequestId}); the limit is {XsHeader.PayloadMax}");

    public static XenStoreProtocolException UnexpectedReply(XsHeader header)
        => new($"xenstored sent a reply (type {header.Type}) for req_id {header.RequestId}, which no request is waiting for");

    public static XenStoreProtocolException WrongReplyType(XsHeader header, XsRequestType expected)
        => new($"xenstored answered {OperationName(expected)} (req_id {header.RequestId}) with message type {header.Type}");

    public static XenStoreProtocolException WrongTransaction(XsHeader header, uint expected)
        => new($"xenstored answered req_id {header.RequestId} with tx_id {header.TransactionId}, the request had {expected}");

    public static XenStoreProtocolException MalformedReply(XsRequestType type, string what)
        => new($"xenstored sent a malformed {OperationName(type)} reply: {what}");
}
