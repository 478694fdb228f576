using System.Collections;

namespace DnsSuite.Zones.Collections;

public sealed partial class PersistentKeyedMap<TKey, TEntry>
{
    /// <summary>A depth-first walk of the trie: each node's entries, then its subnodes.</summary>
    public struct Enumerator : IEnumerator<TEntry>
    {
        private readonly HashTrieNode<TKey, TEntry> _root;
        private readonly HashTrieNode<TKey, TEntry>[] _path = new HashTrieNode<TKey, TEntry>[HashTrie.MaxDepth];

        /// <summary>Per level of <see cref="_path"/>: the next entry, then the next subnode, to visit.</summary>
        private readonly int[] _positions = new int[HashTrie.MaxDepth];

        private int _depth;
        private TEntry? _current;

        internal Enumerator(HashTrieNode<TKey, TEntry> root)
        {
            _root = root;
            Reset();
        }

        /// <inheritdoc/>
        public readonly TEntry Current => _current!;

        readonly object IEnumerator.Current => _current!;

        /// <inheritdoc/>
        public bool MoveNext()
        {
            while (_depth >= 0)
            {
                var node = _path[_depth];
                int position = _positions[_depth]++;
                if (position < node.Entries.Length)
                {
                    _current = node.Entries[position];
                    return true;
                }

                position -= node.Entries.Length;
                if (position < node.Children.Length)
                {
                    _depth++;
                    _path[_depth] = node.Children[position];
                    _positions[_depth] = 0;
                }
                else
                {
                    _depth--;
                }
            }

            return false;
        }

        /// <inheritdoc/>
        public void Reset()
        {
            _depth = 0;
            _path[0] = _root;
            _positions[0] = 0;
            _current = default;
        }

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
