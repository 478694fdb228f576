using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Net;

/// <summary>
/// UDP and TCP on one address and one port, as a DNS server must serve them (a client retries a truncated
/// UDP answer over TCP at the same port, RFC 7766 §5). Port 0 picks one free port for both.
/// </summary>
public sealed class DnsListener : IAsyncDisposable
{
    private const int PortAttempts = 20;

    private DnsListener(UdpDnsListener udp, TcpDnsListener tcp)
    {
        Udp = udp;
        Tcp = tcp;
    }

    public UdpDnsListener Udp { get; }

    public TcpDnsListener Tcp { get; }

    /// <summary>The bound address and port (the same for both transports).</summary>
    public IPEndPoint LocalEndPoint => Tcp.LocalEndPoint;

    /// <summary>Binds both sockets and starts serving; throws <see cref="SocketException"/> when the address cannot be bound.</summary>
    public static DnsListener Start(IPEndPoint endPoint, IDnsRequestHandler handler, DnsListenerOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        for (int attempt = 1; ; attempt++)
        {
            var tcp = new TcpDnsListener(endPoint, handler, options, loggerFactory.CreateLogger<TcpDnsListener>());
            UdpDnsListener udp;
            try
            {
                udp = new UdpDnsListener(tcp.LocalEndPoint, handler, options, loggerFactory.CreateLogger<UdpDnsListener>());
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && endPoint.Port == 0 && attempt < PortAttempts)
            {
                // The kernel's free TCP port is taken for UDP: ask for another one.
                tcp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                continue;
            }
            catch
            {
                tcp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }

            udp.Start();
            tcp.Start();
            return new DnsListener(udp, tcp);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Udp.DisposeAsync().ConfigureAwait(false);
        await Tcp.DisposeAsync().ConfigureAwait(false);
    }
}
