using System.Net;
using System.Net.Sockets;
using DnsSuite.Net;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Server.Tests.Net;

/// <summary>A UDP and a TCP listener on 127.0.0.1 sharing one kernel-chosen port.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private LoopbackServer(UdpDnsListener udp, TcpDnsListener tcp)
    {
        Udp = udp;
        Tcp = tcp;
    }

    public UdpDnsListener Udp { get; }

    public TcpDnsListener Tcp { get; }

    public static LoopbackServer Start(IDnsRequestHandler handler, DnsListenerOptions? options = null)
    {
        options ??= new DnsListenerOptions();
        for (int attempt = 1; ; attempt++)
        {
            var tcp = new TcpDnsListener(new IPEndPoint(IPAddress.Loopback, 0), handler, options, NullLogger.Instance);
            try
            {
                var udp = new UdpDnsListener(tcp.LocalEndPoint, handler, options, NullLogger.Instance);
                udp.Start();
                tcp.Start();
                return new LoopbackServer(udp, tcp);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 10)
            {
                // The UDP port of that number is taken by someone else: try another number.
                tcp.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    public IPEndPoint EndPoint => Tcp.LocalEndPoint;

    public async ValueTask DisposeAsync()
    {
        await Udp.DisposeAsync();
        await Tcp.DisposeAsync();
    }
}
