using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Net;

/// <summary>
/// One accepted TCP connection: reads length-prefixed requests (RFC 1035 §4.2.2) one after another, answers
/// fast-path requests in order and slow-path ones concurrently, so responses may leave out of order
/// (RFC 7766 §6.2.1.1); writes are serialized so messages never interleave.
/// </summary>
internal sealed class TcpDnsConnection : IResponseSink
{
    private const int MaxFramedSize = 2 + 65535;
    private const int InitialBufferSize = 4096;

    // RFC 1035 §4.1.1: anything shorter than the header cannot be a DNS message.
    private const int MinMessageSize = 12;

    // Linux's TCP_INFO (getsockopt SOL_TCP): tcpi_unacked (segments) at 24, tcpi_bytes_acked at 120, tcpi_notsent_bytes at 144.
    private const int SolTcp = 6;
    private const int TcpInfo = 11;
    private const int TcpInfoSize = 148;
    private static readonly TimeSpan DeliveryPoll = TimeSpan.FromMilliseconds(20);

    private readonly Socket _socket;
    private readonly IDnsRequestHandler _handler;
    private readonly DnsListenerOptions _options;
    private readonly ILogger _logger;
    private readonly RequestContext _context;
    private readonly CancellationTokenSource _lifetime;

    /// <summary>The send timeout of the message being written; reused (reset after each send) under the write lock.</summary>
    private readonly CancellationTokenSource _sendDeadline;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly PendingWork _slowRequests = new();
    private readonly Func<TimeSpan> _idleTimeout;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private bool _betweenRequests;
    private volatile bool _dispatching;
    private volatile bool _evicted;
    private volatile bool _aborted;
    private long _lastActivity = Environment.TickCount64;

    /// <summary>
    /// Which timeout the read deadline runs: it is armed only when a read has to wait for the client (pipelined
    /// requests already buffered cost no timer change), once per wait for the next request and once per request.
    /// </summary>
    private ReadPhase _armed;

    /// <param name="idleTimeout">The idle timeout for the next wait between requests (shorter when the server is busy).</param>
    public TcpDnsConnection(Socket socket, IPEndPoint local, IDnsRequestHandler handler, DnsListenerOptions options, ILogger logger, Func<TimeSpan> idleTimeout, CancellationToken stopping)
    {
        _socket = socket;
        _handler = handler;
        _options = options;
        _logger = logger;
        _idleTimeout = idleTimeout;
        _context = new RequestContext((IPEndPoint)socket.RemoteEndPoint!, local, DnsTransport.Tcp);
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _sendDeadline = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
    }

    public IPAddress RemoteAddress => _context.Remote.Address;

    /// <summary>When an octet last came in or a response went out (<see cref="Environment.TickCount64"/>).</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>Whether a request is being answered (a zone transfer, an UPDATE): such a connection is never evicted.</summary>
    public bool IsBusy => _dispatching || _slowRequests.Count > 0;

