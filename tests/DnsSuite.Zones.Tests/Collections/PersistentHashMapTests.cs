using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones.Tests.Collections;

public sealed class PersistentHashMapTests
{
    private static readonly PersistentHashMap<int, string> EmptyInts = PersistentHashMap<int, string>.Empty(EqualityComparer<int>.Default);

    private static PersistentHashMap<int, string> MapOf(IEqualityComparer<int> comparer, IEnumerable<int> keys)
    {
        var map = PersistentHashMap<int, string>.Empty(comparer);
        foreach (int key in keys)
        {
            map = map.SetItem(key, $"v{key}");
        }

        return map;
    }

    private static void ShouldContainExactly(PersistentHashMap<int, string> map, IEnumerable<int> keys)
    {
        var expected = keys.Order().ToList();
        map.Count.ShouldBe(expected.Count);
        map.Select(entry => entry.Key).Order().ShouldBe(expected);
        foreach (int key in expected)
        {
            map.TryGetValue(key, out string? value).ShouldBeTrue();
            value.ShouldBe($"v{key}");
        }
    }

    [Test]
    public void Empty_HasNoEntries()
    {
        EmptyInts.Count.ShouldBe(0);
        EmptyInts.IsEmpty.ShouldBeTrue();
        EmptyInts.ShouldBeEmpty();
        EmptyInts.TryGetValue(1, out _).ShouldBeFalse();
    }

    [Test]
    public void Empty_WithNullComparer_Throws() =>
        Should.Throw<ArgumentNullException>(() => PersistentHashMap<int, string>.Empty(null!));

    [Test]
    public void SetItem_OfNewKey_AddsEntryAndLeavesOriginalEmpty()
    {
        var map = EmptyInts.SetItem(7, "seven");

        map.Count.ShouldBe(1);
        map.TryGetValue(7, out string? value).ShouldBeTrue();
        value.ShouldBe("seven");
        EmptyInts.Count.ShouldBe(0);
        EmptyInts.TryGetValue(7, out _).ShouldBeFalse();
    }

    [Test]
    public void SetItem_OfExistingKey_ReplacesValueWithoutChangingCount()
    {
        var first = EmptyInts.SetItem(7, "seven").SetItem(8, "eight");

        var second = first.SetItem(7, "SEVEN");

        second.Count.ShouldBe(2);
        second.TryGetValue(7, out string? value).ShouldBeTrue();
        value.ShouldBe("SEVEN");
        first.TryGetValue(7, out string? old).ShouldBeTrue();
        old.ShouldBe("seven");
    }

    [Test]
    public void SetItem_OfKeyEqualToStoredKey_KeepsStoredKey()
    {
        var map = PersistentHashMap<string, int>.Empty(StringComparer.OrdinalIgnoreCase).SetItem("WWW.Example.", 1);

        map = map.SetItem("www.example.", 2);

        map.ShouldHaveSingleItem().ShouldBe(new KeyValuePair<string, int>("WWW.Example.", 2));
    }

    [Test]
    public void Remove_OfAbsentKey_ReturnsSameMap()
    {
        var map = MapOf(EqualityComparer<int>.Default, Enumerable.Range(0, 100));

        map.Remove(1000).ShouldBeSameAs(map);
    }

    [Test]
    public void Remove_OfLastKey_LeavesEmptyMap()
    {
        var map = EmptyInts.SetItem(1, "one").Remove(1);

        map.Count.ShouldBe(0);
        map.ShouldBeEmpty();
        map.TryGetValue(1, out _).ShouldBeFalse();
    }

    [TestCaseSource(nameof(Comparers))]
    public void SetItem_OfManyKeys_FindsAndEnumeratesEachOnce(IEqualityComparer<int> comparer)
    {
        var keys = Enumerable.Range(0, 5000).ToList();

        var map = MapOf(comparer, keys);

        ShouldContainExactly(map, keys);
        map.TryGetValue(5000, out _).ShouldBeFalse();
    }

    [TestCaseSource(nameof(Comparers))]
    public void Remove_OfEveryKeyInRandomOrder_KeepsTheRestFindableDownToEmpty(IEqualityComparer<int> comparer)
    {
        var remaining = Enumerable.Range(0, 600).ToList();
        var map = MapOf(comparer, remaining);
        var random = new Random(7);

        while (remaining.Count > 0)
        {
            int key = remaining[random.Next(remaining.Count)];
            remaining.Remove(key);
            map = map.Remove(key);
            map.TryGetValue(key, out _).ShouldBeFalse();
            if (remaining.Count % 50 == 0)
            {
                ShouldContainExactly(map, remaining);
            }
        }

        map.Count.ShouldBe(0);
        map.ShouldBeEmpty();
    }

    [Test]
    public void SetItem_WithFullHashCollisions_KeepsKeysDistinct()
    {
        var map = MapOf(HashOverridingComparer.Constant, [1, 2, 3]);

        map = map.SetItem(2, "two");

        map.Count.ShouldBe(3);
        map.TryGetValue(2, out string? value).ShouldBeTrue();
        value.ShouldBe("two");
        map.TryGetValue(4, out _).ShouldBeFalse();
    }

