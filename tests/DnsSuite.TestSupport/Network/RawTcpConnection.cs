using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DnsSuite.Protocol.Messages;
using Shouldly;

namespace DnsSuite.TestSupport.Network;

/// <summary>A TCP client that writes whatever octets a test wants and reads framed messages back.</summary>
public sealed class RawTcpConnection : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    /// <param name="from">The loopback address to connect from (another client as the server sees it); any when null.</param>
    /// <param name="receiveBuffer">A receive buffer this small (a client that reads slowly or not at all); the system's when null.</param>
    public static async Task<RawTcpConnection> ConnectAsync(IPEndPoint server, IPAddress? from = null, int? receiveBuffer = null)
    {
        var connection = new RawTcpConnection();
        if (receiveBuffer is { } size)
        {
            connection._socket.ReceiveBufferSize = size;
        }

        if (from is not null)
        {
            connection._socket.Bind(new IPEndPoint(from, 0));
        }

        await connection._socket.ConnectAsync(server);
        return connection;
    }

    public static byte[] Frame(params Message[] messages) =>
        messages.SelectMany(m =>
        {
            byte[] wire = m.ToArray();
            return new[] { (byte)(wire.Length >> 8), (byte)wire.Length }.Concat(wire);
        }).ToArray();

    /// <summary>Octets the server sent that are waiting to be read (none read by asking).</summary>
    public int Available => _socket.Available;

    public async Task SendAsync(byte[] octets) => await _socket.SendAsync(octets, SocketFlags.None);

    public async Task<Message> ReadMessageAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        byte[] prefix = new byte[2];
        await ReadExactlyAsync(prefix, timeout.Token);
        byte[] wire = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await ReadExactlyAsync(wire, timeout.Token);
        Message.TryParse(wire, out Message? message, out string? error).ShouldBeTrue(error);
        return message!;
    }

    /// <summary>Whether the server reset the connection, without reading what it sent (Linux TCP_INFO: tcpi_state 7 is CLOSE).</summary>
    public bool WasReset => State == 7;

    /// <summary>Whether the server closed (8, CLOSE_WAIT: its FIN came) or reset the connection, without reading anything.</summary>
    public bool WasClosed => State is 7 or 8;

    private byte State
    {
        get
        {
            Span<byte> info = stackalloc byte[8];
            return _socket.GetRawSocketOption(6, 11, info) > 0 ? info[0] : (byte)0;
        }
    }

    /// <summary>Waits until the server closes the connection (end of stream or reset); false if it stays open.</summary>
    public async Task<bool> WaitForCloseAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        byte[] buffer = new byte[512];
        try
        {
            int read;
            do
            {
                read = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            while (read > 0);

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            int read = await _socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken);
            read.ShouldBePositive("the server closed the connection");
            destination = destination[read..];
        }
    }
}
