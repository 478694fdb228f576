using System.Diagnostics.CodeAnalysis;

namespace DnsSuite.Zones.Collections;

public sealed partial class PersistentHashMap<TKey, TValue>
{
    /// <summary>
    /// A mutable view for applying a batch of changes, then freezing them with <see cref="ToImmutable"/>.
    /// Nodes shared with frozen maps are copied on first write; nodes the builder made or copied are
    /// then edited in place. Not thread-safe; maps it returns are safe to share.
    /// </summary>
    public sealed class Builder
    {
        private HashTrieNode<TKey, TValue> _root;

        /// <summary>Marks the nodes this builder may mutate; replaced on every freeze.</summary>
        private object _owner = new();

        /// <summary>The map equal to the current contents, if one exists.</summary>
        private PersistentHashMap<TKey, TValue>? _frozen;

        internal Builder(PersistentHashMap<TKey, TValue> map)
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
        public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
        {
            var probe = new KeyProbe(key, Comparer);
            return HashTrieNode<TKey, TValue>.TryFind(_root, ref probe, out value);
        }

        /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, adding or replacing it.</summary>
        public void SetItem(TKey key, TValue value)
        {
            bool added = false;
            _root = _root.Set(key, value, Comparer.GetHashCode(key), 0, Comparer, _owner, ref added);
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
        public PersistentHashMap<TKey, TValue> ToImmutable()
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
