using System.Diagnostics.CodeAnalysis;

namespace DnsSuite.Zones.Collections;

/// <summary>
/// A node holding two or more keys whose full 32-bit hashes are equal, searched linearly. It sits
/// wherever the keys stopped being distinguishable and is split when a key with another hash arrives.
/// </summary>
internal sealed class HashCollisionNode<TKey, TEntry> : HashTrieNode<TKey, TEntry>
    where TKey : notnull
    where TEntry : IKeyed<TKey>
{
    internal readonly int Hash;

    internal HashCollisionNode(int hash, TEntry[] entries, object? owner)
        : base(entries, [], owner)
    {
        Hash = hash;
    }

    internal bool TryFind<TProbe>(scoped ref TProbe probe, int hash, [MaybeNullWhen(false)] out TEntry value)
        where TProbe : IHashProbe<TKey>, allows ref struct
    {
        if (hash == Hash)
        {
            foreach (TEntry entry in Entries)
            {
                if (probe.Matches(entry.Key))
                {
                    value = entry;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    internal override HashTrieNode<TKey, TEntry> Set(
        TEntry entry, int hash, int shift, IEqualityComparer<TKey> comparer, object? owner, ref bool added)
    {
        if (hash != Hash)
        {
            added = true;
            return Split(entry, hash, shift, owner);
        }

        int index = IndexOf(entry.Key, comparer);
        if (index >= 0)
        {
            var editable = IsOwnedBy(owner) ? this : new(Hash, HashTrie.Copy(Entries), owner);
            editable.Entries[index] = entry;
            return editable;
        }

        added = true;
        return With(HashTrie.Insert(Entries, Entries.Length, entry), owner);
    }

    internal override HashTrieNode<TKey, TEntry> Remove(
        TKey key, int hash, int shift, IEqualityComparer<TKey> comparer, object? owner, ref bool removed)
    {
        int index = hash == Hash ? IndexOf(key, comparer) : -1;
        if (index < 0)
        {
            return this;
        }

        // Left with one entry, the parent inlines it (see IsSingleEntry).
        removed = true;
        return With(HashTrie.RemoveAt(Entries, index), owner);
    }

    /// <summary>
    /// Puts this node and an entry whose key has a different hash under a new bitmap node at <paramref name="shift"/>.
    /// That hash matched this node's in all fragments above, so they differ at this shift or below.
    /// </summary>
    private BitmapIndexedNode<TKey, TEntry> Split(TEntry entry, int hash, int shift, object? owner)
    {
        uint ownBit = HashTrie.Bit(Hash, shift);
        uint bit = HashTrie.Bit(hash, shift);
        if (ownBit != bit)
        {
            return new(bit, ownBit, [entry], [this], owner);
        }

        var child = Split(entry, hash, shift + HashTrie.BitsPerLevel, owner);
        return new(0, ownBit, [], [child], owner);
    }

    private int IndexOf(TKey key, IEqualityComparer<TKey> comparer)
    {
        for (int i = 0; i < Entries.Length; i++)
        {
            if (comparer.Equals(Entries[i].Key, key))
            {
                return i;
            }
        }

        return -1;
    }

    private HashCollisionNode<TKey, TEntry> With(TEntry[] entries, object? owner)
    {
        if (!IsOwnedBy(owner))
        {
            return new(Hash, entries, owner);
        }

        Entries = entries;
        return this;
    }
}
