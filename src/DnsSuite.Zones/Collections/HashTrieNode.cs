using System.Diagnostics.CodeAnalysis;

namespace DnsSuite.Zones.Collections;

/// <summary>
/// A node of the hash array mapped trie behind <see cref="PersistentKeyedMap{TKey, TEntry}"/>.
/// Entries are stored inline in <see cref="Entries"/> and subnodes in <see cref="Children"/>, so a
/// map holds no objects of its own per entry.
/// </summary>
internal abstract class HashTrieNode<TKey, TEntry>
    where TKey : notnull
    where TEntry : IKeyed<TKey>
{
    protected HashTrieNode(TEntry[] entries, HashTrieNode<TKey, TEntry>[] children, object? owner)
    {
        Entries = entries;
        Children = children;
        Owner = owner;
    }

    internal TEntry[] Entries;

    internal HashTrieNode<TKey, TEntry>[] Children;

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
    /// Returns the node with <paramref name="entry"/> added or replacing the entry of its key: this node mutated in
    /// place when it is owned by <paramref name="owner"/>, otherwise a copy of the changed path.
    /// </summary>
    internal abstract HashTrieNode<TKey, TEntry> Set(
        TEntry entry, int hash, int shift, IEqualityComparer<TKey> comparer, object? owner, ref bool added);

    /// <summary>
    /// Returns the node without <paramref name="key"/>, under the same ownership rules as
    /// <see cref="Set"/>; returns this node unchanged when the key is absent.
    /// </summary>
    internal abstract HashTrieNode<TKey, TEntry> Remove(
        TKey key, int hash, int shift, IEqualityComparer<TKey> comparer, object? owner, ref bool removed);

    internal static bool TryFind<TProbe>(
        HashTrieNode<TKey, TEntry> root, scoped ref TProbe probe, [MaybeNullWhen(false)] out TEntry value)
        where TProbe : IHashProbe<TKey>, allows ref struct
    {
        int hash = probe.Hash;
        var node = root;
        for (int shift = 0; ; shift += HashTrie.BitsPerLevel)
        {
            if (node is not BitmapIndexedNode<TKey, TEntry> bitmapNode)
            {
                return ((HashCollisionNode<TKey, TEntry>)node).TryFind(ref probe, hash, out value);
            }

            uint bit = HashTrie.Bit(hash, shift);
            if ((bitmapNode.DataMap & bit) != 0)
            {
                TEntry entry = bitmapNode.Entries[HashTrie.Index(bitmapNode.DataMap, bit)];
                if (probe.Matches(entry.Key))
                {
                    value = entry;
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
