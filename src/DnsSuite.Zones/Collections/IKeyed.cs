namespace DnsSuite.Zones.Collections;

/// <summary>A value that carries its own key, so that a <see cref="PersistentKeyedMap{TKey, TEntry}"/> stores it alone.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
public interface IKeyed<out TKey>
{
    /// <summary>The key; it never changes.</summary>
    TKey Key { get; }
}
