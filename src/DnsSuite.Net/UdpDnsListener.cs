using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Net;

/// <summary>
/// Answers DNS over UDP. Each receive loop is a dedicated thread with its own socket (on Linux: all bound to the
/// same address with <c>SO_REUSEPORT</c>, so the kernel spreads clients over the loops and no two loops share a
/// receive queue), its own buffers and its own socket addresses, so a request answered by
/// <see cref="IDnsRequestHandler.TryHandle"/> allocates nothing and touches no state another loop writes. On Linux a
/// loop moves up to <see cref="DnsListenerOptions.UdpBatchSize"/> datagrams per system call (<c>recvmmsg</c>, then
/// one <c>sendmmsg</c> for the answers); elsewhere, or with a batch size of 1, it makes one blocking receive and one
/// send per datagram. Requests that need <see cref="IDnsRequestHandler.HandleAsync"/> are copied and run on the
/// thread pool.
/// </summary>
public sealed class UdpDnsListener : IAsyncDisposable
{
    private const int MaxMessageSize = UdpMessageBatch.MaxMessageSize;

    // <sys/socket.h> (Linux, every architecture .NET runs on).
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    private readonly Socket[] _sockets;
    private readonly IDnsRequestHandler _handler;
    private readonly DnsListenerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly PendingWork _slowRequests = new();
    private readonly List<Task> _loops = [];

    /// <summary>Binds the sockets; <see cref="Start"/> begins receiving.</summary>
    /// <exception cref="SocketException">The address cannot be bound (for instance because another socket holds it).</exception>
    public UdpDnsListener(IPEndPoint endPoint, IDnsRequestHandler handler, DnsListenerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        options.Validate();
        _handler = handler;
        _options = options;
        _logger = logger;
        _sockets = Bind(endPoint, OperatingSystem.IsLinux() ? options.UdpReceiveLoops : 1);
        LocalEndPoint = (IPEndPoint)_sockets[0].LocalEndPoint!;
    }

    /// <summary>The bound address, with the real port when port 0 was asked for.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Whether the receive loops take several datagrams per system call (Linux, batch size above 1).</summary>
    public bool IsBatching => _options.UdpBatchSize > 1 && LinuxSockets.Available;

