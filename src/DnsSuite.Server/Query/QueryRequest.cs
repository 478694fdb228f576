using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Server.Query;

/// <summary>
/// The parts of a query the engine needs, read straight from the packet without allocating. The
/// question name is copied (uncompressed, case as sent) into a caller buffer.
/// </summary>
internal readonly record struct QueryRequest(
    ushort Id,
    ushort Flags,
    int NameLength,
    RecordType Type,
    RecordClass Class,
    bool HasEdns,
    ushort EdnsPayloadSize,
    byte EdnsVersion,
    bool DnssecOk)
{
    /// <summary>The size of an OPT record without options: root owner, TYPE, CLASS, TTL, RDLENGTH.</summary>
    public const int OptSize = 11;

    public OpCode OpCode => (OpCode)((Flags >> 11) & 0xF);

    /// <summary>Reads a request. <paramref name="name"/> must hold 255 octets; on success it holds the question name.</summary>
    public static QueryParseStatus Parse(ReadOnlySpan<byte> message, Span<byte> name, out QueryRequest request)
    {
        request = default;
        if (!DnsHeader.TryRead(message, out DnsHeader header) || header.IsResponse)
        {
            return QueryParseStatus.Drop;
        }

        request = new QueryRequest(header.Id, header.Flags, 0, default, default, false, 0, 0, false);
        switch (header.OpCode)
        {
            case OpCode.Query:
                break;
            case OpCode.Notify or OpCode.Update:
                return QueryParseStatus.SlowPath;
            default:
                return QueryParseStatus.NotImp;
        }

        // RFC 9619: a QUERY carries exactly one question.
        if (header.QuestionCount != 1)
        {
            return QueryParseStatus.FormErr;
        }

        var reader = new DnsReader(message);
        reader.TryReadBytes(DnsHeader.Size, out _);
        if (!reader.TryReadName(name, out int nameLength, out _)
            || !reader.TryReadUInt16(out ushort type)
            || !reader.TryReadUInt16(out ushort @class))
        {
            return QueryParseStatus.FormErr;
        }

        request = request with { NameLength = nameLength, Type = (RecordType)type, Class = (RecordClass)@class };
        if (request.Type is RecordType.AXFR or RecordType.IXFR)
        {
            return QueryParseStatus.SlowPath;
        }

        int records = header.AnswerCount + header.AuthorityCount;
        for (int i = 0; i < records; i++)
        {
            if (!TrySkipRecord(ref reader, out _, out _, out _))
            {
                return QueryParseStatus.FormErr;
            }
        }

        for (int i = 0; i < header.AdditionalCount; i++)
        {
            int start = reader.Position;
            if (!TrySkipRecord(ref reader, out RecordType recordType, out ushort recordClass, out uint ttl))
            {
                return QueryParseStatus.FormErr;
            }

            if (recordType == RecordType.TSIG)
            {
                return QueryParseStatus.SlowPath;
            }

            if (recordType == RecordType.OPT)
            {
                // RFC 6891 §6.1.1: at most one OPT, owned by the root (a single zero octet).
                if (request.HasEdns || message[start] != 0)
                {
                    return QueryParseStatus.FormErr;
                }

                // RFC 6891 §6.1.3: CLASS is the requestor's payload size; TTL holds extended RCODE, VERSION, DO.
                request = request with
                {
                    HasEdns = true,
                    EdnsPayloadSize = recordClass,
                    EdnsVersion = (byte)(ttl >> 16),
                    DnssecOk = (ttl & 0x8000) != 0,
                };
            }
        }

        return reader.Remaining == 0 ? QueryParseStatus.Ok : QueryParseStatus.FormErr;
    }

    private static bool TrySkipRecord(ref DnsReader reader, out RecordType type, out ushort @class, out uint ttl)
    {
        type = default;
        @class = 0;
        ttl = 0;
        if (!reader.TrySkipName()
            || !reader.TryReadUInt16(out ushort rawType)
            || !reader.TryReadUInt16(out @class)
            || !reader.TryReadUInt32(out ttl)
            || !reader.TryReadUInt16(out ushort length)
            || !reader.TryReadBytes(length, out _))
        {
            return false;
        }

        type = (RecordType)rawType;
        return true;
    }
}
