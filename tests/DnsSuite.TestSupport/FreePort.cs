using System.Net;
using System.Net.Sockets;

namespace DnsSuite.TestSupport;

/// <summary>
/// Hands out loopback ports that are free for both UDP and TCP. Ports come from 20000-32767, below
/// Linux's ephemeral range (32768-60999), so the source ports that servers and clients pick for their
/// own queries cannot take a port between the moment it is handed out and the moment it is bound.
/// A port is handed out at most once per process; other test processes start at a random place.
/// </summary>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12768;

    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();
    private static int next = First + Random.Shared.Next(Count);

    /// <summary>A port on 127.0.0.1 that was just bound for UDP and TCP and released.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < Count; attempt++)
            {
                var port = next;
                next = First + ((next - First + 1) % Count);
                if (HandedOut.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                HandedOut.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port in {First}-{First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            tcp.Listen();
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
