using System.Diagnostics.CodeAnalysis;

namespace DnsSuite.Zones.Collections;

public sealed partial class PersistentKeyedMap<TKey, TEntry>
{
    /// <summary>
    /// A mutable view for applying a batch of changes, then freezing them with <see cref="ToImmutable"/>.
    /// Nodes shared with frozen maps are copied on first write; nodes the builder made or copied are
    /// then edited in place. Not thread-safe; maps it returns are safe to share.
    /// </summary>
    public sealed class Builder
    {
        private HashTrieNode<TKey, TEntry> _root;

        /// <summary>Marks the nodes this builder may mutate; replaced on every freeze.</summary>
        private object _owner = new();

        /// <summary>The map equal to the current contents, if one exists.</summary>
        private PersistentKeyedMap<TKey, TEntry>? _frozen;

        internal Builder(PersistentKeyedMap<TKey, TEntry> map)
        {
            _root = map._root;
            Count = map.Count;
            Comparer = map.Comparer;
            _frozen = map;
        }

        /// <summary>The comparer of the map this builder started from.</summary>
        public IEqualityComparer<TKey> Comparer { get; }

        /// <summary>The number of entries.</summary>
        public int Count { get; private set; }

        /// <summary>Looks up <paramref name="key"/>.</summary>
        public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TEntry value)
        {
            var probe = new KeyProbe(key, Comparer);
            return HashTrieNode<TKey, TEntry>.TryFind(_root, ref probe, out value);
        }

        /// <summary>Adds <paramref name="entry"/> or replaces the entry of its key.</summary>
        public void SetItem(TEntry entry)
        {
            bool added = false;
            _root = _root.Set(entry, Comparer.GetHashCode(entry.Key), 0, Comparer, _owner, ref added);
            if (added)
            {
                Count++;
            }

            _frozen = null;
        }

        /// <summary>Removes <paramref name="key"/>; returns whether it was present.</summary>
        public bool Remove(TKey key)
        {
            bool removed = false;
            _root = _root.Remove(key, Comparer.GetHashCode(key), 0, Comparer, _owner, ref removed);
            if (removed)
            {
                Count--;
                _frozen = null;
            }

            return removed;
        }

        /// <summary>
        /// A map of the current contents. Later writes to this builder do not change it; without
        /// writes in between, repeated calls return the same map.
        /// </summary>
        public PersistentKeyedMap<TKey, TEntry> ToImmutable()
        {
            if (_frozen is null)
            {
                _frozen = new(_root, Count, Comparer);
                _owner = new();
            }

            return _frozen;
        }
    }
}
