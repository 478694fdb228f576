using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Server.Query;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Server;

/// <summary>
/// What the listeners call: ordinary queries go to the <see cref="QueryEngine"/> on the fast path;
/// everything the engine hands back (NOTIFY, UPDATE, AXFR/IXFR, TSIG-signed requests) is answered
/// here. None of those is configured yet, so each gets an explicit refusal that says why in the log.
/// </summary>
public sealed partial class RequestPipeline(QueryEngine engine, ILogger<RequestPipeline> logger) : IDnsRequestHandler
{
    public int TryHandle(ReadOnlySpan<byte> request, Span<byte> response, in RequestContext context) =>
        engine.Answer(request, response, context.Transport);

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
            await SendAsync(sink, message, ResponseCode.FormErr, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (message.IsResponse)
        {
            return;
        }

        (ResponseCode responseCode, string reason) = Refusal(message);
        LogNotServed(message.OpCode, message.Question?.Type, context.Remote, responseCode, reason);
        await SendAsync(sink, message, responseCode, cancellationToken).ConfigureAwait(false);
    }

    private static (ResponseCode Code, string Reason) Refusal(Message request) => request switch
    {
        // RFC 8945 §5.2: without the key the request cannot be verified.
        { TsigOffset: >= 0 } => (ResponseCode.NotAuth, "no TSIG keys are configured"),
        { OpCode: OpCode.Notify } => (ResponseCode.NotImp, "NOTIFY is not handled: no secondary zones are configured"),
        { OpCode: OpCode.Update } => (ResponseCode.Refused, "dynamic updates are not configured"),
        { Question.Type: RecordType.AXFR or RecordType.IXFR } => (ResponseCode.Refused, "zone transfers are not configured"),
        _ => (ResponseCode.NotImp, "the request is not supported"),
    };

    private static async Task SendAsync(IResponseSink sink, Message request, ResponseCode responseCode, CancellationToken cancellationToken)
    {
        var response = new Message
        {
            Id = request.Id,
            OpCode = request.OpCode,
            Flags = HeaderFlags.QR | (request.Flags & (HeaderFlags.RD | HeaderFlags.CD)),
            ResponseCode = responseCode,
            Edns = request.Edns is null ? null : new Edns(),
        };
        response.Questions.AddRange(request.Questions);
        await sink.SendAsync(response.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Malformed request from {Remote}: {Error}")]
    private partial void LogMalformed(System.Net.IPEndPoint remote, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{OpCode} {Type} from {Remote} answered {ResponseCode}: {Reason}")]
    private partial void LogNotServed(OpCode opCode, RecordType? type, System.Net.IPEndPoint remote, ResponseCode responseCode, string reason);
}