    public void Start()
    {
        if (_loops.Count > 0)
        {
            throw new InvalidOperationException("The listener is already started.");
        }

        for (int i = 0; i < _options.UdpReceiveLoops; i++)
        {
            Socket socket = _sockets[i % _sockets.Length];
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() => RunReceiveLoop(socket, finished)) { IsBackground = true, Name = $"DNS UDP {LocalEndPoint} #{i}" };
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

        // Slow-path requests still send through the sockets, so they stay open until those end. Shutting the receive
        // side down then wakes the loops blocked in a receive (an unconnected socket reports ENOTCONN, but is woken all
        // the same); they see the cancellation and stop, and only then are the sockets closed, so a loop never calls
        // into a descriptor number the system may already have given to something else.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _slowRequests.WhenAllAsync().ConfigureAwait(false);
        foreach (Socket socket in _sockets)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Receive);
            }
            catch (SocketException)
            {
                // ENOTCONN: expected for an unconnected datagram socket.
            }
        }

        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>
    /// One socket, or on Linux one per loop: the first is bound alone, so the bind fails as usual when anything holds
    /// the address; only then does it allow <c>SO_REUSEPORT</c>, and the others join it.
    /// </summary>
    private static Socket[] Bind(IPEndPoint endPoint, int count)
    {
        var sockets = new Socket[count];
        try
        {
            sockets[0] = Open(endPoint.AddressFamily);
            sockets[0].Bind(endPoint);
            if (count > 1)
            {
                var bound = (IPEndPoint)sockets[0].LocalEndPoint!;
                sockets[0].SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
                for (int i = 1; i < count; i++)
                {
                    sockets[i] = Open(endPoint.AddressFamily);
                    sockets[i].SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
                    sockets[i].Bind(bound);
                }
            }

            return sockets;
        }
        catch
        {
            foreach (Socket? socket in sockets)
            {
                socket?.Dispose();
            }

            throw;
        }
    }

    private static Socket Open(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        if (family == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = false;
        }

        return socket;
    }

    private void RunReceiveLoop(Socket socket, TaskCompletionSource finished)
    {
        try
        {
            if (!IsBatching || !TryRunBatchLoop(socket, _stopping.Token))
            {
                RunSingleLoop(socket, _stopping.Token);
            }
        }
        finally
        {
            finished.SetResult();
        }
    }

    /// <summary>
    /// Takes up to a batch of datagrams per <c>recvmmsg</c>, answers them in order and sends the answers with one
    /// <c>sendmmsg</c>. False, before receiving anything, when the system turns out not to have the calls.
    /// </summary>
    private bool TryRunBatchLoop(Socket socket, CancellationToken cancellationToken)
    {
        using var batch = new UdpMessageBatch(_options.UdpBatchSize, socket.AddressFamily);
        SafeSocketHandle handle = socket.SafeHandle;
        bool referenced = false;
        try
        {
            // Held while the loop runs, so that the descriptor number stays this socket's until the loop is done.
            handle.DangerousAddRef(ref referenced);
            int descriptor = (int)handle.DangerousGetHandle();
            while (!cancellationToken.IsCancellationRequested)
            {
                int count = batch.Receive(descriptor, out int error);
                if (cancellationToken.IsCancellationRequested || error is LinuxSockets.EBADF or LinuxSockets.ENOTSOCK)
                {
                    return true;
                }

                if (error == LinuxSockets.ENOSYS)
                {
                    LinuxSockets.MarkUnavailable();
                    return false;
                }

                if (count < 0)
                {
                    if (error != LinuxSockets.EINTR)
                    {
                        NetLog.BatchReceiveFailed(_logger, LocalEndPoint, error, System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error));
                    }

                    continue;
                }

                for (int i = 0; i < count; i++)
                {
                    int length = Dispatch(batch.Request(i), batch.ResponseSpace, batch.Sender(i), socket, cancellationToken);
                    if (length > 0 && !batch.Queue(i, length))
                    {
                        Send(batch, descriptor);
                    }
                }

                Send(batch, descriptor);
            }

            return true;
        }
        catch (ObjectDisposedException) when (!referenced && cancellationToken.IsCancellationRequested)
        {
            // The listener was disposed before this loop's thread got to run.
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            LinuxSockets.MarkUnavailable();
            return false;
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    private void Send(UdpMessageBatch batch, int descriptor)
    {
        while (!batch.TrySend(descriptor, out SocketAddress? failed, out int error))
        {
            NetLog.BatchSendFailed(_logger, LocalEndPoint.Create(failed!), error, System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error));
        }
    }

    /// <summary>One blocking receive and one send per datagram: the portable loop.</summary>
    private void RunSingleLoop(Socket socket, CancellationToken cancellationToken)
    {
        byte[] request = GC.AllocateUninitializedArray<byte>(MaxMessageSize, pinned: true);
        byte[] response = GC.AllocateUninitializedArray<byte>(MaxMessageSize, pinned: true);
        var remote = new SocketAddress(socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(request, SocketFlags.None, remote);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested || e is ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                // E.g. ICMP errors from earlier sends surfacing here (Windows): they concern one client, not the socket.
                NetLog.ReceiveFailed(_logger, e, DnsTransport.Udp, LocalEndPoint);
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            int length = Dispatch(request.AsSpan(0, received), response, remote, socket, cancellationToken);
            if (length > 0)
            {
                try
                {
                    socket.SendTo(response.AsSpan(0, length), SocketFlags.None, remote);
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
        }
    }

    /// <summary>
    /// Answers one datagram from <paramref name="remote"/> into <paramref name="response"/>; returns the length to send,
    /// or 0 when nothing is to be sent now (no answer, a handler failure, or the request went to the slow path).
    /// </summary>
    private int Dispatch(ReadOnlySpan<byte> request, Span<byte> response, SocketAddress remote, Socket socket, CancellationToken cancellationToken)
    {
        int length;
        try
        {
            var context = new RequestContext(remote, LocalEndPoint, DnsTransport.Udp);
            length = _handler.TryHandle(request, response, in context);
        }
        catch (Exception e)
        {
            NetLog.HandlerFailed(_logger, e, DnsTransport.Udp, LocalEndPoint.Create(remote));
            return 0;
        }

        if (length > 0 && length <= MaxMessageSize)
        {
            return length;
        }

        if (length == -1)
        {
            StartSlowPath(request, remote, socket, cancellationToken);
        }
        else if (length != 0)
        {
            NetLog.InvalidResponseLength(_logger, length, DnsTransport.Udp, LocalEndPoint.Create(remote));
        }

        return 0;
    }

    /// <summary>
    /// Copies the request and runs it on the thread pool. A method of its own: the lambda's captures would otherwise
    /// be allocated on every call of <see cref="Dispatch"/>, fast path included.
    /// </summary>
    private void StartSlowPath(ReadOnlySpan<byte> request, SocketAddress remote, Socket socket, CancellationToken cancellationToken)
    {
        var context = new RequestContext((IPEndPoint)LocalEndPoint.Create(remote), LocalEndPoint, DnsTransport.Udp);
        byte[] copy = request.ToArray();
        _slowRequests.Track(Task.Run(() => HandleSlowAsync(copy, socket, context, cancellationToken), CancellationToken.None));
    }

    private async Task HandleSlowAsync(byte[] request, Socket socket, RequestContext context, CancellationToken cancellationToken)
    {
        try
        {
            await _handler.HandleAsync(request, new DatagramSink(socket, context.Remote), context, cancellationToken).ConfigureAwait(false);
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
    /// socket to non-blocking mode for good, turning the receive loops' blocking calls into slower emulated ones
    /// (and making <c>recvmmsg</c> return at once instead of waiting).
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
