using DnsSuite.Protocol;
using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones;

/// <summary>Looks a wire-format name up in a map keyed by <see cref="DomainName"/> without building one.</summary>
internal readonly ref struct WireNameProbe(ReadOnlySpan<byte> wire) : IHashProbe<DomainName>
{
    private readonly ReadOnlySpan<byte> _wire = wire;

    public int Hash { get; } = DomainName.ComputeHash(wire);

    public bool Matches(DomainName key) => key.GetHashCode() == Hash && DomainName.WireEquals(key.Wire, _wire);
}
