namespace DnsSuite.Net;

/// <summary>Where the slow path sends its responses: one datagram per message on UDP, one length-prefixed message on TCP.</summary>
public interface IResponseSink
{
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);
}
