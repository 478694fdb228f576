using System.Buffers;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Server;

/// <summary>Builds the single-message answers of the slow path and sends them, signed when the request was (RFC 8945 §5.3).</summary>
internal static class ResponseSender
{
    /// <summary>A response to <paramref name="request"/> echoing its ID, opcode, RD/CD and question, with OPT when the request had one.</summary>
    public static Message CreateResponse(Message request, ResponseCode responseCode, bool authoritative = false)
    {
        var response = new Message
        {
            Id = request.Id,
            OpCode = request.OpCode,
            Flags = HeaderFlags.QR | (authoritative ? HeaderFlags.AA : 0) | (request.Flags & (HeaderFlags.RD | HeaderFlags.CD)),
            ResponseCode = responseCode,
            Edns = request.Edns is null ? null : new Edns(),
        };
        response.Questions.AddRange(request.Questions);
        return response;
    }

    public static ValueTask SendAsync(IResponseSink sink, Message response, TsigState? tsig, TimeProvider time, CancellationToken cancellationToken) =>
        sink.SendAsync(Encode(response, tsig, time) ?? throw new InvalidOperationException("the response is larger than 65535 octets"), cancellationToken);

    /// <summary>The response's wire form, signed when <paramref name="tsig"/> is set; null when it exceeds 65535 octets.</summary>
    public static byte[]? Encode(Message response, TsigState? tsig, TimeProvider time)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ushort.MaxValue);
        try
        {
            int length = response.WriteTo(buffer.AsSpan(0, ushort.MaxValue), new CompressionTable());
            if (length < 0)
            {
                return null;
            }

            return tsig is null ? buffer.AsSpan(0, length).ToArray() : TsigSigner.SignResponse(buffer.AsSpan(0, length), tsig, time.GetUtcNow());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
