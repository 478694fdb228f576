using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Net;

/// <summary>
/// Answers DNS over TCP (RFC 1035 §4.2.2, RFC 7766): two-octet length framing, many and pipelined requests per
/// connection, idle, read and send timeouts, and a cap on concurrent connections.
/// </summary>
public sealed class TcpDnsListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IDnsRequestHandler _handler;
    private readonly DnsListenerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly PendingWork _connections = new();
    private Task? _acceptLoop;
    private int _connectionCount;

    /// <summary>Binds and listens; <see cref="Start"/> begins accepting.</summary>
    public TcpDnsListener(IPEndPoint endPoint, IDnsRequestHandler handler, DnsListenerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        options.Validate();
        _handler = handler;
        _options = options;
        _logger = logger;
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(endPoint);
            _socket.Listen(512);
            LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>The bound address, with the real port when port 0 was asked for.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Connections currently open (accepted and not yet closed).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public void Start()
    {
        if (_acceptLoop is not null)
        {
            throw new InvalidOperationException("The listener is already started.");
        }

        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token));
        NetLog.Listening(_logger, DnsTransport.Tcp, LocalEndPoint);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        await _connections.WhenAllAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                NetLog.ReceiveFailed(_logger, e, DnsTransport.Tcp, LocalEndPoint);
                continue;
            }

            if (Interlocked.Increment(ref _connectionCount) > _options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _connectionCount);
                NetLog.ConnectionRefused(_logger, _options.MaxTcpConnections, LocalEndPoint, client.RemoteEndPoint);
                client.Dispose();
                continue;
            }

            client.NoDelay = true;
            var connection = new TcpDnsConnection(client, LocalEndPoint, _handler, _options, _logger, cancellationToken);
            _connections.Track(Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync().ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _connectionCount);
                }
            }, CancellationToken.None));
        }
    }
}
