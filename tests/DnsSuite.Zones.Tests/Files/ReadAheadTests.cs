using DnsSuite.Zones.Files;

namespace DnsSuite.Zones.Tests.Files;

public class ReadAheadTests
{
    [Test]
    public void Items_ComeInOrder_AcrossChunks()
    {
        Enumerable.Range(0, 5000).OnThreadOfItsOwn("test").SequenceEqual(Enumerable.Range(0, 5000)).ShouldBeTrue();
    }

    [Test]
    public void AnExceptionOfTheSource_ComesAfterEveryItemBeforeIt()
    {
        var seen = new List<int>();
        Should.Throw<FormatException>(() =>
        {
            foreach (int item in FailingAfter(2500).OnThreadOfItsOwn("test"))
            {
                seen.Add(item);
            }
        }).Message.ShouldBe("item 2500");
        seen.Count.ShouldBe(2500, "the items of the chunk the exception interrupted come too");
        seen.SequenceEqual(Enumerable.Range(0, 2500)).ShouldBeTrue();
    }

    [Test]
    public void AConsumerThatStopsEarly_StopsTheThreadAndDisposesTheSource()
    {
        var source = new Endless();
        source.OnThreadOfItsOwn("test").Take(10).ShouldBe(Enumerable.Range(0, 10));
        source.Disposed.ShouldBeTrue("the thread is waited for, and it ended the source's enumeration");
    }

    private static IEnumerable<int> FailingAfter(int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return i;
        }

        throw new FormatException($"item {count}");
    }

    private sealed class Endless : IEnumerable<int>
    {
        public bool Disposed { get; private set; }

        public IEnumerator<int> GetEnumerator()
        {
            try
            {
                for (int i = 0; ; i++)
                {
                    yield return i;
                }
            }
            finally
            {
                Disposed = true;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
