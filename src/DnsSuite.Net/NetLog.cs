using System.Net;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Net;

internal static partial class NetLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Listening on {Transport} {EndPoint}")]
    public static partial void Listening(ILogger logger, DnsTransport transport, IPEndPoint endPoint);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Transport} receive on {EndPoint} failed; continuing")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, DnsTransport transport, IPEndPoint endPoint);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Request handler failed for a {Transport} request from {Remote}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, DnsTransport transport, EndPoint? remote);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Sending a {Transport} response to {Remote} failed")]
    public static partial void SendFailed(ILogger logger, Exception exception, DnsTransport transport, EndPoint? remote);

    // Debug: under a connection flood one line per refusal would flood the log too; the metric-free count is ConnectionCount.
    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "TCP connection limit reached on {EndPoint} ({Limit}); closing the connection from {Remote}")]
    public static partial void ConnectionRefused(ILogger logger, string limit, IPEndPoint endPoint, EndPoint? remote);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "Closing TCP connection from {Remote}: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "Handler gave an invalid response length {Length} for a {Transport} request from {Remote}")]
    public static partial void InvalidResponseLength(ILogger logger, int length, DnsTransport transport, EndPoint? remote);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "UDP receive on {EndPoint} failed with error {Error} ({Reason}); continuing")]
    public static partial void BatchReceiveFailed(ILogger logger, IPEndPoint endPoint, int error, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Debug, Message = "Sending a UDP response to {Remote} failed with error {Error} ({Reason})")]
    public static partial void BatchSendFailed(ILogger logger, EndPoint? remote, int error, string reason);
}
