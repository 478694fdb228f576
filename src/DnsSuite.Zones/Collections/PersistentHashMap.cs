using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace DnsSuite.Zones.Collections;

/// <summary>
/// An immutable hash map of keys to values that do not carry their key, on a <see cref="PersistentKeyedMap{TKey, TEntry}"/>
/// of key-value pairs (one small object per entry); updates share unchanged structure as the keyed map's do.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class PersistentHashMap<TKey, TValue> : IReadOnlyCollection<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    private readonly PersistentKeyedMap<TKey, Pair> _pairs;

    private PersistentHashMap(PersistentKeyedMap<TKey, Pair> pairs) => _pairs = pairs;

    /// <summary>The comparer that defines key equality and hashing for this map and its descendants.</summary>
    public IEqualityComparer<TKey> Comparer => _pairs.Comparer;

    /// <summary>The number of entries.</summary>
    public int Count => _pairs.Count;

    /// <summary>Whether the map has no entries.</summary>
    public bool IsEmpty => _pairs.IsEmpty;

    /// <summary>An empty map using <paramref name="comparer"/>.</summary>
    public static PersistentHashMap<TKey, TValue> Empty(IEqualityComparer<TKey> comparer) => new(PersistentKeyedMap<TKey, Pair>.Empty(comparer));

    /// <summary>Looks up <paramref name="key"/>.</summary>
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => ValueOf(_pairs.TryGetValue(key, out Pair? pair), pair, out value);

    /// <summary>Looks up the key described by <paramref name="probe"/> (see <see cref="PersistentKeyedMap{TKey, TEntry}.TryGetValue{TProbe}"/>).</summary>
    public bool TryGetValue<TProbe>(TProbe probe, [MaybeNullWhen(false)] out TValue value)
        where TProbe : IHashProbe<TKey>, allows ref struct =>
        ValueOf(_pairs.TryGetValue(probe, out Pair? pair), pair, out value);

    /// <summary>A map with <paramref name="key"/> set to <paramref name="value"/>, added or replaced.</summary>
    public PersistentHashMap<TKey, TValue> SetItem(TKey key, TValue value) => new(_pairs.SetItem(PairOf(_pairs.TryGetValue(key, out Pair? stored), stored, key, value)));

    /// <summary>A map without <paramref name="key"/>; this map when the key is absent.</summary>
    public PersistentHashMap<TKey, TValue> Remove(TKey key)
    {
        PersistentKeyedMap<TKey, Pair> next = _pairs.Remove(key);
        return ReferenceEquals(next, _pairs) ? this : new(next);
    }

    /// <summary>A builder that starts from this map's contents; this map is never changed by it.</summary>
    public Builder ToBuilder() => new(this);

    /// <summary>Enumerates the entries in no particular order.</summary>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        foreach (Pair pair in _pairs)
        {
            yield return new(pair.Key, pair.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A replaced entry keeps its stored key, as a dictionary does.</summary>
    private static Pair PairOf(bool found, Pair? stored, TKey key, TValue value) => new(found ? stored!.Key : key, value);

    private static bool ValueOf(bool found, Pair? pair, [MaybeNullWhen(false)] out TValue value)
    {
        value = found ? pair!.Value : default;
        return found;
    }

    internal sealed class Pair(TKey key, TValue value) : IKeyed<TKey>
    {
        public TKey Key { get; } = key;

        public TValue Value { get; } = value;
    }

    /// <summary>
    /// A mutable view for applying a batch of changes, then freezing them with <see cref="ToImmutable"/> (see
    /// <see cref="PersistentKeyedMap{TKey, TEntry}.Builder"/>). Not thread-safe; maps it returns are safe to share.
    /// </summary>
    public sealed class Builder
    {
        private readonly PersistentKeyedMap<TKey, Pair>.Builder _pairs;

        /// <summary>The map last returned, returned again while it matches the contents.</summary>
        private PersistentHashMap<TKey, TValue> _frozen;

        internal Builder(PersistentHashMap<TKey, TValue> map)
        {
            _pairs = map._pairs.ToBuilder();
            _frozen = map;
        }

        /// <summary>The comparer of the map this builder started from.</summary>
        public IEqualityComparer<TKey> Comparer => _pairs.Comparer;

        /// <summary>The number of entries.</summary>
        public int Count => _pairs.Count;

        /// <summary>Looks up <paramref name="key"/>.</summary>
        public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => ValueOf(_pairs.TryGetValue(key, out Pair? pair), pair, out value);

        /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, adding or replacing it.</summary>
        public void SetItem(TKey key, TValue value) => _pairs.SetItem(PairOf(_pairs.TryGetValue(key, out Pair? stored), stored, key, value));

        /// <summary>Removes <paramref name="key"/>; returns whether it was present.</summary>
        public bool Remove(TKey key) => _pairs.Remove(key);

        /// <summary>
        /// A map of the current contents. Later writes to this builder do not change it; without writes in between,
        /// repeated calls return the same map.
        /// </summary>
        public PersistentHashMap<TKey, TValue> ToImmutable()
        {
            PersistentKeyedMap<TKey, Pair> pairs = _pairs.ToImmutable();
            if (!ReferenceEquals(pairs, _frozen._pairs))
            {
                _frozen = new(pairs);
            }

            return _frozen;
        }
    }
}
