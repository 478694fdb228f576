using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Wire;
using DnsSuite.Zones;

namespace DnsSuite.Server.Query;

/// <summary>
/// The authoritative query fast path: reads a query packet and writes the response packet, straight
/// from the zones' immutable versions, without allocating. What it does not answer itself (NOTIFY,
/// UPDATE, AXFR/IXFR, TSIG-signed requests) it hands back with <see cref="NeedsSlowPath"/>.
/// </summary>
public sealed class QueryEngine
{
    /// <summary>The return value that asks the pipeline to process the request on its slow path.</summary>
    public const int NeedsSlowPath = -1;

    private const int MaxTcpMessage = ushort.MaxValue;

    [ThreadStatic]
    private static CompressionTable? t_compression;

    private readonly ZoneTable _zones;
    private readonly ushort _maxUdpPayload;
    private readonly ChaosAnswers _chaos;

    public QueryEngine(ZoneTable zones, QueryEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _zones = zones;
        _maxUdpPayload = (ushort)options.MaxUdpPayload;
        _chaos = new ChaosAnswers(options.ChaosVersion, options.ChaosId);
    }

    /// <summary>
    /// Answers <paramref name="query"/> into <paramref name="response"/> (at least 512 octets; 65535 lets
    /// TCP answers use the whole message size). Returns the response length, 0 when the request deserves
    /// no answer (unreadable header, or a response), or <see cref="NeedsSlowPath"/>.
    /// </summary>
    public int Answer(ReadOnlySpan<byte> query, Span<byte> response, DnsTransport transport)
    {
        if (response.Length < QueryEngineOptions.MinimumUdpPayload)
        {
            throw new ArgumentException($"the response buffer needs at least {QueryEngineOptions.MinimumUdpPayload} octets", nameof(response));
        }

        Span<byte> name = stackalloc byte[DomainName.MaxWireLength];
        switch (QueryRequest.Parse(query, name, out QueryRequest request))
        {
            case QueryParseStatus.Drop:
                return 0;
            case QueryParseStatus.SlowPath:
                return NeedsSlowPath;
            case QueryParseStatus.FormErr:
                return WriteHeaderOnly(response, request, ResponseCode.FormErr);
            case QueryParseStatus.NotImp:
                return WriteHeaderOnly(response, request, ResponseCode.NotImp);
        }

        ReadOnlySpan<byte> questionName = name[..request.NameLength];
        var builder = new ResponseBuilder(
            response,
            Math.Min(response.Length, ResponseLimit(request, transport)),
            request,
            _maxUdpPayload,
            t_compression ??= new CompressionTable(),
            stackalloc int[AuthoritativeResolver.MaxTargets]);
        builder.WriteQuestion(questionName, request.Type, request.Class);

        // RFC 6891 §6.1.3: we implement EDNS version 0 only.
        if (request.HasEdns && request.EdnsVersion != 0)
        {
            return builder.Finish(ResponseCode.BadVers, authoritative: false);
        }

        return request.Class switch
        {
            RecordClass.IN => AnswerInternet(ref builder, questionName, request.Type),
            RecordClass.CH => AnswerChaos(ref builder, questionName, request.Type),
            _ => builder.Finish(ResponseCode.Refused, authoritative: false),
        };
    }

    private int AnswerInternet(ref ResponseBuilder builder, ReadOnlySpan<byte> name, RecordType type)
    {
        ZoneLookup lookup = _zones.Lookup(name, out Zone? zone);
        if (zone is null)
        {
            // A zone of ours without data yet (a secondary before its first transfer) gets SERVFAIL, like BIND and Knot.
            return builder.Finish(lookup == ZoneLookup.AwaitingData ? ResponseCode.ServFail : ResponseCode.Refused, authoritative: false);
        }

        // RFC 4035 §3.1.4.1: DS lives in the parent zone; when we serve the parent too, answer from it.
        if (type == RecordType.DS && name[0] != 0 && DomainName.WireEquals(name, zone.Origin.Wire)
            && _zones.TryFind(name[(name[0] + 1)..], out Zone? parent))
        {
            zone = parent;
        }

        // RFC 1035 §3.3.13: a secondary zone past its expire time is no longer authoritative.
        if (zone.IsExpired)
        {
            return builder.Finish(ResponseCode.ServFail, authoritative: false);
        }

        ResponseCode responseCode = AuthoritativeResolver.Resolve(ref builder, zone.Current, name, type, out bool authoritative);
        return builder.Finish(responseCode, authoritative);
    }

    private int AnswerChaos(ref ResponseBuilder builder, ReadOnlySpan<byte> name, RecordType type)
    {
        if (type is not (RecordType.TXT or RecordType.ANY) || !_chaos.TryGet(name, out ReadOnlySpan<byte> rdata))
        {
            return builder.Finish(ResponseCode.Refused, authoritative: false);
        }

        builder.AddSynthesized(ResponseSection.Answer, name, true, RecordType.TXT, RecordClass.CH, 0, rdata);
        return builder.Finish(ResponseCode.NoError, authoritative: true);
    }

    /// <summary>TCP: 65535. UDP: 512 without EDNS (RFC 1035 §4.2.1), else the client's size clamped to [512, ours] (RFC 6891 §6.2.5).</summary>
    private int ResponseLimit(in QueryRequest request, DnsTransport transport) =>
        transport == DnsTransport.Tcp ? MaxTcpMessage
        : request.HasEdns ? Math.Clamp((int)request.EdnsPayloadSize, QueryEngineOptions.MinimumUdpPayload, _maxUdpPayload)
        : QueryEngineOptions.MinimumUdpPayload;

    /// <summary>FORMERR and NOTIMP: the header alone, echoing ID, opcode and RD.</summary>
    private static int WriteHeaderOnly(Span<byte> response, in QueryRequest request, ResponseCode responseCode)
    {
        ushort flags = (ushort)((int)HeaderFlags.QR | (request.Flags & (0x7800 | (int)HeaderFlags.RD)) | (int)responseCode);
        new DnsHeader(request.Id, flags, 0, 0, 0, 0).WriteTo(response);
        return DnsHeader.Size;
    }
}
