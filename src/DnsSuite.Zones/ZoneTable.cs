using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;
using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones;

/// <summary>
/// The zones being served, keyed by origin. Lookups read an immutable map without locking; adding
/// or removing a zone publishes a new map (copy-on-write), serialized among writers.
/// </summary>
public sealed class ZoneTable
{
    private readonly Lock _writeLock = new();
    private PersistentHashMap<DomainName, Zone> _zones = PersistentHashMap<DomainName, Zone>.Empty(EqualityComparer<DomainName>.Default);

    public IReadOnlyCollection<Zone> Zones => [.. Volatile.Read(ref _zones).Select(entry => entry.Value)];

    /// <summary>
    /// Finds the zone whose origin is the longest suffix of <paramref name="qnameWire"/> (uncompressed
    /// wire format, any case), trying the name itself, then each ancestor up to the root. Does not allocate.
    /// </summary>
    public bool TryFind(ReadOnlySpan<byte> qnameWire, [NotNullWhen(true)] out Zone? zone)
    {
        PersistentHashMap<DomainName, Zone> zones = Volatile.Read(ref _zones);
        int offset = 0;
        while (offset < qnameWire.Length && !zones.IsEmpty)
        {
            if (zones.TryGetValue(new WireNameProbe(qnameWire[offset..]), out zone))
            {
                return true;
            }

            offset += qnameWire[offset] + 1;
        }

        zone = null;
        return false;
    }

    public bool TryFind(DomainName name, [NotNullWhen(true)] out Zone? zone) => TryFind(name.Wire, out zone);

    /// <summary>The zone whose origin is exactly <paramref name="origin"/>.</summary>
    public bool TryGet(DomainName origin, [NotNullWhen(true)] out Zone? zone) => Volatile.Read(ref _zones).TryGetValue(origin, out zone);

    public void AddOrReplace(Zone zone)
    {
        lock (_writeLock)
        {
            Volatile.Write(ref _zones, _zones.SetItem(zone.Origin, zone));
        }
    }

    public bool Remove(DomainName origin)
    {
        lock (_writeLock)
        {
            PersistentHashMap<DomainName, Zone> next = _zones.Remove(origin);
            if (ReferenceEquals(next, _zones))
            {
                return false;
            }

            Volatile.Write(ref _zones, next);
            return true;
        }
    }
}
