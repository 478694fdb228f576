using System.Buffers.Binary;

namespace DnsSuite.TestSupport.Fuzzing;

/// <summary>
/// Deterministic (seeded) mutations of DNS packets, aimed at the places a codec goes wrong: length
/// and count fields, compression pointers, truncation and splicing of two packets.
/// </summary>
public sealed class PacketMutator
{
    private static readonly byte[] InterestingBytes = [0x00, 0xFF, 0xC0, 0x3F, 0x40, 0x80, 0x01];

    private readonly Random _random;
    private readonly IReadOnlyList<byte[]> _corpus;

    public PacketMutator(int seed, IReadOnlyList<byte[]> corpus)
    {
        if (corpus.Count == 0)
        {
            throw new ArgumentException("the corpus needs at least one packet", nameof(corpus));
        }

        _random = new Random(seed);
        _corpus = corpus;
    }

    /// <summary>Picks a corpus packet and applies one to four mutations to a copy of it.</summary>
    public byte[] Next()
    {
        byte[] packet = _corpus[_random.Next(_corpus.Count)];
        int rounds = 1 + _random.Next(4);
        for (int i = 0; i < rounds; i++)
        {
            packet = MutateOnce(packet);
        }

        return packet;
    }

    private byte[] MutateOnce(byte[] input)
    {
        if (input.Length == 0)
        {
            return [(byte)_random.Next(256)];
        }

        byte[] packet = (byte[])input.Clone();
        int at = _random.Next(packet.Length);
        switch (_random.Next(9))
        {
            case 0:
                packet[at] ^= (byte)(1 << _random.Next(8));
                return packet;
            case 1:
                packet[at] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                return packet;
            case 2:
                return packet[.._random.Next(packet.Length)];
            case 3:
                return ChangeCount(packet);
            case 4:
                return Overwrite16(packet, at, InterestingUInt16(packet.Length));
            case 5:
                // A compression pointer (RFC 1035 §4.1.4) to anywhere, often to a plausible name start.
                return Overwrite16(packet, at, (ushort)(0xC000 | (_random.Next(4) == 0 ? _random.Next(0x4000) : _random.Next(packet.Length + 2))));
            case 6:
                return Splice(packet);
            case 7:
                return [.. packet[..at], (byte)_random.Next(256), .. packet[at..]];
            default:
                return [.. packet[..at], .. packet[(at + 1)..]];
        }
    }

    private byte[] ChangeCount(byte[] packet)
    {
        if (packet.Length < 12)
        {
            return packet;
        }

        int field = 4 + (2 * _random.Next(4));
        ushort count = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(field));
        ushort changed = _random.Next(4) switch
        {
            0 => (ushort)(count + 1),
            1 => (ushort)(count - 1),
            2 => 0,
            _ => InterestingUInt16(packet.Length),
        };
        return Overwrite16(packet, field, changed);
    }

    private ushort InterestingUInt16(int packetLength) => _random.Next(6) switch
    {
        0 => 0,
        1 => 1,
        2 => 0xFFFF,
        3 => (ushort)packetLength,
        4 => 0x7FFF,
        _ => (ushort)_random.Next(0x10000),
    };

    private static byte[] Overwrite16(byte[] packet, int at, ushort value)
    {
        if (at + 2 > packet.Length)
        {
            return packet;
        }

        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), value);
        return packet;
    }

    private byte[] Splice(byte[] packet)
    {
        byte[] other = _corpus[_random.Next(_corpus.Count)];
        int head = _random.Next(packet.Length + 1);
        int tail = _random.Next(other.Length + 1);
        return [.. packet[..head], .. other[tail..]];
    }
}
