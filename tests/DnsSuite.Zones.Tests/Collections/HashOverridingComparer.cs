namespace DnsSuite.Zones.Tests.Collections;

/// <summary>Integer equality with a chosen hash function, to force collisions and deep tries.</summary>
internal sealed class HashOverridingComparer(string name, Func<int, int> hash) : IEqualityComparer<int>
{
    public static HashOverridingComparer Constant { get; } = new(nameof(Constant), _ => 42);

    public static HashOverridingComparer TwoValues { get; } = new(nameof(TwoValues), key => key % 2 == 0 ? 0 : 1);

    /// <summary>Hashes that differ only in the top bits, so keys share long trie paths.</summary>
    public static HashOverridingComparer HighBitsOnly { get; } = new(nameof(HighBitsOnly), key => key << 22);

    /// <summary>Well-spread hashes, unlike the identity hash of <see cref="int"/>.</summary>
    public static HashOverridingComparer Scrambled { get; } = new(nameof(Scrambled), Mix);

    /// <summary>Every four consecutive keys share one full hash.</summary>
    public static HashOverridingComparer FourWayCollisions { get; } = new(nameof(FourWayCollisions), key => Mix(key / 4));

    public bool Equals(int x, int y) => x == y;

    public int GetHashCode(int obj) => hash(obj);

    public override string ToString() => name;

    /// <summary>The MurmurHash3 finalizer: every input bit affects every output bit.</summary>
    private static int Mix(int key)
    {
        uint h = (uint)key;
        h = (h ^ (h >> 16)) * 0x85EBCA6B;
        h = (h ^ (h >> 13)) * 0xC2B2AE35;
        return (int)(h ^ (h >> 16));
    }
}
