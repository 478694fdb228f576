using System.Buffers;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Server.Transfer;

/// <summary>
/// Packs a transfer's records into as few messages as possible (RFC 5936 §2.2): each message takes records until
/// the next does not fit, with its own name compression. The question goes into the first message only, written
/// before compression starts so that no record points into it: the sender may then overwrite it with the
/// requester's spelling. Messages carry ID 0; the sender writes the request's ID.
/// </summary>
internal static class TransferMessageEncoder
{
    public const int QuestionOffset = DnsHeader.Size;

    /// <summary>What every transfer message leaves free for the TSIG record appended on send (RFC 8945 §4.2, names up to 255 octets).</summary>
    public const int TsigReserve = 1024;

    public const int MaxMessageSize = ushort.MaxValue - TsigReserve;

    public static List<byte[]> Encode(Question question, IEnumerable<ResourceRecord> records, int maxMessageSize = MaxMessageSize)
    {
        var messages = new List<byte[]>();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(maxMessageSize);
        try
        {
            Span<byte> span = buffer.AsSpan(0, maxMessageSize);
            var compression = new CompressionTable();
            DnsWriter writer = Begin(span, compression, question);
            int count = 0;
            foreach (ResourceRecord record in records)
            {
                int mark = writer.Position;
                record.WriteTo(ref writer);
                if (!writer.Overflow)
                {
                    count++;
                    continue;
                }

                writer.Rewind(mark);
                if (count == 0)
                {
                    throw new InvalidOperationException($"{record.Name} {record.Type} does not fit in a message of {maxMessageSize} octets");
                }

                messages.Add(Finish(span, writer.Position, messages.Count == 0, count));
                writer = Begin(span, compression, question: null);
                record.WriteTo(ref writer);
                if (writer.Overflow)
                {
                    throw new InvalidOperationException($"{record.Name} {record.Type} does not fit in a message of {maxMessageSize} octets");
                }

                count = 1;
            }

            messages.Add(Finish(span, writer.Position, messages.Count == 0, count));
            return messages;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DnsWriter Begin(Span<byte> buffer, CompressionTable compression, Question? question)
    {
        compression.Reset();
        var writer = new DnsWriter(buffer, compression);
        writer.WriteBytes(stackalloc byte[DnsHeader.Size]);
        if (question is not null)
        {
            question.WriteTo(ref writer);
            compression.Reset();
        }

        return writer;
    }

    private static byte[] Finish(Span<byte> buffer, int length, bool withQuestion, int answers)
    {
        // RFC 5936 §2.2.1: the question section of later messages may be empty.
        new DnsHeader(0, DnsHeader.ComposeFlags(HeaderFlags.QR | HeaderFlags.AA, OpCode.Query, ResponseCode.NoError), (ushort)(withQuestion ? 1 : 0), (ushort)answers, 0, 0)
            .WriteTo(buffer);
        return buffer[..length].ToArray();
    }
}
