using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using DnsSuite.Net;

namespace DnsSuite.Net.Tests;

/// <summary>
/// A handler that speaks a test format instead of DNS: a request is [id:2][response size:2][anything], and the answer
/// is [id:2][length of the request:4] padded to the size asked for (at least 6). It records who sent each request
/// and on which thread it was answered, and can hold the receive loop inside the next request until released, so
/// that the datagrams sent meanwhile queue up in the socket and arrive as one batch.
/// </summary>
internal sealed class ProbeHandler : IDnsRequestHandler
{
    public const int MinimumResponse = 6;

    private static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<Seen> _seen = new();
    private readonly SemaphoreSlim _holding = new(0);
    private ManualResetEventSlim? _hold;

    public IReadOnlyCollection<Seen> Requests => _seen;

    /// <summary>The next request blocks its receive loop until the returned event is set.</summary>
    public ManualResetEventSlim HoldNextRequest()
    {
        var hold = new ManualResetEventSlim(false);
        Volatile.Write(ref _hold, hold);
        return hold;
    }

    public async Task WaitUntilHoldingAsync(TimeSpan timeout)
    {
        if (!await _holding.WaitAsync(timeout))
        {
            throw new TimeoutException("no request reached the handler");
        }
    }

    public int TryHandle(ReadOnlySpan<byte> request, Span<byte> response, in RequestContext context)
    {
        if (request.Length < 4)
        {
            return 0;
        }

        ushort id = BinaryPrimitives.ReadUInt16BigEndian(request);
        int size = Math.Max(MinimumResponse, (int)BinaryPrimitives.ReadUInt16BigEndian(request[2..]));
        _seen.Enqueue(new Seen(id, context.Remote, Environment.CurrentManagedThreadId, request.Length));
        if (Interlocked.Exchange(ref _hold, null) is { } hold)
        {
            _holding.Release();
            hold.Wait(HoldLimit).ShouldBeTrue("the test did not release the held request");
        }

        BinaryPrimitives.WriteUInt16BigEndian(response, id);
        BinaryPrimitives.WriteInt32BigEndian(response[2..], request.Length);
        response[MinimumResponse..size].Fill((byte)id);
        return size;
    }

    public Task HandleAsync(ReadOnlyMemory<byte> request, IResponseSink sink, RequestContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the probe handler answers everything on the fast path");

    public static byte[] Request(ushort id, int responseSize = MinimumResponse, int length = 4)
    {
        byte[] request = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(request, id);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(2), (ushort)responseSize);
        request.AsSpan(4).Fill(0x5A);
        return request;
    }

    internal sealed record Seen(ushort Id, IPEndPoint Remote, int Thread, int Length);
}
