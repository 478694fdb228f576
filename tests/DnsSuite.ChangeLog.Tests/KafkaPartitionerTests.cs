using System.Text;

namespace DnsSuite.ChangeLog.Tests;

public sealed class KafkaPartitionerTests
{
    // The expected hashes are those of Kafka's Java client (Utils.murmur2), from its own unit test.
    [TestCase("21", -973932308)]
    [TestCase("foobar", -790332482)]
    [TestCase("a-little-bit-long-string", -985981536)]
    [TestCase("a-little-bit-longer-string", -1486304829)]
    [TestCase("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [TestCase("abc", 479470107)]
    public void Murmur2_MatchesKafkasJavaClient(string key, int expected)
    {
        KafkaPartitioner.Murmur2(Encoding.UTF8.GetBytes(key)).ShouldBe(expected);
    }

    [TestCase("21", 3, 0)]
    [TestCase("foobar", 12, 6)]
    [TestCase("a-little-bit-long-string", 3, 2)]
    [TestCase("a-little-bit-long-string", 12, 8)]
    public void Partition_IsPositiveMurmur2ModuloPartitionCount(string key, int partitionCount, int expected)
    {
        KafkaPartitioner.Partition(key, partitionCount).ShouldBe(expected);
    }

    [Test]
    public void ToPositive_ClearsTheSignBit_EvenForMinValue()
    {
        KafkaPartitioner.ToPositive(int.MinValue).ShouldBe(0);
        KafkaPartitioner.ToPositive(-1).ShouldBe(int.MaxValue);
        KafkaPartitioner.ToPositive(42).ShouldBe(42);
    }
}
