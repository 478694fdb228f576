using System.Net;
using System.Net.Sockets;

namespace DnsSuite.KafkaMock;

/// <summary>
/// Accepts TCP connections on one address and joins each to a new connection to another: the mock broker listens on
/// 127.0.0.1 only, and this makes it reachable at an address of its network namespace.
/// </summary>
public sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener listener;
    private readonly IPEndPoint target;
    private readonly CancellationTokenSource stop = new();

    /// <summary>Listens on <paramref name="listen"/> and forwards every connection to <paramref name="target"/>.</summary>
    public TcpForwarder(IPEndPoint listen, IPEndPoint target)
    {
        this.target = target;
        listener = new TcpListener(listen);
        listener.Start();
        _ = AcceptAsync();
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = JoinAsync(client);
        }
    }

    private async Task JoinAsync(Socket client)
    {
        using (client)
        using (var server = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await server.ConnectAsync(target, stop.Token);
                await using var fromClient = new NetworkStream(client);
                await using var toServer = new NetworkStream(server);
                // Either side closing ends both: the first copy to end shuts the other side's sending down.
                var upstream = CopyAsync(fromClient, toServer, server);
                var downstream = CopyAsync(toServer, fromClient, client);
                await Task.WhenAll(upstream, downstream);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A connection that breaks is the client's to notice: the other side is closed with it.
            }
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, Socket toSocket)
    {
        try
        {
            await from.CopyToAsync(to, stop.Token);
        }
        finally
        {
            try
            {
                toSocket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }
}
