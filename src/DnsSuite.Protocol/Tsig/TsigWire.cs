using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Tsig;

/// <summary>TSIG over raw message octets: finding the record, feeding the digest, appending a record.</summary>
internal static class TsigWire
{
    private const int ArCountOffset = 10;

    /// <summary>
    /// Walks every record of <paramref name="message"/>. True with <paramref name="tsig"/> null when the
    /// message has no TSIG; false with a reason (a FORMERR) when it is malformed or a TSIG record is not
    /// the last record (RFC 8945 §5.1).
    /// </summary>
    public static bool TryLocate(ReadOnlySpan<byte> message, out TsigRecordLocation? tsig, [NotNullWhen(false)] out string? error)
    {
        tsig = null;
        if (!DnsHeader.TryRead(message, out DnsHeader header))
        {
            error = "message is shorter than the header";
            return false;
        }

        var reader = new DnsReader(message);
        reader.TryReadBytes(DnsHeader.Size, out _);
        for (int i = 0; i < header.QuestionCount; i++)
        {
            if (!reader.TrySkipName() || !reader.TryReadBytes(4, out _))
            {
                error = $"question {i + 1}: {reader.Error ?? "truncated"}";
                return false;
            }
        }

        int records = header.AnswerCount + header.AuthorityCount + header.AdditionalCount;
        for (int i = 0; i < records; i++)
        {
            int start = reader.Position;
            if (!reader.TrySkipName() || !reader.TryReadUInt16(out ushort type) || !reader.TryReadUInt16(out ushort @class)
                || !reader.TryReadUInt32(out uint ttl) || !reader.TryReadUInt16(out ushort length) || !reader.TrySlice(length, out DnsReader rdata))
            {
                error = $"record {i + 1}: {reader.Error ?? "truncated"}";
                return false;
            }

            if ((RecordType)type != RecordType.TSIG)
            {
                continue;
            }

            if (i != records - 1 || i < header.AnswerCount + header.AuthorityCount)
            {
                error = "TSIG record is not the last record of the additional section";
                return false;
            }

            if ((RecordClass)@class != RecordClass.ANY || ttl != 0)
            {
                error = "TSIG record must have class ANY and TTL 0";
                return false;
            }

            var owner = new DnsReader(message);
            owner.TryReadBytes(start, out _);
            if (!owner.TryReadName(out DomainName? keyName) || !TsigRdata.TryReadWire(ref rdata, out Rdata? parsed) || rdata.Remaining != 0)
            {
                error = $"malformed TSIG record: {owner.Error ?? rdata.Error ?? "RDATA length mismatch"}";
                return false;
            }

            tsig = new TsigRecordLocation(start, keyName, (TsigRdata)parsed);
        }

        if (reader.Remaining > 0)
        {
            error = $"{reader.Remaining} octets after the last record";
            tsig = null;
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// The message as it was before the TSIG record was added (RFC 8945 §4.3.3): the octets up to
    /// <paramref name="end"/>, with the original ID restored and, when a TSIG record followed, ARCOUNT decremented.
    /// </summary>
    public static void AppendMessage(TsigMac mac, ReadOnlySpan<byte> message, int end, ushort originalId, bool tsigRemoved)
    {
        Span<byte> header = stackalloc byte[DnsHeader.Size];
        message[..DnsHeader.Size].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header, originalId);
        if (tsigRemoved)
        {
            BinaryPrimitives.WriteUInt16BigEndian(header[ArCountOffset..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(header[ArCountOffset..]) - 1));
        }

        mac.Append(header);
        mac.Append(message[DnsHeader.Size..end]);
    }

    /// <summary>The MAC of the request or of the previous message: its size then its octets (RFC 8945 §4.3.1, §4.3.2).</summary>
    public static void AppendPriorMac(TsigMac mac, ReadOnlySpan<byte> prior)
    {
        Span<byte> size = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(size, (ushort)prior.Length);
        mac.Append(size);
        mac.Append(prior);
    }

    /// <summary>The TSIG variables (RFC 8945 §4.3.3): names in canonical (lower-case, uncompressed) form.</summary>
    public static void AppendVariables(TsigMac mac, DomainName keyName, TsigRdata record)
    {
        mac.Append(keyName.ToLowerInvariant().Wire);
        Span<byte> fixedPart = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, (ushort)RecordClass.ANY);
        BinaryPrimitives.WriteUInt32BigEndian(fixedPart[2..], 0);
        mac.Append(fixedPart);
        mac.Append(record.Algorithm.ToLowerInvariant().Wire);
        AppendTimers(mac, record);
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(tail, (ushort)record.Error);
        BinaryPrimitives.WriteUInt16BigEndian(tail[2..], (ushort)record.OtherData.Length);
        mac.Append(tail);
        mac.Append(record.OtherData);
    }

