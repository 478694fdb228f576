using System.Buffers.Binary;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Wire;
using DnsSuite.Zones;

namespace DnsSuite.Server.Query;

/// <summary>
/// Writes a response in place: header, question, then whole RRsets section by section. An RRset that
/// does not fit is taken out again (RFC 2181 §9): in the answer or authority section that sets TC and
/// ends the message; in the additional section it is just left out. Room for the OPT record is
/// reserved up front so a truncated response still carries it (RFC 6891 §7).
/// Also remembers where the NS, MX and SRV target names were written, for additional processing.
/// </summary>
internal ref struct ResponseBuilder
{
    /// <summary>The question name always starts right after the header (RFC 1035 §4.1.4 pointer target 0xC00C).</summary>
    public const int QuestionNameOffset = DnsHeader.Size;

    private const int GlueAllowedFlag = 1 << 24;
    private const int OffsetMask = GlueAllowedFlag - 1;

    private readonly Span<byte> _response;
    private readonly Span<int> _targets;
    private readonly ushort _id;
    private readonly ushort _requestFlags;
    private readonly bool _edns;
    private readonly bool _dnssecOk;
    private readonly ushort _payloadSize;
    private DnsWriter _writer;
    private int _questionCount;
    private int _answerCount;
    private int _authorityCount;
    private int _additionalCount;
    private int _targetCount;
    private bool _truncated;
    private bool _additionalFull;

    /// <param name="response">The output buffer.</param>
    /// <param name="limit">The largest message allowed (UDP payload size or 65535), at most the buffer's length.</param>
    /// <param name="request">The query being answered: its flags are echoed and its OPT decides ours.</param>
    /// <param name="payloadSize">The UDP payload size our OPT advertises.</param>
    /// <param name="compression">A reusable table; it is reset here.</param>
    /// <param name="targets">Scratch space for the positions of target names (additional processing).</param>
    public ResponseBuilder(Span<byte> response, int limit, in QueryRequest request, ushort payloadSize, CompressionTable compression, Span<int> targets)
    {
        _response = response;
        _targets = targets;
        _id = request.Id;
        _requestFlags = request.Flags;
        _edns = request.HasEdns;
        _dnssecOk = request.DnssecOk;
        _payloadSize = payloadSize;
        _writer = new DnsWriter(response[..(limit - (_edns ? QueryRequest.OptSize : 0))], compression);

        // The header is written last, once the counts are known.
        _writer.WriteUInt32(0);
        _writer.WriteUInt32(0);
        _writer.WriteUInt32(0);
    }

    public readonly int AnswerCount => _answerCount;

    public readonly int TargetCount => _targetCount;

    public void WriteQuestion(scoped ReadOnlySpan<byte> name, RecordType type, RecordClass @class)
    {
        // Written uncompressed, with the case the client used, and remembered as a pointer target.
        _writer.WriteName(name, compress: false);
        _writer.WriteUInt16((ushort)type);
        _writer.WriteUInt16((ushort)@class);
        _questionCount = 1;
    }

    /// <summary>Adds a whole RRset of class IN. False when it did not fit (or an earlier one did not).</summary>
    public bool AddRRset(ResponseSection section, scoped ReadOnlySpan<byte> owner, bool ownerIsQuestionName, RRset rrset)
    {
        if (!CanWrite(section))
        {
            return false;
        }

        int start = _writer.Position;
        int targetsBefore = _targetCount;
        int ownerPointer = ownerIsQuestionName ? QuestionNameOffset : -1;
        int count = rrset.Count;
        for (int i = 0; i < count && !_writer.Overflow; i++)
        {
            ownerPointer = WriteRecord(section, owner, ownerPointer, RecordClass.IN, rrset.Ttl, rrset[i]);
        }

        return Commit(section, start, targetsBefore, count);
    }

    /// <summary>Adds one record of class IN that is not an RRset of the zone (the negative-answer SOA).</summary>
    public bool AddRecord(ResponseSection section, scoped ReadOnlySpan<byte> owner, uint ttl, Rdata data)
    {
        if (!CanWrite(section))
        {
            return false;
        }

        int start = _writer.Position;
        int targetsBefore = _targetCount;
        WriteRecord(section, owner, -1, RecordClass.IN, ttl, data);
        return Commit(section, start, targetsBefore, 1);
    }

    /// <summary>Adds one synthesized record whose RDATA is given as (uncompressed) wire octets.</summary>
    public bool AddSynthesized(ResponseSection section, scoped ReadOnlySpan<byte> owner, bool ownerIsQuestionName, RecordType type, RecordClass @class, uint ttl, scoped ReadOnlySpan<byte> rdata)
    {
        if (!CanWrite(section))
        {
            return false;
        }

        int start = _writer.Position;
        WriteOwner(owner, ownerIsQuestionName ? QuestionNameOffset : -1);
        _writer.WriteUInt16((ushort)type);
        _writer.WriteUInt16((ushort)@class);
        _writer.WriteUInt32(ttl);
        _writer.WriteUInt16((ushort)rdata.Length);
        _writer.WriteBytes(rdata);
        return Commit(section, start, _targetCount, 1);
    }

    /// <summary>Reads the <paramref name="index"/>th target name recorded in the answer or authority section.</summary>
    public readonly bool TryReadTarget(int index, scoped Span<byte> name, out int length, out bool glueAllowed)
    {
        int entry = _targets[index];
        glueAllowed = (entry & GlueAllowedFlag) != 0;
        var reader = new DnsReader(_writer.Written);
        reader.TryReadBytes(entry & OffsetMask, out _);
        return reader.TryReadName(name, out length, out _);
    }

    /// <summary>Writes the header (and OPT) and returns the message length.</summary>
    public int Finish(ResponseCode responseCode, bool authoritative)
    {
        // RFC 1035 §4.1.1: the opcode and RD are copied; RFC 4035 §3.1.6: so is CD.
        int flags = (int)HeaderFlags.QR
            | (_requestFlags & (0x7800 | (int)HeaderFlags.RD | (int)HeaderFlags.CD))
            | (authoritative ? (int)HeaderFlags.AA : 0)
            | (_truncated ? (int)HeaderFlags.TC : 0)
            | ((int)responseCode & 0xF);

        int length = _writer.Position;
        int additional = _additionalCount;
        if (_edns)
        {
            // RFC 6891 §6.1.2-6.1.3: OPT owned by the root; CLASS = our payload size; TTL = extended RCODE, VERSION 0, DO echoed (RFC 3225 §3).
            Span<byte> opt = _response.Slice(length, QueryRequest.OptSize);
            opt[0] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(opt[1..], (ushort)RecordType.OPT);
            BinaryPrimitives.WriteUInt16BigEndian(opt[3..], _payloadSize);
            BinaryPrimitives.WriteUInt32BigEndian(opt[5..], ((uint)((int)responseCode >> 4) << 24) | (_dnssecOk ? 0x8000u : 0));
            BinaryPrimitives.WriteUInt16BigEndian(opt[9..], 0);
            length += QueryRequest.OptSize;
            additional++;
        }

        new DnsHeader(
            _id,
            (ushort)flags,
            (ushort)_questionCount,
            (ushort)_answerCount,
            (ushort)_authorityCount,
            (ushort)additional).WriteTo(_response);
        return length;
    }

    private readonly bool CanWrite(ResponseSection section) =>
        !_truncated && !(section == ResponseSection.Additional && _additionalFull);

    private int WriteRecord(ResponseSection section, scoped ReadOnlySpan<byte> owner, int ownerPointer, RecordClass @class, uint ttl, Rdata data)
    {
        ownerPointer = WriteOwner(owner, ownerPointer);
        _writer.WriteUInt16((ushort)data.Type);
        _writer.WriteUInt16((ushort)@class);
        _writer.WriteUInt32(ttl);
        int slot = _writer.BeginLength();
        data.WriteTo(ref _writer);
        _writer.EndLength(slot);
        if (section != ResponseSection.Additional && !_writer.Overflow)
        {
            RememberTarget(data.Type, slot + 2);
        }

        return ownerPointer;
    }

    /// <summary>Writes an owner name; returns a pointer the next record of the RRset can use instead, or -1.</summary>
    private int WriteOwner(scoped ReadOnlySpan<byte> owner, int pointer)
    {
        if (pointer >= 0)
        {
            _writer.WriteUInt16((ushort)(0xC000 | pointer));
            return pointer;
        }

        int start = _writer.Position;
        _writer.WriteName(owner);
        if (_writer.Overflow)
        {
            return -1;
        }

        ReadOnlySpan<byte> written = _writer.Written;
        if ((written[start] & 0xC0) == 0xC0)
        {
            return ((written[start] & 0x3F) << 8) | written[start + 1];
        }

        return start <= 0x3FFF ? start : -1;
    }

    private void RememberTarget(RecordType type, int rdataOffset)
    {
        // Where the target name sits in the RDATA: NS (RFC 1035 §3.3.11), MX (§3.3.9), SRV (RFC 2782).
        int entry = type switch
        {
            RecordType.NS => rdataOffset | GlueAllowedFlag,
            RecordType.MX => rdataOffset + 2,
            RecordType.SRV => rdataOffset + 6,
            _ => -1,
        };

        if (entry >= 0 && _targetCount < _targets.Length)
        {
            _targets[_targetCount++] = entry;
        }
    }

    private bool Commit(ResponseSection section, int start, int targetsBefore, int records)
    {
        if (_writer.Overflow)
        {
            _writer.Rewind(start);
            _targetCount = targetsBefore;
            if (section == ResponseSection.Additional)
            {
                _additionalFull = true;
            }
            else
            {
                _truncated = true;
            }

            return false;
        }

        switch (section)
        {
            case ResponseSection.Answer:
                _answerCount += records;
                break;
            case ResponseSection.Authority:
                _authorityCount += records;
                break;
            default:
                _additionalCount += records;
                break;
        }

        return true;
    }
}
