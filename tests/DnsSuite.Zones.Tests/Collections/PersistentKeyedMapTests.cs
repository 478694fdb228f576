using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones.Tests.Collections;

public class PersistentKeyedMapTests
{
    private sealed record Entry(int Key, string Value) : IKeyed<int>;

    private static readonly PersistentKeyedMap<int, Entry> Empty = PersistentKeyedMap<int, Entry>.Empty(HashOverridingComparer.FourWayCollisions);

    [Test]
    public void SetItem_OfAnEntryWithAStoredKey_ReplacesTheWholeEntry()
    {
        var first = new Entry(7, "first");
        var second = new Entry(7, "second");

        PersistentKeyedMap<int, Entry> map = Empty.SetItem(first).SetItem(second);

        map.Count.ShouldBe(1);
        map.TryGetValue(7, out Entry? found).ShouldBeTrue();
        found.ShouldBeSameAs(second);
    }

    [Test]
    public void Builder_ManyEntriesWithCollidingHashes_EnumeratesEachEntryOnceAndFindsIt()
    {
        PersistentKeyedMap<int, Entry>.Builder builder = Empty.ToBuilder();
        for (int key = 0; key < 1000; key++)
        {
            builder.SetItem(new Entry(key, $"v{key}"));
        }

        builder.Remove(500).ShouldBeTrue();
        PersistentKeyedMap<int, Entry> map = builder.ToImmutable();

        map.Select(entry => entry.Key).Order().ShouldBe(Enumerable.Range(0, 1000).Where(key => key != 500));
        map.TryGetValue(999, out Entry? last).ShouldBeTrue();
        last.Value.ShouldBe("v999");
        map.TryGetValue(500, out _).ShouldBeFalse();
    }
}
