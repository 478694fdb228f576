using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Net;

/// <summary>
/// Answers DNS over UDP on one socket. Each receive loop is a dedicated thread making blocking receive and send
/// calls, and owns its buffers and a reused <see cref="SocketAddress"/>, so a request answered by
/// <see cref="IDnsRequestHandler.TryHandle"/> costs two system calls and no allocation: no epoll round trip, no
/// thread-pool hand-off (which cost more CPU than answering the query). Requests that need
/// <see cref="IDnsRequestHandler.HandleAsync"/> are copied and run on the thread pool.
/// </summary>
public sealed class UdpDnsListener : IAsyncDisposable
{
    private const int MaxMessageSize = 65535;

    private readonly Socket _socket;
    private readonly IDnsRequestHandler _handler;
    private readonly DnsListenerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly PendingWork _slowRequests = new();
    private readonly List<Task> _loops = [];

    /// <summary>Binds the socket; <see cref="Start"/> begins receiving.</summary>
    public UdpDnsListener(IPEndPoint endPoint, IDnsRequestHandler handler, DnsListenerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        options.Validate();
        _handler = handler;
        _options = options;
        _logger = logger;
        _socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.Bind(endPoint);
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

    public void Start()
    {
        if (_loops.Count > 0)
        {
            throw new InvalidOperationException("The listener is already started.");
        }

        for (int i = 0; i < _options.UdpReceiveLoops; i++)
        {
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() => RunReceiveLoop(finished)) { IsBackground = true, Name = $"DNS UDP {LocalEndPoint}" };
            thread.Start();
            _loops.Add(finished.Task);
        }

        NetLog.Listening(_logger, DnsTransport.Udp, LocalEndPoint);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        // Slow-path requests still send through the socket, so it stays open until they end; closing it then
        // wakes the receive loops blocked in ReceiveFrom, which see the cancellation and stop.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _slowRequests.WhenAllAsync().ConfigureAwait(false);
        _socket.Dispose();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void RunReceiveLoop(TaskCompletionSource finished)
    {
        try
        {
            ReceiveLoop(_stopping.Token);
        }
        finally
        {
            finished.SetResult();
        }
    }

    private void ReceiveLoop(CancellationToken cancellationToken)
    {
        byte[] request = GC.AllocateUninitializedArray<byte>(MaxMessageSize, pinned: true);
        byte[] response = GC.AllocateUninitializedArray<byte>(MaxMessageSize, pinned: true);
        var remote = new SocketAddress(_socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(request, SocketFlags.None, remote);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested || e is ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                // E.g. ICMP errors from earlier sends surfacing here: they concern one client, not the socket.
                NetLog.ReceiveFailed(_logger, e, DnsTransport.Udp, LocalEndPoint);
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            int length;
            try
            {
                var context = new RequestContext(remote, LocalEndPoint, DnsTransport.Udp);
                length = _handler.TryHandle(request.AsSpan(0, received), response, in context);
            }
            catch (Exception e)
            {
                NetLog.HandlerFailed(_logger, e, DnsTransport.Udp, LocalEndPoint.Create(remote));
                continue;
            }

            if (length > 0 && length <= MaxMessageSize)
            {
                try
                {
                    _socket.SendTo(response.AsSpan(0, length), SocketFlags.None, remote);
                }
                catch (Exception e) when (cancellationToken.IsCancellationRequested && e is ObjectDisposedException or SocketException)
                {
                    return;
                }
                catch (Exception e)
                {
                    NetLog.SendFailed(_logger, e, DnsTransport.Udp, LocalEndPoint.Create(remote));
                }
            }
            else if (length == -1)
            {
                var context = new RequestContext((IPEndPoint)LocalEndPoint.Create(remote), LocalEndPoint, DnsTransport.Udp);
                byte[] copy = request.AsSpan(0, received).ToArray();
                _slowRequests.Track(Task.Run(() => HandleSlowAsync(copy, context, cancellationToken), CancellationToken.None));
            }
            else if (length != 0)
            {
                NetLog.InvalidResponseLength(_logger, length, DnsTransport.Udp, LocalEndPoint.Create(remote));
            }
        }
    }

    private async Task HandleSlowAsync(byte[] request, RequestContext context, CancellationToken cancellationToken)
    {
        try
        {
            await _handler.HandleAsync(request, new DatagramSink(_socket, context.Remote), context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            NetLog.HandlerFailed(_logger, e, DnsTransport.Udp, context.Remote);
        }
    }

    /// <summary>
    /// Sends synchronously: a UDP send does not wait for the peer, and one asynchronous operation would switch the
    /// socket to non-blocking mode for good, turning the receive loops' blocking calls into slower emulated ones.
    /// </summary>
    private sealed class DatagramSink(Socket socket, IPEndPoint remote) : IResponseSink
    {
        public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            socket.SendTo(message.Span, SocketFlags.None, remote);
            return ValueTask.CompletedTask;
        }
    }
}
