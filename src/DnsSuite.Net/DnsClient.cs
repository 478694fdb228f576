using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using DnsSuite.Protocol.Messages;

namespace DnsSuite.Net;

/// <summary>
/// A small stub-style client: one query to one server, over UDP (retried over TCP when the answer is truncated,
/// RFC 1035 §4.2.1) or TCP, and multi-message TCP responses for zone transfers. Responses whose ID or question
/// does not match the query are ignored (RFC 5452 §4.3).
/// </summary>
public sealed class DnsClient
{
    private const int MaxMessageSize = 65535;

    /// <summary>Sends <paramref name="query"/> and returns the matching response.</summary>
    /// <exception cref="TimeoutException">No matching response within <paramref name="timeout"/> (per transport attempt).</exception>
    public async Task<Message> QueryAsync(IPEndPoint server, Message query, DnsTransport transport, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return (await ExchangeAsync(server, query, query.ToArray(), transport, timeout, cancellationToken).ConfigureAwait(false)).Message;
    }

    /// <summary>
    /// Sends the request octets as they are (for instance TSIG-signed) and returns the matching response with its
    /// octets, which a TSIG verifier needs (RFC 8945 §5.3: the MAC covers the exact message received).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="request"/> is not a readable DNS message.</exception>
    /// <exception cref="TimeoutException">No matching response within <paramref name="timeout"/> (per transport attempt).</exception>
    public Task<ReceivedMessage> ExchangeAsync(IPEndPoint server, ReadOnlyMemory<byte> request, DnsTransport transport, TimeSpan timeout, CancellationToken cancellationToken)
    {
        byte[] wire = request.ToArray();
        return ExchangeAsync(server, ParseRequest(wire), wire, transport, timeout, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="request"/> over TCP and yields each matching response message as it arrives, until the
    /// caller stops enumerating or the server closes the connection. <paramref name="timeout"/> bounds the wait for
    /// each message (RFC 5936 §4.2: a transfer's end is decided by its content, so the caller decides).
    /// </summary>
    public async IAsyncEnumerable<Message> StreamTcpAsync(IPEndPoint server, Message request, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await foreach (ReceivedMessage received in StreamTcpAsync(server, request, request.ToArray(), timeout, cancellationToken).ConfigureAwait(false))
        {
            yield return received.Message;
        }
    }

    /// <summary><see cref="StreamTcpAsync(IPEndPoint, Message, TimeSpan, CancellationToken)"/> for request octets sent as they are, yielding each response with its octets.</summary>
    /// <exception cref="ArgumentException"><paramref name="request"/> is not a readable DNS message.</exception>
    public IAsyncEnumerable<ReceivedMessage> StreamTcpAsync(IPEndPoint server, ReadOnlyMemory<byte> request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        byte[] wire = request.ToArray();
        return StreamTcpAsync(server, ParseRequest(wire), wire, timeout, cancellationToken);
    }

    private static Message ParseRequest(byte[] wire) =>
        Message.TryParse(wire, out Message? request, out string? error) ? request : throw new ArgumentException($"the request is not a DNS message: {error}", nameof(wire));

    private static async Task<ReceivedMessage> ExchangeAsync(IPEndPoint server, Message query, byte[] wire, DnsTransport transport, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (transport == DnsTransport.Udp)
        {
            ReceivedMessage response = await QueryUdpAsync(server, query, wire, timeout, cancellationToken).ConfigureAwait(false);
            if (!response.Message.Flags.HasFlag(HeaderFlags.TC))
            {
                return response;
            }
        }

        await foreach (ReceivedMessage response in StreamTcpAsync(server, query, wire, timeout, cancellationToken).ConfigureAwait(false))
        {
            return response;
        }

        throw new IOException($"{server} closed the TCP connection without answering");
    }

    private static async Task<ReceivedMessage> QueryUdpAsync(IPEndPoint server, Message query, byte[] wire, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        byte[] buffer = new byte[MaxMessageSize];
        try
        {
            // A connected socket only receives datagrams from the server's address and port.
            await socket.ConnectAsync(server, deadline.Token).ConfigureAwait(false);
            await socket.SendAsync(wire, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            while (true)
            {
                int received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (Message.TryParse(buffer.AsSpan(0, received), out Message? response, out _) && Matches(query, response))
                {
                    return new ReceivedMessage(response, buffer.AsSpan(0, received).ToArray());
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no response from {server} over UDP within {timeout}");
        }
    }

    private static async IAsyncEnumerable<ReceivedMessage> StreamTcpAsync(IPEndPoint server, Message request, byte[] wire, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (wire.Length > MaxMessageSize)
        {
            throw new ArgumentException($"the request is {wire.Length} octets, more than TCP framing allows", nameof(request));
        }

        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        byte[] framed = new byte[wire.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)wire.Length);
        wire.CopyTo(framed, 2);
        await WithTimeoutAsync(server, timeout, cancellationToken, async token =>
        {
            await socket.ConnectAsync(server, token).ConfigureAwait(false);
            await socket.SendAsync(framed, SocketFlags.None, token).ConfigureAwait(false);
            return true;
        }, deadline.Token).ConfigureAwait(false);

        byte[] buffer = new byte[MaxMessageSize];
        while (true)
        {
            deadline.CancelAfter(timeout);
            int length = await WithTimeoutAsync(server, timeout, cancellationToken, token => ReadMessageAsync(socket, buffer, token), deadline.Token).ConfigureAwait(false);
            if (length < 0)
            {
                yield break;
            }

            if (!Message.TryParse(buffer.AsSpan(0, length), out Message? response, out string? error))
            {
                throw new InvalidDataException($"malformed TCP response from {server}: {error}");
            }

            // RFC 5936 §2.2.1: messages after the first of a transfer may carry no question.
            if (response.IsResponse && response.Id == request.Id && (response.Questions.Count == 0 || Matches(request, response)))
            {
                yield return new ReceivedMessage(response, buffer.AsSpan(0, length).ToArray());
            }
        }
    }

    private static async Task<T> WithTimeoutAsync<T>(IPEndPoint server, TimeSpan timeout, CancellationToken callerToken, Func<CancellationToken, ValueTask<T>> operation, CancellationToken deadlineToken)
    {
        try
        {
            return await operation(deadlineToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no response from {server} over TCP within {timeout}");
        }
    }

    /// <summary>Reads one length-prefixed message into <paramref name="buffer"/>; -1 when the stream ends between messages.</summary>
    private static async ValueTask<int> ReadMessageAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        int prefix = await ReadExactlyAsync(socket, buffer.AsMemory(0, 2), cancellationToken).ConfigureAwait(false);
        if (prefix == 0)
        {
            return -1;
        }

        if (prefix < 2)
        {
            throw new IOException("the server closed the connection inside a length prefix");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
        if (await ReadExactlyAsync(socket, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false) < length)
        {
            throw new IOException("the server closed the connection inside a message");
        }

        return length;
    }

    /// <summary>Fills <paramref name="destination"/>; returns how much was read before the end of the stream.</summary>
    private static async ValueTask<int> ReadExactlyAsync(Socket socket, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = await socket.ReceiveAsync(destination[total..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static bool Matches(Message query, Message response) =>
        response.IsResponse && response.Id == query.Id && response.Questions.SequenceEqual(query.Questions);
}
