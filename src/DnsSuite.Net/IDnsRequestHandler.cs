namespace DnsSuite.Net;

/// <summary>What the listeners call for every request they receive.</summary>
public interface IDnsRequestHandler
{
    /// <summary>
    /// Synchronous fast path (ordinary queries): writes the response into <paramref name="response"/>, whose
    /// length is the largest message the transport may carry (65535 on TCP and on UDP: the handler applies the
    /// EDNS or 512-octet limit itself). Returns the response length (&gt; 0) to send it, 0 to send nothing, or -1
    /// when the request needs <see cref="HandleAsync"/> (zone transfers, UPDATE, NOTIFY, TSIG-signed ...).
    /// <paramref name="context"/> is valid only during the call.
    /// </summary>
    int TryHandle(ReadOnlySpan<byte> request, Span<byte> response, in RequestContext context);

    /// <summary>Slow path: may send zero, one or many messages (AXFR) through <paramref name="sink"/>.</summary>
    Task HandleAsync(ReadOnlyMemory<byte> request, IResponseSink sink, RequestContext context, CancellationToken cancellationToken);
}
