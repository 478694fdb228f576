using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DnsSuite.Net.Tests;

/// <summary>A UDP client socket on loopback that sends <see cref="ProbeHandler"/> requests and reads the answers.</summary>
internal sealed class ProbeClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly IPEndPoint _server;

    public ProbeClient(IPEndPoint server)
    {
        _server = server;
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(server.Address, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Send(byte[] datagram) => _socket.SendTo(datagram, _server);

    /// <summary>The next answer: its id, the request length the server saw, and the whole answer.</summary>
    public async Task<(ushort Id, int RequestLength, byte[] Answer)> ReceiveAsync()
    {
        byte[] buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(Timeout);
        SocketReceiveFromResult received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(_server.Address, 0), timeout.Token);
        ((IPEndPoint)received.RemoteEndPoint).ShouldBe(_server);
        byte[] answer = buffer[..received.ReceivedBytes];
        return (BinaryPrimitives.ReadUInt16BigEndian(answer), BinaryPrimitives.ReadInt32BigEndian(answer.AsSpan(2)), answer);
    }

    public void Dispose() => _socket.Dispose();
}