    /// <summary>The TSIG timers (RFC 8945 §4.3.3): time signed and fudge, all that later messages of a stream digest.</summary>
    public static void AppendTimers(TsigMac mac, TsigRdata record)
    {
        Span<byte> timers = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(timers, (ushort)(record.TimeSigned >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(timers[2..], (uint)record.TimeSigned);
        BinaryPrimitives.WriteUInt16BigEndian(timers[6..], record.Fudge);
        mac.Append(timers);
    }

    /// <summary>A copy of <paramref name="message"/> with the TSIG record appended and ARCOUNT incremented.</summary>
    public static byte[] AppendRecord(ReadOnlySpan<byte> message, DomainName keyName, TsigRdata record)
    {
        if (message.Length < DnsHeader.Size)
        {
            throw new ArgumentException("a DNS message is at least 12 octets", nameof(message));
        }

        // RDATA: algorithm, time (6), fudge, MAC size, MAC, original ID, error, other length, other data.
        int rdataLength = record.Algorithm.WireLength + 16 + record.Mac.Length + record.OtherData.Length;
        int length = message.Length + keyName.WireLength + 10 + rdataLength;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("the signed message would exceed 65535 octets", nameof(message));
        }

        byte[] signed = new byte[length];
        message.CopyTo(signed);
        ushort additional = BinaryPrimitives.ReadUInt16BigEndian(message[ArCountOffset..]);
        if (additional == ushort.MaxValue)
        {
            throw new ArgumentException("the additional section is full", nameof(message));
        }

        BinaryPrimitives.WriteUInt16BigEndian(signed.AsSpan(ArCountOffset), (ushort)(additional + 1));
        var writer = new DnsWriter(signed.AsSpan(message.Length));
        writer.WriteName(keyName, compress: false);
        writer.WriteUInt16((ushort)RecordType.TSIG);
        writer.WriteUInt16((ushort)RecordClass.ANY);
        writer.WriteUInt32(0);
        int slot = writer.BeginLength();
        record.WriteTo(ref writer);
        writer.EndLength(slot);
        Debug.Assert(!writer.Overflow && writer.Position == length - message.Length, "TSIG record size computed wrongly");
        return signed;
    }

    /// <summary>Seconds since 1970 UTC, as TSIG's 48-bit Time Signed (RFC 8945 §4.2).</summary>
    public static ulong ToTimeSigned(DateTimeOffset time) => (ulong)Math.Max(0, time.ToUnixTimeSeconds()) & TsigRdata.MaxTimeSigned;

    /// <summary>48-bit server time for the Other Data of a BADTIME response (RFC 8945 §5.2.3).</summary>
    public static byte[] EncodeTime(ulong time)
    {
        byte[] data = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)(time >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(2), (uint)time);
        return data;
    }

    /// <summary>True when <paramref name="now"/> is within the fudge of the time signed (RFC 8945 §5.2.3).</summary>
    public static bool IsTimeValid(TsigRdata record, ulong now) =>
        (now > record.TimeSigned ? now - record.TimeSigned : record.TimeSigned - now) <= record.Fudge;
}
