using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Net;

/// <summary>
/// Answers DNS over TCP (RFC 1035 §4.2.2, RFC 7766): two-octet length framing, many and pipelined requests per
/// connection, idle, read and send timeouts, and caps on concurrent connections in all and per client address. At
/// the cap a new connection takes the place of the one quiet longest that answers no request, and from half the cap on
/// idle connections time out sooner, so that idle or slow connections never keep a new client out.
/// </summary>
public sealed class TcpDnsListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IDnsRequestHandler _handler;
    private readonly DnsListenerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly PendingWork _connections = new();
    private readonly Lock _admission = new();
    private readonly HashSet<TcpDnsConnection> _open = [];
    private readonly Dictionary<IPAddress, int> _perClient = [];
    private Task? _acceptLoop;

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
    public int ConnectionCount
    {
        get
        {
            lock (_admission)
            {
                return _open.Count;
            }
        }
    }

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

            client.NoDelay = true;
            TcpDnsConnection connection;
            try
            {
                connection = new TcpDnsConnection(client, LocalEndPoint, _handler, _options, _logger, IdleTimeout, cancellationToken);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                client.Dispose(); // gone before it could be looked at
                continue;
            }

            if (Admit(connection) is { } refusal)
            {
                NetLog.ConnectionRefused(_logger, refusal, LocalEndPoint, client.RemoteEndPoint);
                connection.Abandon();
                continue;
            }

            _connections.Track(Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync().ConfigureAwait(false);
                }
                finally
                {
                    Release(connection);
                }
            }, CancellationToken.None));
        }
    }

    /// <summary>Counts the connection in, making room when the server is full; the limit that refuses it otherwise.</summary>
    private string? Admit(TcpDnsConnection connection)
    {
        TcpDnsConnection? evicted = null;
        lock (_admission)
        {
            int fromClient = _perClient.GetValueOrDefault(connection.RemoteAddress);
            if (fromClient >= _options.MaxTcpConnectionsPerClient)
            {
                return $"{_options.MaxTcpConnectionsPerClient} per client";
            }

            if (_open.Count >= _options.MaxTcpConnections)
            {
                foreach (TcpDnsConnection open in _open)
                {
                    if (!open.IsBusy && (evicted is null || open.LastActivity < evicted.LastActivity))
                    {
                        evicted = open;
                    }
                }

                if (evicted is null)
                {
                    return $"{_options.MaxTcpConnections} in all, each answering a request";
                }

                // Out of the count now, so that the next accept does not pick it again while it closes.
                Forget(evicted);
            }

            _open.Add(connection);
            _perClient[connection.RemoteAddress] = fromClient + 1;
        }

        evicted?.Evict();
        return null;
    }

    private void Release(TcpDnsConnection connection)
    {
        lock (_admission)
        {
            Forget(connection);
        }
    }

    private void Forget(TcpDnsConnection connection)
    {
        if (_open.Remove(connection))
        {
            int left = _perClient[connection.RemoteAddress] - 1;
            if (left == 0)
            {
                _perClient.Remove(connection.RemoteAddress);
            }
            else
            {
                _perClient[connection.RemoteAddress] = left;
            }
        }
    }

    private TimeSpan IdleTimeout()
    {
        bool busy;
        lock (_admission)
        {
            busy = _open.Count * 2 >= _options.MaxTcpConnections;
        }

        return busy && _options.TcpBusyIdleTimeout < _options.TcpIdleTimeout ? _options.TcpBusyIdleTimeout : _options.TcpIdleTimeout;
    }
}
