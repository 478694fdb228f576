using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones.Tests.Collections;

/// <summary>Random persistent and batched updates checked against <see cref="Dictionary{TKey, TValue}"/>.</summary>
public sealed class PersistentHashMapDifferentialTests
{
    private const int Operations = 200_000;
    private const int KeyRange = 3000;

    [TestCaseSource(nameof(Comparers))]
    public void RandomUpdates_MatchDictionary_AndEveryFrozenVersionStaysAsFrozen(IEqualityComparer<int> comparer)
    {
        var random = new Random(20240601);
        var model = new Dictionary<int, int>();
        var map = PersistentHashMap<int, int>.Empty(comparer);
        PersistentHashMap<int, int>.Builder? builder = null;
        var versions = new List<(PersistentHashMap<int, int> Map, Dictionary<int, int> Snapshot)>();

        for (int operation = 0; operation < Operations; operation++)
        {
            int key = random.Next(KeyRange);
            if (random.Next(100) < 55)
            {
                int value = random.Next();
                model[key] = value;
                if (builder is null)
                {
                    map = map.SetItem(key, value);
                }
                else
                {
                    builder.SetItem(key, value);
                }
            }
            else
            {
                bool expected = model.Remove(key);
                bool removed = builder?.Remove(key) ?? Remove(ref map, key);
                if (removed != expected)
                {
                    Assert.Fail($"Operation {operation}: Remove({key}) returned {removed}, expected {expected}.");
                }
            }

            int probe = random.Next(KeyRange);
            bool found = builder?.TryGetValue(probe, out int actual) ?? map.TryGetValue(probe, out actual);
            int count = builder?.Count ?? map.Count;
            if (found != model.TryGetValue(probe, out int expectedValue) || actual != expectedValue || count != model.Count)
            {
                Assert.Fail($"Operation {operation}: lookup of {probe} or count {count} disagrees with the model.");
            }

            if (random.Next(200) == 0)
            {
                if (builder is not null)
                {
                    map = builder.ToImmutable();
                }

                // Sometimes keep writing through the same builder after freezing it.
                builder = random.Next(3) switch
                {
                    0 => null,
                    1 => map.ToBuilder(),
                    _ => builder,
                };
                versions.Add((map, new Dictionary<int, int>(model)));
            }
        }

        versions.Count.ShouldBeGreaterThan(500);
        versions.FindIndex(version => !Matches(version.Map, version.Snapshot)).ShouldBe(-1, "first changed version");
    }

    private static bool Remove(ref PersistentHashMap<int, int> map, int key)
    {
        var smaller = map.Remove(key);
        bool removed = smaller.Count == map.Count - 1;
        map = smaller;
        return removed;
    }

    private static bool Matches(PersistentHashMap<int, int> map, Dictionary<int, int> snapshot)
    {
        int enumerated = 0;
        foreach (var (key, value) in map)
        {
            enumerated++;
            if (!snapshot.TryGetValue(key, out int expected) || value != expected)
            {
                return false;
            }
        }

        return enumerated == snapshot.Count
            && map.Count == snapshot.Count
            && snapshot.All(entry => map.TryGetValue(entry.Key, out int value) && value == entry.Value);
    }

    private static IEnumerable<IEqualityComparer<int>> Comparers() =>
    [
        EqualityComparer<int>.Default,
        HashOverridingComparer.Scrambled,
        HashOverridingComparer.HighBitsOnly,
        HashOverridingComparer.FourWayCollisions,
    ];
}
