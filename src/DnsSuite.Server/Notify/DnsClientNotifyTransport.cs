using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol.Messages;

namespace DnsSuite.Server.Notify;

/// <summary>NOTIFY over UDP with <see cref="DnsClient"/> (RFC 1996 §3.1).</summary>
public sealed class DnsClientNotifyTransport(DnsClient client) : INotifyTransport
{
    public Task<Message> SendAsync(IPEndPoint target, Message notify, TimeSpan timeout, CancellationToken cancellationToken) =>
        client.QueryAsync(target, notify, DnsTransport.Udp, timeout, cancellationToken);
}