    [Test]
    public void Remove_FromCollidingKeys_KeepsTheOtherCollidingKeys()
    {
        var map = MapOf(HashOverridingComparer.TwoValues, Enumerable.Range(0, 10));

        map = map.Remove(4).Remove(5).Remove(11);

        ShouldContainExactly(map, [0, 1, 2, 3, 6, 7, 8, 9]);
    }

    [Test]
    public void SetItem_OfKeyWithNewHash_ReachingCollidingKeys_SplitsThemApart()
    {
        // 0 and 4096 collide in full; 32 and 1024 share their first one and two 5-bit fragments.
        var comparer = new HashOverridingComparer("Mod4096", key => key % 4096);
        var map = MapOf(comparer, [0, 4096]);

        map = map.SetItem(1024, "v1024").SetItem(32, "v32");

        ShouldContainExactly(map, [0, 32, 1024, 4096]);
        ShouldContainExactly(map.Remove(0), [32, 1024, 4096]);
        ShouldContainExactly(map.Remove(0).Remove(32).Remove(1024), [4096]);
    }

    [Test]
    public void SetItem_DoesNotChangeEarlierVersions()
    {
        var versions = new List<PersistentHashMap<int, string>> { EmptyInts };
        for (int key = 0; key < 2000; key++)
        {
            versions.Add(versions[^1].SetItem(key, $"v{key}"));
        }

        versions.Add(versions[^1].SetItem(10, "changed"));

        for (int count = 0; count <= 2000; count += 250)
        {
            ShouldContainExactly(versions[count], Enumerable.Range(0, count));
        }

        versions[^1].TryGetValue(10, out string? value).ShouldBeTrue();
        value.ShouldBe("changed");
    }

    [Test]
    public void Remove_DoesNotChangeEarlierVersions()
    {
        var full = MapOf(HashOverridingComparer.FourWayCollisions, Enumerable.Range(0, 1000));

        var half = Enumerable.Range(0, 500).Aggregate(full, (map, key) => map.Remove(key));

        ShouldContainExactly(full, Enumerable.Range(0, 1000));
        ShouldContainExactly(half, Enumerable.Range(500, 500));
    }

    [Test]
    public void TryGetValue_WithRefStructProbe_FindsKeyFromWireBytes()
    {
        var map = PersistentHashMap<string, int>.Empty(AsciiCaseInsensitiveComparer.Instance)
            .SetItem("www.example.", 1)
            .SetItem("mail.example.", 2);

        map.TryGetValue(new AsciiNameProbe("MAIL.example."u8), out int value).ShouldBeTrue();
        value.ShouldBe(2);
        map.TryGetValue(new AsciiNameProbe("ftp.example."u8), out _).ShouldBeFalse();
    }

    [Test]
    public void TryGetValue_OnLargeMap_DoesNotAllocate()
    {
        var map = MapOf(EqualityComparer<int>.Default, Enumerable.Range(0, 100_000));
        var names = PersistentHashMap<string, int>.Empty(AsciiCaseInsensitiveComparer.Instance).SetItem("www.example.", 1);
        int found = Lookups();

        long before = GC.GetAllocatedBytesForCurrentThread();
        found += Lookups();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBe(0);
        found.ShouldBe(2 * 101_000);

        int Lookups()
        {
            int hits = 0;
            for (int key = 0; key < 100_000; key++)
            {
                hits += map.TryGetValue(key, out _) ? 1 : 0;
                hits += map.TryGetValue(-key - 1, out _) ? 1 : 0;
            }

            for (int i = 0; i < 1000; i++)
            {
                hits += names.TryGetValue(new AsciiNameProbe("WWW.example."u8), out _) ? 1 : 0;
            }

            return hits;
        }
    }

    private static IEnumerable<IEqualityComparer<int>> Comparers() =>
    [
        EqualityComparer<int>.Default,
        HashOverridingComparer.Scrambled,
        HashOverridingComparer.HighBitsOnly,
        HashOverridingComparer.FourWayCollisions,
        HashOverridingComparer.TwoValues,
    ];

    /// <summary>FNV-1a over ASCII-lowercased characters, as a zone's name comparer might hash.</summary>
    private sealed class AsciiCaseInsensitiveComparer : IEqualityComparer<string>
    {
        public static AsciiCaseInsensitiveComparer Instance { get; } = new();

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode(string obj)
        {
            uint hash = 2166136261;
            foreach (char c in obj)
            {
                hash = (hash ^ char.ToLowerInvariant(c)) * 16777619;
            }

            return (int)hash;
        }
    }

    /// <summary>Looks up a string key by the ASCII bytes of a name, e.g. straight from a packet.</summary>
    private readonly ref struct AsciiNameProbe : IHashProbe<string>
    {
        private readonly ReadOnlySpan<byte> _name;

        public AsciiNameProbe(ReadOnlySpan<byte> name)
        {
            _name = name;
            uint hash = 2166136261;
            foreach (byte b in name)
            {
                hash = (hash ^ (byte)char.ToLowerInvariant((char)b)) * 16777619;
            }

            Hash = (int)hash;
        }

        public int Hash { get; }

        public bool Matches(string key)
        {
            if (key.Length != _name.Length)
            {
                return false;
            }

            for (int i = 0; i < key.Length; i++)
            {
                if (char.ToLowerInvariant(key[i]) != char.ToLowerInvariant((char)_name[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
