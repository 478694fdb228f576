using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Tests.Wire;

public class AllocationTests
{
    private static readonly byte[] Query = Message.CreateQuery(DomainName.Parse("www.Example."), RecordType.AAAA, 77, new Edns(1232, 0, true)).ToArray();

    /// <summary>What the query fast path does: header, question name into a stack buffer, type, class, hash.</summary>
    private static int ReadQuestion(ReadOnlySpan<byte> packet)
    {
        Span<byte> name = stackalloc byte[DomainName.MaxWireLength];
        if (!DnsHeader.TryRead(packet, out DnsHeader header))
        {
            return 0;
        }

        var reader = new DnsReader(packet);
        if (!reader.TryReadBytes(DnsHeader.Size, out _)
            || !reader.TryReadName(name, out int length, out int labels)
            || !reader.TryReadUInt16(out ushort type)
            || !reader.TryReadUInt16(out ushort @class))
        {
            return 0;
        }

        return header.Id + labels + type + @class + DomainName.ComputeHash(name[..length]);
    }

    [Test]
    public void ReadingAQueryHeaderAndQuestionIntoAStackBuffer_AllocatesNothing()
    {
        int expected = ReadQuestion(Query);
        expected.ShouldNotBe(0);
        for (int i = 0; i < 1000; i++)
        {
            ReadQuestion(Query);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 100_000; i++)
        {
            sum |= ReadQuestion(Query) ^ expected;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        sum.ShouldBe(0);
        allocated.ShouldBe(0);
    }
}
