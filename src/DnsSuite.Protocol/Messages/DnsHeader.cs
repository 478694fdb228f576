using System.Buffers.Binary;

namespace DnsSuite.Protocol.Messages;

/// <summary>The fixed 12-octet message header (RFC 1035 §4.1.1).</summary>
public readonly record struct DnsHeader(ushort Id, ushort Flags, ushort QuestionCount, ushort AnswerCount, ushort AuthorityCount, ushort AdditionalCount)
{
    public const int Size = 12;

    public bool IsResponse => (Flags & (ushort)HeaderFlags.QR) != 0;

    public OpCode OpCode => (OpCode)((Flags >> 11) & 0xF);

    /// <summary>The low four bits of the RCODE; EDNS carries the rest (RFC 6891 §6.1.3).</summary>
    public byte ResponseCodeLow => (byte)(Flags & 0xF);

    public bool Has(HeaderFlags flag) => (Flags & (ushort)flag) != 0;

    public static bool TryRead(ReadOnlySpan<byte> message, out DnsHeader header)
    {
        if (message.Length < Size)
        {
            header = default;
            return false;
        }

        header = new DnsHeader(
            BinaryPrimitives.ReadUInt16BigEndian(message),
            BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[10..]));
        return true;
    }

    public static ushort ComposeFlags(HeaderFlags flags, OpCode opCode, ResponseCode responseCode) =>
        (ushort)((ushort)flags | (((int)opCode & 0xF) << 11) | ((int)responseCode & 0xF));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], QuestionCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], AnswerCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], AuthorityCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], AdditionalCount);
    }
}
