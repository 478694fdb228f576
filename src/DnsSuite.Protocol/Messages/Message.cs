using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Messages;

/// <summary>
/// A whole DNS message, decoded into objects: for clients, tests, transfers, NOTIFY and UPDATE.
/// (The query fast path reads packets without building one of these.) In an UPDATE, the sections
/// are zone, prerequisite, update and additional (RFC 2136 §2), i.e. <see cref="Questions"/>,
/// <see cref="Answers"/>, <see cref="Authority"/> and <see cref="Additional"/>.
/// </summary>
public sealed class Message
{
    public ushort Id { get; set; }

    public HeaderFlags Flags { get; set; }

    public OpCode OpCode { get; set; }

    /// <summary>The full RCODE: four header bits plus, with EDNS, eight extended bits (RFC 6891 §6.1.3).</summary>
    public ResponseCode ResponseCode { get; set; }

    public List<Question> Questions { get; } = [];

    public List<ResourceRecord> Answers { get; } = [];

    public List<ResourceRecord> Authority { get; } = [];

    /// <summary>Additional records other than OPT (see <see cref="Edns"/>); a TSIG record, if any, is last here.</summary>
    public List<ResourceRecord> Additional { get; } = [];

    public Edns? Edns { get; set; }

    /// <summary>Where the TSIG record starts in the parsed octets, or -1: TSIG verification needs the octets before it (RFC 8945 §4.3.3).</summary>
    public int TsigOffset { get; private set; } = -1;

    public bool IsResponse => Flags.HasFlag(HeaderFlags.QR);

    public Question? Question => Questions.Count > 0 ? Questions[0] : null;

    public static Message CreateQuery(DomainName name, RecordType type, ushort id = 0, Edns? edns = null) => new()
    {
        Id = id,
        OpCode = OpCode.Query,
        Questions = { new Question(name, type) },
        Edns = edns,
    };

    /// <summary>Decodes a message. Any malformation gives false and a reason suitable for a FORMERR log line.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out Message? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (!DnsHeader.TryRead(data, out DnsHeader header))
        {
            error = $"message of {data.Length} octets is shorter than the 12-octet header";
            return false;
        }

        var reader = new DnsReader(data);
        reader.TryReadBytes(DnsHeader.Size, out _);
        var result = new Message
        {
            Id = header.Id,
            Flags = (HeaderFlags)(header.Flags & 0x87B0),
            OpCode = header.OpCode,
            ResponseCode = (ResponseCode)header.ResponseCodeLow,
        };

        for (int i = 0; i < header.QuestionCount; i++)
        {
            if (!Question.TryRead(ref reader, out Question? question))
            {
                error = $"question {i + 1}: {reader.Error}";
                return false;
            }

            result.Questions.Add(question);
        }

        if (!TryReadSection(ref reader, header.AnswerCount, result.Answers, "answer", out error)
            || !TryReadSection(ref reader, header.AuthorityCount, result.Authority, "authority", out error))
        {
            return false;
        }

        for (int i = 0; i < header.AdditionalCount; i++)
        {
            int start = reader.Position;
            if (!TryReadAdditional(ref reader, result, header, start, i == header.AdditionalCount - 1, out error))
            {
                error = $"additional record {i + 1}: {error}";
                return false;
            }
        }

        if (reader.Remaining > 0)
        {
            error = $"{reader.Remaining} octets after the last record";
            return false;
        }