    /// <summary>Closes a connection that was never run (refused at accept) and gives back what it holds.</summary>
    public void Abandon()
    {
        _socket.Dispose();
        _sendDeadline.Dispose();
        _lifetime.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    /// <summary>Closes the connection to make room for a new one.</summary>
    public void Evict()
    {
        _evicted = true;
        try
        {
            _lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    public async Task RunAsync()
    {
        string reason;
        using var readDeadline = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        try
        {
            reason = await ReadRequestsAsync(readDeadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_lifetime.IsCancellationRequested)
        {
            reason = _betweenRequests ? "idle timeout" : "read timeout";
        }
        catch (OperationCanceledException)
        {
            reason = _evicted ? "closed to make room for a new connection" : "closed by the server";
        }
        catch (SocketException e)
        {
            reason = e.SocketErrorCode.ToString();
        }

        NetLog.ConnectionClosed(_logger, _context.Remote, reason);
        await _slowRequests.WhenAllAsync().ConfigureAwait(false);
        try
        {
            if (_aborted)
            {
                // What the client did not take would stay queued, the FIN behind it, for as long as the client keeps its
                // window shut: a reset frees the connection (and the kernel's memory) at once.
                _socket.LingerState = new LingerOption(true, 0);
            }
            else
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (SocketException)
        {
            // The peer may already be gone.
        }

        _socket.Dispose();
        _sendDeadline.Dispose();
        _lifetime.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (message.Length > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(message), message.Length, "a DNS message over TCP is at most 65535 octets");
        }

        byte[] framed = ArrayPool<byte>.Shared.Rent(message.Length + 2);
        try
        {
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
            message.CopyTo(framed.AsMemory(2));
            await SendFramedAsync(framed.AsMemory(0, message.Length + 2), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(framed);
        }
    }

    public async ValueTask WhenDeliveredAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, cancellationToken);
        try
        {
            long acked = -1;
            while (Delivery() is { Pending: true } delivery)
            {
                if (delivery.Acked != acked)
                {
                    // The send timeout runs from the last progress: a slow reader is served, a reader that stopped is cut off.
                    acked = delivery.Acked;
                    deadline.CancelAfter(_options.TcpSendTimeout);
                }

                await Task.Delay(DeliveryPoll, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_lifetime.IsCancellationRequested)
        {
            // The client stopped reading: the connection goes, and with it what it still held.
            _aborted = true;
            await _lifetime.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // The connection closed: nothing is left to deliver.
        }
    }

    /// <summary>Whether the kernel still holds octets for the client (unsent or unacknowledged), and how many it has acknowledged; nothing pending where TCP_INFO is not there.</summary>
    private (bool Pending, long Acked) Delivery()
    {
        Span<byte> info = stackalloc byte[TcpInfoSize];
        try
        {
            if (_socket.GetRawSocketOption(SolTcp, TcpInfo, info) < TcpInfoSize)
            {
                return (false, 0);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or PlatformNotSupportedException)
        {
            return (false, 0);
        }

        bool pending = BinaryPrimitives.ReadUInt32LittleEndian(info[144..]) > 0 || BinaryPrimitives.ReadUInt32LittleEndian(info[24..]) > 0;
        return (pending, BinaryPrimitives.ReadInt64LittleEndian(info[120..]));
    }

    /// <summary>Reads and dispatches requests until the client closes or breaks the framing; returns why it stopped.</summary>
    private async Task<string> ReadRequestsAsync(CancellationTokenSource deadline)
    {
        while (true)
        {
            _betweenRequests = true;
            if (!await FillAsync(1, deadline, ReadPhase.Idle).ConfigureAwait(false))
            {
                return "closed by the client";
            }

            _betweenRequests = false;
            if (!await FillAsync(2, deadline, ReadPhase.Request).ConfigureAwait(false))
            {
                return "closed inside a length prefix";
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start));
            if (length < MinMessageSize)
            {
                return $"length prefix {length} is shorter than a DNS header";
            }

            if (!await FillAsync(2 + length, deadline, ReadPhase.Request).ConfigureAwait(false))
            {
                return "closed inside a message";
            }

            if (_armed != ReadPhase.None)
            {
                deadline.CancelAfter(Timeout.InfiniteTimeSpan);
                _armed = ReadPhase.None;
            }

            ReadOnlyMemory<byte> request = _buffer.AsMemory(_start + 2, length);
            _start += 2 + length;
            _dispatching = true;
            try
            {
                if (!await DispatchAsync(request).ConfigureAwait(false))
                {
                    return "response could not be sent";
                }
            }
            finally
            {
                _dispatching = false;
            }
        }
    }

    /// <summary>Answers one request; false when the connection is broken.</summary>
    private async Task<bool> DispatchAsync(ReadOnlyMemory<byte> request)
    {
        byte[] response = ArrayPool<byte>.Shared.Rent(MaxFramedSize);
        try
        {
            int length;
            try
            {
                length = _handler.TryHandle(request.Span, response.AsSpan(2, MaxFramedSize - 2), in _context);
            }
            catch (Exception e)
            {
                NetLog.HandlerFailed(_logger, e, DnsTransport.Tcp, _context.Remote);
                return true;
            }

            if (length == -1)
            {
                byte[] copy = request.ToArray();
                _slowRequests.Track(Task.Run(() => HandleSlowAsync(copy), CancellationToken.None));
            }
            else if (length > 0 && length <= ushort.MaxValue)
            {
                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)length);
                try
                {
                    await SendFramedAsync(response.AsMemory(0, length + 2), _lifetime.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                    return false;
                }
            }
            else if (length != 0)
            {
                NetLog.InvalidResponseLength(_logger, length, DnsTransport.Tcp, _context.Remote);
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(response);
        }
    }

    private async Task HandleSlowAsync(byte[] request)
    {
        try
        {
            await _handler.HandleAsync(request, this, _context, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException && _lifetime.IsCancellationRequested)
        {
            // The connection is closing.
        }
        catch (Exception e)
        {
            NetLog.HandlerFailed(_logger, e, DnsTransport.Tcp, _context.Remote);
        }
    }

    /// <summary>Sends one framed message whole, serialized with other writers; a send that times out or fails closes the connection.</summary>
    private async Task SendFramedAsync(ReadOnlyMemory<byte> framed, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);

        // The fast path sends with the connection's own token: the reusable deadline alone covers it, without a
        // linked source (and its timer) per answer. The send timeout counts from the first send that has to wait.
        CancellationTokenSource? linked = cancellationToken.CanBeCanceled && cancellationToken != _lifetime.Token
            ? CancellationTokenSource.CreateLinkedTokenSource(_sendDeadline.Token, cancellationToken)
            : null;
        bool armed = false;
        try
        {
            CancellationToken token = (linked ?? _sendDeadline).Token;
            while (!framed.IsEmpty)
            {
                // Most sends complete at once (the socket buffer takes the message): the timer runs only for one that waits.
                ValueTask<int> sending = _socket.SendAsync(framed, SocketFlags.None, token);
                if (!sending.IsCompleted && !armed)
                {
                    _sendDeadline.CancelAfter(_options.TcpSendTimeout);
                    armed = true;
                }

                int sent = await sending.ConfigureAwait(false);
                framed = framed[sent..];
                Volatile.Write(ref _lastActivity, Environment.TickCount64);
            }

            // Disarms the timer; false only when it already fired, which the send above then reported.
            if (armed)
            {
                _sendDeadline.TryReset();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A partly written message leaves the stream unusable.
            _aborted = true;
            await _lifetime.CancelAsync().ConfigureAwait(false);
            throw new IOException($"sending to {_context.Remote} failed or timed out", e);
        }
        finally
        {
            linked?.Dispose();
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Reads until at least <paramref name="count"/> octets are buffered from <see cref="_start"/>; false at end of
    /// stream. A read that has to wait arms <paramref name="deadline"/> with the timeout of <paramref name="phase"/>,
    /// unless that phase's timeout already runs.
    /// </summary>
    private async ValueTask<bool> FillAsync(int count, CancellationTokenSource deadline, ReadPhase phase)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_end - _start >= count)
        {
            return true;
        }

        if (_buffer.Length - _start < count)
        {
            byte[] target = _buffer.Length >= count ? _buffer : ArrayPool<byte>.Shared.Rent(Math.Max(count, MaxFramedSize));
            Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = target;
            }

            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count)
        {
            ValueTask<int> receiving = _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, deadline.Token);
            if (!receiving.IsCompleted && _armed != phase)
            {
                deadline.CancelAfter(phase == ReadPhase.Idle ? _idleTimeout() : _options.TcpReadTimeout);
                _armed = phase;
            }

            int read = await receiving.ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            Volatile.Write(ref _lastActivity, Environment.TickCount64);

            _end += read;
        }

        return true;
    }

    private enum ReadPhase
    {
        None,
        Idle,
        Request,
    }
}
