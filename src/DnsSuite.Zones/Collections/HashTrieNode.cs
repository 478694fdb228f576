using System.Diagnostics.CodeAnalysis;

namespace DnsSuite.Zones.Collections;

/// <summary>
/// A node of the hash array mapped trie behind <see cref="PersistentHashMap{TKey, TValue}"/>.
/// Entries are stored inline in <see cref="Entries"/> and subnodes in <see cref="Children"/>, so a
/// map holds no per-entry objects.
/// </summary>
internal abstract class HashTrieNode<TKey, TValue>
    where TKey : notnull
{
    protected HashTrieNode(KeyValuePair<TKey, TValue>[] entries, HashTrieNode<TKey, TValue>[] children, object? owner)
    {
        Entries = entries;
        Children = children;
        Owner = owner;
    }

    internal KeyValuePair<TKey, TValue>[] Entries;

    internal HashTrieNode<TKey, TValue>[] Children;

    /// <summary>
    /// The edit token of the builder that created this node and may therefore mutate it in place;
    /// null for nodes made by persistent updates. A builder swaps its token when it freezes, so nodes
    /// reachable from a frozen map are never owned by a live token.
    /// </summary>
    internal readonly object? Owner;

    /// <summary>A non-root node in this state is inlined into its parent as a plain entry.</summary>
    internal bool IsSingleEntry => Entries.Length == 1 && Children.Length == 0;

    internal bool IsOwnedBy(object? owner) => owner is not null && ReferenceEquals(Owner, owner);

    /// <summary>
    /// Returns the node with <paramref name="key"/> set: this node mutated in place when it is owned
    /// by <paramref name="owner"/>, otherwise a copy of the changed path.
    /// </summary>
    internal abstract HashTrieNode<TKey, TValue> Set(
        TKey key, TValue value, int hash, int shift, IEqualityComparer<TKey> comparer, object? owner, ref bool added);

    /// <summary>
    /// Returns the node without <paramref name="key"/>, under the same ownership rules as
    /// <see cref="Set"/>; returns this node unchanged when the key is absent.
    /// </summary>
    internal abstract HashTrieNode<TKey, TValue> Remove(
        TKey key, int hash, int shift, IEqualityComparer<TKey> comparer, object? owner, ref bool removed);

    internal static bool TryFind<TProbe>(
        HashTrieNode<TKey, TValue> root, scoped ref TProbe probe, [MaybeNullWhen(false)] out TValue value)
        where TProbe : IHashProbe<TKey>, allows ref struct
    {
        int hash = probe.Hash;
        var node = root;
        for (int shift = 0; ; shift += HashTrie.BitsPerLevel)
        {
            if (node is not BitmapIndexedNode<TKey, TValue> bitmapNode)
            {
                return ((HashCollisionNode<TKey, TValue>)node).TryFind(ref probe, hash, out value);
            }

            uint bit = HashTrie.Bit(hash, shift);
            if ((bitmapNode.DataMap & bit) != 0)
            {
                ref readonly var entry = ref bitmapNode.Entries[HashTrie.Index(bitmapNode.DataMap, bit)];
                if (probe.Matches(entry.Key))
                {
                    value = entry.Value;
                    return true;
                }

                break;
            }

            if ((bitmapNode.NodeMap & bit) == 0)
            {
                break;
            }

            node = bitmapNode.Children[HashTrie.Index(bitmapNode.NodeMap, bit)];
        }

        value = default;
        return false;
    }
}
