using DnsSuite.Protocol;

namespace DnsSuite.Protocol.Tests;

public class SerialNumberTests
{
    [TestCase(1u, 2u, SerialComparison.Less)]
    [TestCase(2u, 1u, SerialComparison.Greater)]
    [TestCase(7u, 7u, SerialComparison.Equal)]
    [TestCase(0xFFFFFFFFu, 0u, SerialComparison.Less)]
    [TestCase(0u, 0xFFFFFFFFu, SerialComparison.Greater)]
    [TestCase(0xFFFFFFF0u, 5u, SerialComparison.Less)]
    [TestCase(0u, 0x7FFFFFFFu, SerialComparison.Less)]
    [TestCase(0x7FFFFFFFu, 0u, SerialComparison.Greater)]
    [TestCase(0u, 0x80000000u, SerialComparison.Undefined)]
    [TestCase(0x80000000u, 0u, SerialComparison.Undefined)]
    [TestCase(5u, 0x80000005u, SerialComparison.Undefined)]
    [TestCase(0u, 0x80000001u, SerialComparison.Greater)]
    [TestCase(0x80000001u, 0u, SerialComparison.Less)]
    [TestCase(2024010101u, 2024010102u, SerialComparison.Less)]
    public void CompareTo_FollowsRfc1982(uint a, uint b, SerialComparison expected)
    {
        var left = new SerialNumber(a);
        var right = new SerialNumber(b);
        left.CompareTo(right).ShouldBe(expected);
        left.IsOlderThan(right).ShouldBe(expected == SerialComparison.Less);
        left.IsNewerThan(right).ShouldBe(expected == SerialComparison.Greater);
    }

    [TestCase(0u, 1u, 1u)]
    [TestCase(0xFFFFFFFFu, 1u, 0u)]
    [TestCase(0xFFFFFFFFu, 0x7FFFFFFFu, 0x7FFFFFFEu)]
    [TestCase(10u, 0u, 10u)]
    public void Add_WrapsAround(uint start, uint increment, uint expected)
    {
        SerialNumber result = new SerialNumber(start).Add(increment);
        result.Value.ShouldBe(expected);
        if (increment > 0)
        {
            result.IsNewerThan(new SerialNumber(start)).ShouldBeTrue();
        }
    }

    [TestCase(0x80000000u)]
    [TestCase(0xFFFFFFFFu)]
    public void Add_MoreThan2To31Minus1_Throws(uint increment)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new SerialNumber(1).Add(increment));
    }

    [TestCase(100u, 2024010100u, 2024010100u)] // a newer candidate is taken as is
    [TestCase(2024010100u, 100u, 2024010101u)] // an older candidate: one more than now
    [TestCase(2024010100u, 2024010100u, 2024010101u)] // equal: one more
    [TestCase(0xFFFFFFFFu, 3u, 3u)] // newer across the wrap
    [TestCase(3u, 0xFFFFFFFFu, 4u)] // older across the wrap
    [TestCase(0u, 0x80000000u, 1u)] // undefined is not newer
    public void NextAtLeast_NeverGoesBackwards(uint current, uint candidate, uint expected)
    {
        SerialNumber next = new SerialNumber(current).NextAtLeast(new SerialNumber(candidate));
        next.Value.ShouldBe(expected);
        next.IsNewerThan(new SerialNumber(current)).ShouldBeTrue();
    }

    [Test]
    public void ToString_IsTheDecimalValue()
    {
        new SerialNumber(4294967295).ToString().ShouldBe("4294967295");
    }
}
