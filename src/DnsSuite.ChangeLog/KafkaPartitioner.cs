using System.Buffers.Binary;
using System.Text;

namespace DnsSuite.ChangeLog;

/// <summary>
/// Kafka's default key partitioner: murmur2 of the key's bytes (the Java client's <c>Utils.murmur2</c>),
/// made non-negative by clearing the sign bit (<c>Utils.toPositive</c>), modulo the partition count. Using
/// the same function everywhere keeps the key-to-partition mapping equal to that of a real Kafka cluster.
/// </summary>
public static class KafkaPartitioner
{
    private const uint Seed = 0x9747b28c;
    private const uint M = 0x5bd1e995;
    private const int R = 24;

    /// <summary>The partition of a string key: its UTF-8 bytes hashed as the Java producer does.</summary>
    public static int Partition(string key, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return ToPositive(Murmur2(Encoding.UTF8.GetBytes(key))) % partitionCount;
    }

    /// <summary>Kafka's 32-bit murmur2 (seed 0x9747b28c), bit for bit.</summary>
    public static int Murmur2(ReadOnlySpan<byte> data)
    {
        var length = data.Length;
        var h = Seed ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= M;
            k ^= k >> R;
            k *= M;
            h *= M;
            h ^= k;
        }

        // Java falls through the switch cases 3 -> 2 -> 1; the conditions below do the same.
        var tail = length & ~3;
        var rest = length & 3;
        if (rest == 3)
        {
            h ^= (uint)data[tail + 2] << 16;
        }

        if (rest >= 2)
        {
            h ^= (uint)data[tail + 1] << 8;
        }

        if (rest >= 1)
        {
            h ^= data[tail];
            h *= M;
        }

        h ^= h >> 13;
        h *= M;
        h ^= h >> 15;
        return unchecked((int)h);
    }

    /// <summary>Kafka's <c>toPositive</c>: clears the sign bit (not <c>Math.Abs</c>, which fails for int.MinValue).</summary>
    public static int ToPositive(int number) => number & 0x7fffffff;
}
