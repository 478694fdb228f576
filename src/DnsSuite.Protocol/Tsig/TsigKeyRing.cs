using System.Diagnostics.CodeAnalysis;

namespace DnsSuite.Protocol.Tsig;

/// <summary>The keys a server or client knows, found by key name (case-insensitive, RFC 8945 §4.2).</summary>
public sealed class TsigKeyRing
{
    private readonly Dictionary<DomainName, TsigKey> _keys = [];

    public TsigKeyRing()
    {
    }

    /// <exception cref="ArgumentException">Two keys have the same name.</exception>
    public TsigKeyRing(IEnumerable<TsigKey> keys)
    {
        foreach (TsigKey key in keys)
        {
            Add(key);
        }
    }

    public int Count => _keys.Count;

    public IEnumerable<TsigKey> Keys => _keys.Values;

    /// <exception cref="ArgumentException">A key with this name is already in the ring.</exception>
    public void Add(TsigKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_keys.TryAdd(key.Name, key))
        {
            throw new ArgumentException($"duplicate TSIG key {key.Name}", nameof(key));
        }
    }

    public bool TryGet(DomainName name, [NotNullWhen(true)] out TsigKey? key) => _keys.TryGetValue(name, out key);
}
