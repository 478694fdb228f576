namespace DnsSuite.Net;

/// <summary>Where the slow path sends its responses: one datagram per message on UDP, one length-prefixed message on TCP.</summary>
public interface IResponseSink
{
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>
    /// Completes once what was sent has left this host, acknowledged by the client on TCP, or the connection is closed
    /// (a client that stops reading is cut off after the send timeout). What a zone-transfer slot waits for, so
    /// that a transfer counts until its last octet is delivered, not until it is queued. A datagram leaves at once.
    /// </summary>
    ValueTask WhenDeliveredAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
