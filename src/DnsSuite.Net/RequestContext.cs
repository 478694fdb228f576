using System.Net;
using System.Net.Sockets;

namespace DnsSuite.Net;

/// <summary>
/// Where a request came from and how. The UDP fast path builds one per datagram without allocating: it
/// carries the receive loop's reused <see cref="SocketAddress"/>, and <see cref="Remote"/> decodes it into a
/// new <see cref="IPEndPoint"/> on each read. Such a context is only valid during
/// <see cref="IDnsRequestHandler.TryHandle"/>; the context given to <see cref="IDnsRequestHandler.HandleAsync"/>
/// always holds its own <see cref="IPEndPoint"/>.
/// </summary>
public readonly struct RequestContext : IEquatable<RequestContext>
{
    private readonly IPEndPoint? _remote;
    private readonly SocketAddress? _remoteAddress;

    public RequestContext(IPEndPoint remote, IPEndPoint local, DnsTransport transport)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(local);
        _remote = remote;
        Local = local;
        Transport = transport;
    }

    internal RequestContext(SocketAddress remoteAddress, IPEndPoint local, DnsTransport transport)
    {
        _remoteAddress = remoteAddress;
        Local = local;
        Transport = transport;
    }

    /// <summary>The client's address and port; decoded on each read when the context came from the UDP fast path.</summary>
    public IPEndPoint Remote => _remote ?? (IPEndPoint)Local.Create(_remoteAddress!);

    public IPEndPoint Local { get; }

    /// <summary>
    /// Writes the client's address (4 octets for IPv4, 16 for IPv6, network order) without allocating, as a per-client
    /// decision on the fast path needs it (response rate limiting); returns how many octets it wrote.
    /// </summary>
    public int WriteRemoteAddress(Span<byte> destination)
    {
        if (_remote is not null)
        {
            return _remote.Address.TryWriteBytes(destination, out int written) ? written : 0;
        }

        // sockaddr_in: family, port, 4 address octets; sockaddr_in6: family, port, flow information, 16 address octets.
        ReadOnlySpan<byte> address = _remoteAddress!.Buffer.Span;
        return _remoteAddress.Family == AddressFamily.InterNetworkV6 ? Copy(address.Slice(8, 16), destination) : Copy(address.Slice(4, 4), destination);

        static int Copy(ReadOnlySpan<byte> source, Span<byte> target)
        {
            source.CopyTo(target);
            return source.Length;
        }
    }

    public DnsTransport Transport { get; }

    /// <summary>A copy that owns its remote endpoint, safe to keep beyond the fast-path call.</summary>
    public RequestContext Detach() => _remote is null ? new RequestContext(Remote, Local, Transport) : this;

    public bool Equals(RequestContext other) => Remote.Equals(other.Remote) && Equals(Local, other.Local) && Transport == other.Transport;

    public override bool Equals(object? obj) => obj is RequestContext other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Remote, Local, Transport);

    public override string ToString() => $"{Transport} {Remote} -> {Local}";

    public static bool operator ==(RequestContext left, RequestContext right) => left.Equals(right);

    public static bool operator !=(RequestContext left, RequestContext right) => !left.Equals(right);
}
