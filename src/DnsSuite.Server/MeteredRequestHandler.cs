using System.Diagnostics;
using DnsSuite.Net;
using DnsSuite.Server.Query;

namespace DnsSuite.Server;

/// <summary>Counts the answers of the fast path in <see cref="QueryMetrics"/> around another handler (the <see cref="RequestPipeline"/>).</summary>
public sealed class MeteredRequestHandler(IDnsRequestHandler inner, QueryMetrics metrics) : IDnsRequestHandler
{
    public int TryHandle(ReadOnlySpan<byte> request, Span<byte> response, in RequestContext context)
    {
        long start = Stopwatch.GetTimestamp();
        int length = inner.TryHandle(request, response, context);
        if (length > 0)
        {
            metrics.Answered(response[..length], start);
        }

        return length;
    }

    public Task HandleAsync(ReadOnlyMemory<byte> request, IResponseSink sink, RequestContext context, CancellationToken cancellationToken) =>
        inner.HandleAsync(request, sink, context, cancellationToken);
}
