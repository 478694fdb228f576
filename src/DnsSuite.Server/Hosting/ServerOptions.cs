using System.Diagnostics.CodeAnalysis;
using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol.Text;
using DnsSuite.Server.Query;
using DnsSuite.Server.RateLimiting;

namespace DnsSuite.Server.Hosting;

/// <summary>The <c>Server</c> configuration section: where and how the server listens and answers.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    public const string DefaultListen = "127.0.0.1:5353";

    /// <summary>Addresses served over both UDP and TCP, as IP:PORT (IPv6 as [addr]:PORT); empty means <see cref="DefaultListen"/>.</summary>
    public List<string> Listen { get; set; } = [];

    /// <summary>Folder of zone files; null serves no zones from files.</summary>
    public string? ZonesDirectory { get; set; }

    /// <summary>Response rate limiting of UDP answers; off unless <see cref="RateLimitOptions.ResponsesPerSecond"/> is set.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Limits of zone-file reading and the folders <c>$INCLUDE</c> may read besides the zone folder.</summary>
    public ZoneFileOptions ZoneFiles { get; set; } = new();

    /// <summary>When set, a JSON file with the bound endpoints and the process id, written once every listener is bound.</summary>
    public string? ReadyFile { get; set; }

    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan TcpReadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan TcpSendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxTcpConnections { get; set; } = 1000;

    public int MaxTcpConnectionsPerClient { get; set; } = 64;

    public TimeSpan TcpBusyIdleTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>UDP receive loops (threads, each with its own socket on Linux) per listen address; null picks one per core.</summary>
    public int? UdpReceiveLoops { get; set; }

    /// <summary>Datagrams per receive and send system call on Linux (recvmmsg/sendmmsg); 1 makes one call per datagram.</summary>
    public int UdpBatchSize { get; set; } = new DnsListenerOptions().UdpBatchSize;

    /// <summary>Largest UDP response offered and sent to EDNS clients (RFC 6891 §6.2.5; 1232 avoids fragmentation).</summary>
    public int MaxUdpPayload { get; set; } = 1232;

    /// <summary>The answer to CH TXT id.server. and hostname.bind. queries; null refuses them.</summary>
    public string? ChaosIdentity { get; set; }

    /// <summary>The answer to CH TXT version.bind. and version.server. queries; null refuses them.</summary>
    public string? ChaosVersion { get; set; }

    public QueryEngineOptions ToQueryEngineOptions() => new()
    {
        MaxUdpPayload = MaxUdpPayload,
        ChaosId = ChaosIdentity,
        ChaosVersion = ChaosVersion,
    };

    /// <summary>The listen addresses, parsed; call after validation.</summary>
    public IReadOnlyList<IPEndPoint> ListenEndPoints() =>
        (Listen.Count == 0 ? [DefaultListen] : Listen).Select(text => TryParseEndPoint(text, out IPEndPoint? endPoint) ? endPoint : throw new FormatException($"'{text}' is not IP:PORT")).ToList();

    public DnsListenerOptions ToListenerOptions()
    {
        var options = new DnsListenerOptions
        {
            TcpIdleTimeout = TcpIdleTimeout,
            TcpReadTimeout = TcpReadTimeout,
            TcpSendTimeout = TcpSendTimeout,
            MaxTcpConnections = MaxTcpConnections,
            MaxTcpConnectionsPerClient = MaxTcpConnectionsPerClient,
            TcpBusyIdleTimeout = TcpBusyIdleTimeout,
            UdpBatchSize = UdpBatchSize,
        };
        if (UdpReceiveLoops is int loops)
        {
            options.UdpReceiveLoops = loops;
        }

        return options;
    }

    /// <summary>Parses IP:PORT or [IPv6]:PORT; the port is required.</summary>
    public static bool TryParseEndPoint(string? text, [NotNullWhen(true)] out IPEndPoint? endPoint) => EndPointParser.TryParse(text, out endPoint);
}
