namespace DnsSuite.Zones.Collections;

/// <summary>
/// A trie node with up to 32 slots, one per 5-bit hash fragment at its depth. A slot holds either
/// an entry (its bit set in <see cref="DataMap"/>) or a subnode (its bit set in <see cref="NodeMap"/>);
/// the arrays are packed in slot order, so a slot's index is the population count of the lower bits.
/// </summary>
internal sealed class BitmapIndexedNode<TKey, TEntry> : HashTrieNode<TKey, TEntry>
    where TKey : notnull
    where TEntry : IKeyed<TKey>
{
    /// <summary>The root of every empty map; never mutated because no builder owns it.</summary>
    internal static readonly BitmapIndexedNode<TKey, TEntry> Empty = new(0, 0, [], [], owner: null);

    internal uint DataMap;

    internal uint NodeMap;

    internal BitmapIndexedNode(
        uint dataMap,
        uint nodeMap,
        TEntry[] entries,
        HashTrieNode<TKey, TEntry>[] children,
        object? owner)
        : base(entries, children, owner)
    {
        DataMap = dataMap;
        NodeMap = nodeMap;
    }

    internal override HashTrieNode<TKey, TEntry> Set(
        TEntry entry, int hash, int shift, IEqualityComparer<TKey> comparer, object? owner, ref bool added)
    {
        uint bit = HashTrie.Bit(hash, shift);
        if ((DataMap & bit) != 0)
        {
            int index = HashTrie.Index(DataMap, bit);
            TEntry existing = Entries[index];
            if (comparer.Equals(existing.Key, entry.Key))
            {
                var editable = Editable(owner);
                editable.Entries[index] = entry;
                return editable;
            }

            added = true;
            var merged = Merge(existing, comparer.GetHashCode(existing.Key), entry, hash, shift + HashTrie.BitsPerLevel, owner);
            return ReplaceEntryWithChild(bit, index, merged, owner);
        }

        if ((NodeMap & bit) != 0)
        {
            int index = HashTrie.Index(NodeMap, bit);
            var child = Children[index];
            var newChild = child.Set(entry, hash, shift + HashTrie.BitsPerLevel, comparer, owner, ref added);
            if (ReferenceEquals(newChild, child))
            {
                return this;
            }

            var editable = Editable(owner);
            editable.Children[index] = newChild;
            return editable;
        }

        added = true;
        var entries = HashTrie.Insert(Entries, HashTrie.Index(DataMap, bit), entry);
        return With(DataMap | bit, NodeMap, entries, Children, owner);
    }

    internal override HashTrieNode<TKey, TEntry> Remove(
        TKey key, int hash, int shift, IEqualityComparer<TKey> comparer, object? owner, ref bool removed)
    {
        uint bit = HashTrie.Bit(hash, shift);
        if ((DataMap & bit) != 0)
        {
            int index = HashTrie.Index(DataMap, bit);
            if (!comparer.Equals(Entries[index].Key, key))
            {
                return this;
            }

            removed = true;
            return With(DataMap & ~bit, NodeMap, HashTrie.RemoveAt(Entries, index), Children, owner);
        }

        if ((NodeMap & bit) != 0)
        {
            int index = HashTrie.Index(NodeMap, bit);
            var child = Children[index];
            var newChild = child.Remove(key, hash, shift + HashTrie.BitsPerLevel, comparer, owner, ref removed);
            if (!removed)
            {
                return this;
            }

            if (newChild.IsSingleEntry)
            {
                // Keep the trie canonical: a lone entry lives in its parent, not in a subnode of its own.
                var entries = HashTrie.Insert(Entries, HashTrie.Index(DataMap, bit), newChild.Entries[0]);
                return With(DataMap | bit, NodeMap & ~bit, entries, HashTrie.RemoveAt(Children, index), owner);
            }

            if (ReferenceEquals(newChild, child))
            {
                return this;
            }

            var editable = Editable(owner);
            editable.Children[index] = newChild;
            return editable;
        }

        return this;
    }

    /// <summary>Builds the subtree, rooted at <paramref name="shift"/>, holding two distinct keys.</summary>
    private static HashTrieNode<TKey, TEntry> Merge(
        TEntry first,
        int firstHash,
        TEntry second,
        int secondHash,
        int shift,
        object? owner)
    {
        if (firstHash == secondHash)
        {
            return new HashCollisionNode<TKey, TEntry>(firstHash, [first, second], owner);
        }

        // Distinct hashes differ in some fragment at a shift of at most 30, so the recursion stops there.
        uint firstBit = HashTrie.Bit(firstHash, shift);
        uint secondBit = HashTrie.Bit(secondHash, shift);
        if (firstBit == secondBit)
        {
            var child = Merge(first, firstHash, second, secondHash, shift + HashTrie.BitsPerLevel, owner);
            return new BitmapIndexedNode<TKey, TEntry>(0, firstBit, [], [child], owner);
        }

        TEntry[] entries = firstBit < secondBit ? [first, second] : [second, first];
        return new BitmapIndexedNode<TKey, TEntry>(firstBit | secondBit, 0, entries, [], owner);
    }

    private HashTrieNode<TKey, TEntry> ReplaceEntryWithChild(
        uint bit, int entryIndex, HashTrieNode<TKey, TEntry> child, object? owner)
    {
        var entries = HashTrie.RemoveAt(Entries, entryIndex);
        var children = HashTrie.Insert(Children, HashTrie.Index(NodeMap, bit), child);
        return With(DataMap & ~bit, NodeMap | bit, entries, children, owner);
    }

    private BitmapIndexedNode<TKey, TEntry> Editable(object? owner) =>
        IsOwnedBy(owner) ? this : new(DataMap, NodeMap, HashTrie.Copy(Entries), HashTrie.Copy(Children), owner);

    /// <summary>This node with new contents: updated in place when owned, otherwise a new node.</summary>
    private BitmapIndexedNode<TKey, TEntry> With(
        uint dataMap,
        uint nodeMap,
        TEntry[] entries,
        HashTrieNode<TKey, TEntry>[] children,
        object? owner)
    {
        if (!IsOwnedBy(owner))
        {
            // A builder's node is edited in place, so it must not share an unchanged array with this one.
            if (owner is not null)
            {
                entries = ReferenceEquals(entries, Entries) ? HashTrie.Copy(entries) : entries;
                children = ReferenceEquals(children, Children) ? HashTrie.Copy(children) : children;
            }

            return new(dataMap, nodeMap, entries, children, owner);
        }

        DataMap = dataMap;
        NodeMap = nodeMap;
        Entries = entries;
        Children = children;
        return this;
    }
}
