using System.Buffers;
using System.Buffers.Binary;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Notify;
using DnsSuite.Server.Query;
using DnsSuite.Server.RateLimiting;
using DnsSuite.Server.Transfer;
using DnsSuite.Server.Update;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Server;

/// <summary>
/// What the listeners call: ordinary queries go to the <see cref="QueryEngine"/> on the fast path; everything the
/// engine hands back is answered here, in this order: TSIG verification (RFC 8945 §5.2; a failure is NOTAUTH with
/// the TSIG error), then dispatch by opcode and type: AXFR/IXFR to the <see cref="ZoneTransferResponder"/>, NOTIFY
/// to the <see cref="NotifyResponder"/>, UPDATE to the <see cref="UpdateResponder"/> (which a secondary may have relay
/// an UPDATE before verification, RFC 2136 §6). What is not configured gets an explicit refusal that says why in the log.
/// </summary>
public sealed partial class RequestPipeline(
    QueryEngine engine,
    ILogger<RequestPipeline> logger,
    ZoneTransferResponder? transfers = null,
    NotifyResponder? notify = null,
    TsigKeyRing? keys = null,
    TimeProvider? time = null,
    UpdateResponder? updates = null,
    ResponseRateLimiter? rateLimiter = null) : IDnsRequestHandler
{
    private readonly TsigKeyRing _keys = keys ?? new TsigKeyRing();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The fast path: the engine's answer, held back over UDP when response rate limiting says so.</summary>
    public int TryHandle(ReadOnlySpan<byte> request, Span<byte> response, in RequestContext context)
    {
        int length = engine.Answer(request, response, context.Transport);
        if (length <= 0 || context.Transport != DnsTransport.Udp || rateLimiter is not { Enabled: true } limiter)
        {
            return length;
        }

        return limiter.Decide(context, response[..length]) switch
        {
            RateLimitAction.Drop => 0,
            RateLimitAction.Slip => ResponseRateLimiter.Truncate(response[..length]),
            _ => length,
        };
    }

    public async Task HandleAsync(ReadOnlyMemory<byte> request, IResponseSink sink, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (!Message.TryParse(request.Span, out Message? message, out string? error))
        {
            if (!DnsHeader.TryRead(request.Span, out DnsHeader header) || header.IsResponse)
            {
                return;
            }

            LogMalformed(context.Remote, error);
            message = new Message { Id = header.Id, OpCode = header.OpCode, Flags = (HeaderFlags)header.Flags & HeaderFlags.RD };
            await ResponseSender.SendAsync(sink, ResponseSender.CreateResponse(message, ResponseCode.FormErr), null, _time, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (message.IsResponse)
        {
            return;
        }

        if (updates is not null && updates.IsForwarded(message))
        {
            await updates.ForwardAsync(request, message, sink, context, cancellationToken).ConfigureAwait(false);
            return;
        }

        TsigState? tsig = null;
        if (message.TsigOffset >= 0)
        {
            TsigVerifyResult verified = TsigSigner.VerifyRequest(request.Span, _keys, _time.GetUtcNow());
            if (!verified.IsVerified)
            {
                LogTsigFailed(message.OpCode, message.Question?.Type, context.Remote, verified.KeyName, verified.ToString());
                await ResponseSender.SendAsync(sink, ResponseSender.CreateResponse(message, verified.ResponseCode), verified.State, _time, cancellationToken).ConfigureAwait(false);
                return;
            }

            tsig = verified.State;
        }

        switch (message)
        {
            case { OpCode: OpCode.Query, Question.Type: RecordType.AXFR or RecordType.IXFR } when transfers is not null:
                await transfers.RespondAsync(message, tsig, sink, context, cancellationToken).ConfigureAwait(false);
                return;
            case { OpCode: OpCode.Notify } when notify is not null:
                await notify.RespondAsync(message, tsig, sink, context, cancellationToken).ConfigureAwait(false);
                return;
            case { OpCode: OpCode.Update } when updates is not null:
                await updates.RespondAsync(message, tsig, sink, context, cancellationToken).ConfigureAwait(false);
                return;
            case { OpCode: OpCode.Query } when tsig is not null && AnswerSigned(request.Span, message, tsig, context) is { } signed:
                await sink.SendAsync(signed, cancellationToken).ConfigureAwait(false);
                return;
        }

        (ResponseCode responseCode, string reason) = Refusal(message);
        LogNotServed(message.OpCode, message.Question?.Type, context.Remote, responseCode, reason);
        await ResponseSender.SendAsync(sink, ResponseSender.CreateResponse(message, responseCode), tsig, _time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A verified signed query (a secondary's SOA check, RFC 8945 §5.3): the engine answers the request without its
    /// TSIG record, and the answer is signed. Null when the engine cannot answer it on the fast path.
    /// </summary>
    private byte[]? AnswerSigned(ReadOnlySpan<byte> request, Message message, TsigState tsig, RequestContext context)
    {
        byte[]? signed = SignEngineAnswer(request, message.TsigOffset, tsig, context);
        if (signed is null || context.Transport != DnsTransport.Udp || signed.Length <= Math.Max(QueryEngineOptions.MinimumUdpPayload, (int)(message.Edns?.UdpPayloadSize ?? 0)))
        {
            return signed;
        }

        // RFC 8945 §5.3: when the TSIG cannot be added without truncating the message, the response holds only the
        // question and the TSIG, with TC set and NOERROR, so the client retries over TCP.
        Message truncated = ResponseSender.CreateResponse(message, ResponseCode.NoError);
        truncated.Flags |= HeaderFlags.TC;
        truncated.Edns = null;
        return ResponseSender.Encode(truncated, tsig, _time);
    }

    private byte[]? SignEngineAnswer(ReadOnlySpan<byte> request, int tsigOffset, TsigState tsig, RequestContext context)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(2 * ushort.MaxValue);
        try
        {
            Span<byte> unsigned = buffer.AsSpan(0, tsigOffset);
            request[..tsigOffset].CopyTo(unsigned);
            BinaryPrimitives.WriteUInt16BigEndian(unsigned[10..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(unsigned[10..]) - 1));
            Span<byte> response = buffer.AsSpan(ushort.MaxValue, ushort.MaxValue);
            int length = engine.Answer(unsigned, response, context.Transport);
            return length > 0 ? TsigSigner.SignResponse(response[..length], tsig, _time.GetUtcNow()) : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (ResponseCode Code, string Reason) Refusal(Message request) => request switch
    {
        { OpCode: OpCode.Notify } => (ResponseCode.NotImp, "NOTIFY is not handled: no secondary zones are configured"),
        { OpCode: OpCode.Update } => (ResponseCode.Refused, "dynamic updates are not configured"),
        { Question.Type: RecordType.AXFR or RecordType.IXFR } => (ResponseCode.Refused, "zone transfers are not configured"),
        { TsigOffset: >= 0 } => (ResponseCode.NotImp, "TSIG-signed queries are not supported"),
        _ => (ResponseCode.NotImp, "the request is not supported"),
    };

    [LoggerMessage(EventId = 210, Level = LogLevel.Debug, Message = "Malformed request from {Remote}: {Error}")]
    private partial void LogMalformed(System.Net.IPEndPoint remote, string error);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "{OpCode} {Type} from {Remote} (key {Key}): TSIG verification failed: {Result}")]
    private partial void LogTsigFailed(OpCode opCode, RecordType? type, System.Net.IPEndPoint remote, DomainName? key, string result);

    [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "{OpCode} {Type} from {Remote} answered {ResponseCode}: {Reason}")]
    private partial void LogNotServed(OpCode opCode, RecordType? type, System.Net.IPEndPoint remote, ResponseCode responseCode, string reason);
}
