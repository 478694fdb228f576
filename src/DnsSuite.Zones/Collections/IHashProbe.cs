namespace DnsSuite.Zones.Collections;

/// <summary>
/// Describes a key to look up in a <see cref="PersistentHashMap{TKey, TValue}"/> without building a
/// <typeparamref name="TKey"/>, for example a wire-format name still inside a received packet.
/// May be a <c>ref struct</c>.
/// </summary>
/// <typeparam name="TKey">The key type of the map being searched.</typeparam>
public interface IHashProbe<in TKey>
{
    /// <summary>
    /// The hash of the probed key. It must equal the map comparer's <c>GetHashCode</c> of every key
    /// the probe <see cref="Matches"/>; otherwise lookups miss.
    /// </summary>
    int Hash { get; }

    /// <summary>Whether <paramref name="key"/>, a key stored in the map, is the probed key.</summary>
    bool Matches(TKey key);
}