        message = result;
        error = null;
        return true;
    }

    private static bool TryReadSection(ref DnsReader reader, int count, List<ResourceRecord> section, string name, [NotNullWhen(false)] out string? error)
    {
        for (int i = 0; i < count; i++)
        {
            if (!ResourceRecord.TryRead(ref reader, out ResourceRecord? record))
            {
                error = $"{name} record {i + 1}: {reader.Error}";
                return false;
            }

            section.Add(record);
        }

        error = null;
        return true;
    }

    private static bool TryReadAdditional(ref DnsReader reader, Message message, DnsHeader header, int start, bool isLast, [NotNullWhen(false)] out string? error)
    {
        var peek = reader;
        if (!peek.TryReadName(out DomainName? owner) || !peek.TryReadUInt16(out ushort type))
        {
            error = peek.Error ?? "truncated record";
            return false;
        }

        if ((RecordType)type == RecordType.OPT)
        {
            // RFC 6891 §6.1.1: one OPT, owned by the root.
            if (message.Edns is not null)
            {
                error = "more than one OPT record";
                return false;
            }

            if (!owner.IsRoot)
            {
                error = "OPT record not owned by the root";
                return false;
            }

            if (!peek.TryReadUInt16(out ushort @class) || !peek.TryReadUInt32(out uint ttl)
                || !peek.TryReadUInt16(out ushort length) || !peek.TrySlice(length, out DnsReader rdata)
                || !Edns.TryRead(@class, ttl, ref rdata, out Edns? edns, out byte extended))
            {
                error = peek.Error ?? "malformed OPT record";
                return false;
            }

            message.Edns = edns;
            message.ResponseCode = (ResponseCode)((extended << 4) | header.ResponseCodeLow);
            reader = peek;
            error = null;
            return true;
        }

        if (!ResourceRecord.TryRead(ref reader, out ResourceRecord? record))
        {
            error = reader.Error ?? "malformed record";
            return false;
        }

        if (record.Type == RecordType.TSIG)
        {
            // RFC 8945 §5.1: TSIG must be the last record.
            if (!isLast)
            {
                error = "TSIG record is not the last record";
                return false;
            }

            message.TsigOffset = start;
        }

        message.Additional.Add(record);
        error = null;
        return true;
    }

    /// <summary>Encodes the message; returns the length, or -1 when it does not fit in <paramref name="buffer"/>.</summary>
    public int WriteTo(Span<byte> buffer, CompressionTable? compression = null)
    {
        var writer = new DnsWriter(buffer, compression);
        writer.WriteBytes(new byte[DnsHeader.Size]);
        foreach (Question question in Questions)
        {
            question.WriteTo(ref writer);
        }

        WriteRecords(ref writer, Answers);
        WriteRecords(ref writer, Authority);
        int additional = Additional.Count;
        ResourceRecord? tsig = Additional.Count > 0 && Additional[^1].Type == RecordType.TSIG ? Additional[^1] : null;
        foreach (ResourceRecord record in Additional)
        {
            if (!ReferenceEquals(record, tsig))
            {
                record.WriteTo(ref writer);
            }
        }

        if (Edns is not null)
        {
            Edns.WriteTo(ref writer, ResponseCode);
            additional++;
        }

        tsig?.WriteTo(ref writer);
        if (writer.Overflow)
        {
            return -1;
        }

        var header = new DnsHeader(
            Id,
            DnsHeader.ComposeFlags(Flags, OpCode, ResponseCode),
            (ushort)Questions.Count,
            (ushort)Answers.Count,
            (ushort)Authority.Count,
            (ushort)additional);
        header.WriteTo(buffer);
        return writer.Position;
    }

    private static void WriteRecords(ref DnsWriter writer, List<ResourceRecord> records)
    {
        foreach (ResourceRecord record in records)
        {
            record.WriteTo(ref writer);
        }
    }

    /// <summary>Encodes with name compression into a new array (up to 65535 octets).</summary>
    public byte[] ToArray()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ushort.MaxValue);
        try
        {
            int length = WriteTo(buffer.AsSpan(0, ushort.MaxValue), new CompressionTable());
            if (length < 0)
            {
                throw new InvalidOperationException("message is larger than 65535 octets");
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append($";; id {Id} opcode {OpCode} rcode {ResponseCode} flags {Flags}\n");
        foreach (Question q in Questions)
        {
            sb.Append(";").Append(q).Append('\n');
        }

        foreach (ResourceRecord r in Answers.Concat(Authority).Concat(Additional))
        {
            sb.Append(r).Append('\n');
        }

        return sb.ToString();
    }
}
