using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace DnsSuite.Zones.Collections;

/// <summary>
/// An immutable hash map of entries that carry their own keys, whose updates return new maps sharing all
/// unchanged structure with the old one, so readers can use any version without locking while a writer
/// builds the next. It is a hash array mapped trie: 32-way nodes indexed by 5-bit fragments of the key's
/// hash, with entries stored inline in node arrays (one reference each: the key is not stored beside the
/// entry) and full-hash collisions kept in collision nodes.
/// </summary>
/// <remarks>
/// A lookup walks at most seven bitmap nodes and does not allocate; <see cref="SetItem"/> and
/// <see cref="Remove"/> copy only the nodes on the path to the key. Apply batches through a
/// <see cref="Builder"/>, which copies each shared node once and then edits it in place.
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TEntry">The entry type, which gives its key.</typeparam>
public sealed partial class PersistentKeyedMap<TKey, TEntry> : IReadOnlyCollection<TEntry>
    where TKey : notnull
    where TEntry : IKeyed<TKey>
{
    private readonly HashTrieNode<TKey, TEntry> _root;

    private PersistentKeyedMap(HashTrieNode<TKey, TEntry> root, int count, IEqualityComparer<TKey> comparer)
    {
        _root = root;
        Count = count;
        Comparer = comparer;
    }

    /// <summary>The comparer that defines key equality and hashing for this map and its descendants.</summary>
    public IEqualityComparer<TKey> Comparer { get; }

    /// <summary>The number of entries.</summary>
    public int Count { get; }

    /// <summary>Whether the map has no entries.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>An empty map using <paramref name="comparer"/>.</summary>
    public static PersistentKeyedMap<TKey, TEntry> Empty(IEqualityComparer<TKey> comparer)
    {
        ArgumentNullException.ThrowIfNull(comparer);
        return new(BitmapIndexedNode<TKey, TEntry>.Empty, 0, comparer);
    }

    /// <summary>Looks up <paramref name="key"/>.</summary>
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TEntry value)
    {
        var probe = new KeyProbe(key, Comparer);
        return HashTrieNode<TKey, TEntry>.TryFind(_root, ref probe, out value);
    }

    /// <summary>
    /// Looks up the key described by <paramref name="probe"/> without materializing it, e.g. a
    /// <c>ref struct</c> over a name in a packet buffer. The probe's <see cref="IHashProbe{TKey}.Hash"/>
    /// must equal <see cref="Comparer"/>'s hash of the keys it matches.
    /// </summary>
    public bool TryGetValue<TProbe>(TProbe probe, [MaybeNullWhen(false)] out TEntry value)
        where TProbe : IHashProbe<TKey>, allows ref struct =>
        HashTrieNode<TKey, TEntry>.TryFind(_root, ref probe, out value);

    /// <summary>A map with <paramref name="entry"/> added or replacing the entry of its key.</summary>
    public PersistentKeyedMap<TKey, TEntry> SetItem(TEntry entry)
    {
        bool added = false;
        var root = _root.Set(entry, Comparer.GetHashCode(entry.Key), 0, Comparer, owner: null, ref added);
        return new(root, added ? Count + 1 : Count, Comparer);
    }

    /// <summary>A map without <paramref name="key"/>; this map when the key is absent.</summary>
    public PersistentKeyedMap<TKey, TEntry> Remove(TKey key)
    {
        bool removed = false;
        var root = _root.Remove(key, Comparer.GetHashCode(key), 0, Comparer, owner: null, ref removed);
        return removed ? new(root, Count - 1, Comparer) : this;
    }

    /// <summary>A builder that starts from this map's contents; this map is never changed by it.</summary>
    public Builder ToBuilder() => new(this);

    /// <summary>Enumerates the entries in no particular order.</summary>
    public Enumerator GetEnumerator() => new(_root);

    IEnumerator<TEntry> IEnumerable<TEntry>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private readonly struct KeyProbe(TKey key, IEqualityComparer<TKey> comparer) : IHashProbe<TKey>
    {
        public int Hash { get; } = comparer.GetHashCode(key);

        public bool Matches(TKey candidate) => comparer.Equals(candidate, key);
    }
}
