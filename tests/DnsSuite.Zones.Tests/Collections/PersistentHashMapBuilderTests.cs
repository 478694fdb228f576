using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones.Tests.Collections;

public sealed class PersistentHashMapBuilderTests
{
    private static PersistentHashMap<int, int> MapOf(IEqualityComparer<int> comparer, IEnumerable<int> keys)
    {
        var builder = PersistentHashMap<int, int>.Empty(comparer).ToBuilder();
        foreach (int key in keys)
        {
            builder.SetItem(key, key);
        }

        return builder.ToImmutable();
    }

    private static List<KeyValuePair<int, int>> Contents(PersistentHashMap<int, int> map) =>
        [.. map.OrderBy(entry => entry.Key)];

    [Test]
    public void ToImmutable_WithoutWrites_ReturnsTheSourceMap()
    {
        var map = MapOf(EqualityComparer<int>.Default, Enumerable.Range(0, 10));

        var builder = map.ToBuilder();
        builder.Remove(100).ShouldBeFalse();

        builder.ToImmutable().ShouldBeSameAs(map);
    }

    [Test]
    public void ToImmutable_CalledTwiceWithoutWrites_ReturnsTheSameMap()
    {
        var builder = PersistentHashMap<int, int>.Empty(EqualityComparer<int>.Default).ToBuilder();
        builder.SetItem(1, 1);

        builder.ToImmutable().ShouldBeSameAs(builder.ToImmutable());
    }

    [TestCaseSource(nameof(Comparers))]
    public void Writes_DoNotChangeTheSourceMap(IEqualityComparer<int> comparer)
    {
        var source = MapOf(comparer, Enumerable.Range(0, 3000));
        var expected = Contents(source);

        var builder = source.ToBuilder();
        for (int key = 0; key < 3000; key += 3)
        {
            builder.SetItem(key, -key);
            builder.Remove(key + 1).ShouldBeTrue();
            builder.SetItem(key + 5000, key);
        }

        Contents(source).ShouldBe(expected);
        source.Count.ShouldBe(3000);
        builder.Count.ShouldBe(3000);
    }

    [TestCaseSource(nameof(Comparers))]
    public void Writes_AfterToImmutable_DoNotChangeTheFrozenMap(IEqualityComparer<int> comparer)
    {
        var builder = PersistentHashMap<int, int>.Empty(comparer).ToBuilder();
        for (int key = 0; key < 3000; key++)
        {
            builder.SetItem(key, key);
        }

        var frozen = builder.ToImmutable();
        var expected = Contents(frozen);
        for (int key = 0; key < 3000; key += 2)
        {
            builder.SetItem(key, -1);
            builder.Remove(key + 1);
        }

        builder.SetItem(9999, 9999);

        Contents(frozen).ShouldBe(expected);
        frozen.Count.ShouldBe(3000);
        var next = builder.ToImmutable();
        next.ShouldNotBeSameAs(frozen);
        next.Count.ShouldBe(1501);
        next.TryGetValue(0, out int value).ShouldBeTrue();
        value.ShouldBe(-1);
    }

    [Test]
    public void Overwrites_AfterInsertsIntoSharedNodes_DoNotChangeTheSourceMap()
    {
        var source = MapOf(HashOverridingComparer.Scrambled, Enumerable.Range(0, 1000));
        var expected = Contents(source);

        var builder = source.ToBuilder();
        for (int key = 1000; key < 2000; key++)
        {
            builder.SetItem(key, key);
        }

        for (int key = 0; key < 1000; key++)
        {
            builder.SetItem(key, -key);
        }

        Contents(source).ShouldBe(expected);
    }

    [Test]
    public void TryGetValue_SeesPendingWrites()
    {
        var builder = MapOf(EqualityComparer<int>.Default, [1, 2]).ToBuilder();

        builder.SetItem(3, 30);
        builder.SetItem(1, 10);
        builder.Remove(2);

        builder.TryGetValue(3, out int three).ShouldBeTrue();
        three.ShouldBe(30);
        builder.TryGetValue(1, out int one).ShouldBeTrue();
        one.ShouldBe(10);
        builder.TryGetValue(2, out _).ShouldBeFalse();
    }

    [Test]
    public void Count_TracksAddsButNotReplacementsOrMissingRemovals()
    {
        var builder = PersistentHashMap<int, int>.Empty(HashOverridingComparer.Constant).ToBuilder();

        builder.SetItem(1, 1);
        builder.SetItem(2, 2);
        builder.SetItem(1, 10);
        builder.Remove(3).ShouldBeFalse();

        builder.Count.ShouldBe(2);
        builder.Remove(1).ShouldBeTrue();
        builder.Remove(2).ShouldBeTrue();
        builder.Count.ShouldBe(0);
        builder.ToImmutable().ShouldBeEmpty();
    }

    private static IEnumerable<IEqualityComparer<int>> Comparers() =>
    [
        EqualityComparer<int>.Default,
        HashOverridingComparer.Scrambled,
        HashOverridingComparer.HighBitsOnly,
        HashOverridingComparer.FourWayCollisions,
        HashOverridingComparer.TwoValues,
    ];
}
