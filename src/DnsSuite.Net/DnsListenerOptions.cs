namespace DnsSuite.Net;

/// <summary>Limits and timeouts of <see cref="UdpDnsListener"/> and <see cref="TcpDnsListener"/>.</summary>
public sealed class DnsListenerOptions
{
    /// <summary>The kernel's limit on the messages of one recvmmsg/sendmmsg call (UIO_MAXIOV).</summary>
    public const int MaxUdpBatchSize = 1024;

    /// <summary>
    /// UDP receive loops per listen address, each a thread with its own socket (Linux: <c>SO_REUSEPORT</c>; elsewhere
    /// the loops share one socket). One per core the process may run on, as Knot and NSD do.
    /// </summary>
    public int UdpReceiveLoops { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Datagrams a UDP receive loop takes per system call, and answers it sends per call (Linux <c>recvmmsg</c> and
    /// <c>sendmmsg</c>); 1 makes one receive and one send call per datagram, as on other systems. 16 was
    /// measured against 1 and 64 (docs/benchmarks.md, bench/query).
    /// </summary>
    public int UdpBatchSize { get; set; } = 16;

    /// <summary>A TCP connection with no request in progress is closed after this long (RFC 7766 §6.2.3).</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Once the first octet of a TCP request has arrived, the whole message must arrive within this time.</summary>
    public TimeSpan TcpReadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A TCP response (or one message of a stream) that cannot be sent within this time closes the connection.</summary>
    public TimeSpan TcpSendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// At this many connections a new one closes the connection that has been quiet longest and handles no request
    /// (so a new client always gets in while idle or slow connections fill the server); when every one is busy, the
    /// new one is closed as soon as it is accepted.
    /// </summary>
    public int MaxTcpConnections { get; set; } = 1000;

    /// <summary>Connections from one client address beyond this many are closed as soon as they are accepted.</summary>
    public int MaxTcpConnectionsPerClient { get; set; } = 64;

    /// <summary>
    /// The idle timeout while half of <see cref="MaxTcpConnections"/> or more are open: idle connections make room
    /// sooner when the server nears its limit (RFC 7766 §6.2.3 lets servers close idle connections under load).
    /// </summary>
    public TimeSpan TcpBusyIdleTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public void Validate()
    {
        if (UdpReceiveLoops < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(UdpReceiveLoops), UdpReceiveLoops, "must be at least 1");
        }

        if (UdpBatchSize is < 1 or > MaxUdpBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(UdpBatchSize), UdpBatchSize, $"must be from 1 to {MaxUdpBatchSize}");
        }

        if (MaxTcpConnections < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTcpConnections), MaxTcpConnections, "must be at least 1");
        }

        if (MaxTcpConnectionsPerClient < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTcpConnectionsPerClient), MaxTcpConnectionsPerClient, "must be at least 1");
        }

        foreach ((string name, TimeSpan value) in new[] { (nameof(TcpIdleTimeout), TcpIdleTimeout), (nameof(TcpReadTimeout), TcpReadTimeout), (nameof(TcpSendTimeout), TcpSendTimeout), (nameof(TcpBusyIdleTimeout), TcpBusyIdleTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "must be positive");
            }
        }
    }
}
