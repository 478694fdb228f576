using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Wire;
using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Hosting;

/// <summary>
/// Answers REFUSED to every request (RFC 1035 §4.1.1), the right answer of a server that holds no zones; it is
/// the handler until the query engine is wired in. The question is echoed, and an OPT record when the request had
/// one (RFC 6891 §7); a request that cannot be parsed gets FORMERR; responses are never answered. No allocation.
/// </summary>
public sealed class RefusingRequestHandler(IOptions<ServerOptions> options) : IDnsRequestHandler
{
    private readonly Edns _edns = new((ushort)options.Value.MaxUdpPayload);
    private readonly Edns _ednsWithDnssecOk = new((ushort)options.Value.MaxUdpPayload, DnssecOk: true);

    public int TryHandle(ReadOnlySpan<byte> request, Span<byte> response, in RequestContext context)
    {
        if (!DnsHeader.TryRead(request, out DnsHeader header) || header.IsResponse)
        {
            return 0;
        }

        var reader = new DnsReader(request);
        reader.TryReadBytes(DnsHeader.Size, out _);
        bool wellFormed = header.QuestionCount <= 1;
        ReadOnlySpan<byte> question = [];
        if (wellFormed && header.QuestionCount == 1)
        {
            wellFormed = reader.TrySkipName() && reader.TryReadUInt32(out _);
            question = request[DnsHeader.Size..reader.Position];
        }

        Edns? responseEdns = null;
        bool badVersion = false;
        int records = header.AnswerCount + header.AuthorityCount + header.AdditionalCount;
        for (int i = 0; wellFormed && i < records; i++)
        {
            if (!(reader.TrySkipName() && reader.TryReadUInt16(out ushort type) && reader.TryReadUInt16(out _)
                && reader.TryReadUInt32(out uint ttl) && reader.TryReadUInt16(out ushort length) && reader.TryReadBytes(length, out _)))
            {
                wellFormed = false;
            }
            else if (type == (ushort)RecordType.OPT)
            {
                // RFC 6891 §6.1.1: at most one OPT, only in the additional section; TTL = extended RCODE, VERSION, DO.
                wellFormed = responseEdns is null && i >= header.AnswerCount + header.AuthorityCount;
                responseEdns = (ttl & 0x8000) != 0 ? _ednsWithDnssecOk : _edns;
                badVersion = ((ttl >> 16) & 0xFF) != 0;
            }
        }

        // RFC 6891 §6.1.3: a version we do not implement gets BADVERS.
        ResponseCode code = !wellFormed ? ResponseCode.FormErr : badVersion ? ResponseCode.BadVers : ResponseCode.Refused;
        if (!wellFormed)
        {
            question = [];
            responseEdns = null;
        }

        var writer = new DnsWriter(response);
        writer.WriteUInt16(header.Id);
        writer.WriteUInt16(DnsHeader.ComposeFlags(HeaderFlags.QR | (HeaderFlags)(header.Flags & (ushort)HeaderFlags.RD), header.OpCode, code));
        writer.WriteUInt16((ushort)(question.IsEmpty ? 0 : 1));
        writer.WriteUInt16(0);
        writer.WriteUInt16(0);
        writer.WriteUInt16((ushort)(responseEdns is null ? 0 : 1));
        writer.WriteBytes(question);
        responseEdns?.WriteTo(ref writer, code);
        return writer.Overflow ? 0 : writer.Position;
    }

    public Task HandleAsync(ReadOnlyMemory<byte> request, IResponseSink sink, RequestContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("every request is answered on the fast path");
}
