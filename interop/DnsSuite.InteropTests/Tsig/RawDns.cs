using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DnsSuite.InteropTests.Tsig;

/// <summary>DNS messages over plain loopback sockets (RFC 1035 §4.2), for tests that must see the exact octets.</summary>
internal static class RawDns
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Sends one datagram and returns the first answer.</summary>
    public static async Task<byte[]> UdpExchangeAsync(IPEndPoint server, byte[] query, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await socket.SendToAsync(query, server, timeout.Token);
        byte[] buffer = new byte[65535];
        SocketReceiveFromResult received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return buffer[..received.ReceivedBytes];
    }

    /// <summary>
    /// Sends <paramref name="query"/> over TCP and hands every answer message to <paramref name="onMessage"/>
    /// until it returns false (the caller saw the end of the transfer).
    /// </summary>
    public static async Task TcpExchangeAsync(IPEndPoint server, byte[] query, Func<byte[], bool> onMessage, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout * 3);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(server, timeout.Token);
        NetworkStream stream = client.GetStream();
        byte[] framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed, 2);
        await stream.WriteAsync(framed, timeout.Token);
        byte[] length = new byte[2];
        do
        {
            await stream.ReadExactlyAsync(length, timeout.Token);
            byte[] message = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
            await stream.ReadExactlyAsync(message, timeout.Token);
            if (!onMessage(message))
            {
                return;
            }
        }
        while (true);
    }
}
