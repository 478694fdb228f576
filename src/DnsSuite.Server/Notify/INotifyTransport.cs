using System.Net;
using DnsSuite.Protocol.Messages;

namespace DnsSuite.Server.Notify;

/// <summary>Sends one NOTIFY and waits for its answer; <see cref="DnsClientNotifyTransport"/> is the UDP one.</summary>
public interface INotifyTransport
{
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    Task<Message> SendAsync(IPEndPoint target, Message notify, TimeSpan timeout, CancellationToken cancellationToken);
}
