using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;
using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones;

/// <summary>
/// The zones being served, keyed by origin. Lookups read an immutable map without locking; adding
/// or removing a zone publishes a new map (copy-on-write), serialized among writers. Besides served zones it
/// holds the origins of zones configured here that have no data yet (<see cref="AddAwaitingData"/>), so that a
/// lookup tells "not ours" (REFUSED) from "ours, but nothing to answer from" (SERVFAIL).
/// </summary>
public sealed class ZoneTable
{
    private readonly Lock _writeLock = new();

    // A null value is a zone awaiting its first version; one map keeps a zone's switch from awaiting to served atomic for readers.
    private PersistentHashMap<DomainName, Zone?> _zones = PersistentHashMap<DomainName, Zone?>.Empty(EqualityComparer<DomainName>.Default);

    /// <summary>The served zones (not those awaiting data).</summary>
    public IReadOnlyCollection<Zone> Zones => [.. Volatile.Read(ref _zones).Select(entry => entry.Value).OfType<Zone>()];

    /// <summary>
    /// Finds the zone whose origin is the longest suffix of <paramref name="qnameWire"/> (uncompressed
    /// wire format, any case), trying the name itself, then each ancestor up to the root; <paramref name="zone"/>
    /// is set only when that zone is <see cref="ZoneLookup.Served"/>. Does not allocate.
    /// </summary>
    public ZoneLookup Lookup(ReadOnlySpan<byte> qnameWire, out Zone? zone)
    {
        PersistentHashMap<DomainName, Zone?> zones = Volatile.Read(ref _zones);
        int offset = 0;
        while (offset < qnameWire.Length && !zones.IsEmpty)
        {
            if (zones.TryGetValue(new WireNameProbe(qnameWire[offset..]), out zone))
            {
                return zone is null ? ZoneLookup.AwaitingData : ZoneLookup.Served;
            }

            offset += qnameWire[offset] + 1;
        }

        zone = null;
        return ZoneLookup.NotFound;
    }

    /// <summary>The served zone closest to <paramref name="qnameWire"/>; false also when that closest zone is awaiting data.</summary>
    public bool TryFind(ReadOnlySpan<byte> qnameWire, [NotNullWhen(true)] out Zone? zone) => Lookup(qnameWire, out zone) == ZoneLookup.Served;

    public bool TryFind(DomainName name, [NotNullWhen(true)] out Zone? zone) => TryFind(name.Wire, out zone);

    /// <summary>The served zone whose origin is exactly <paramref name="origin"/>.</summary>
    public bool TryGet(DomainName origin, [NotNullWhen(true)] out Zone? zone)
    {
        zone = Volatile.Read(ref _zones).TryGetValue(origin, out Zone? found) ? found : null;
        return zone is not null;
    }

    /// <summary>True when <paramref name="origin"/> is configured here but has no data yet (see <see cref="AddAwaitingData"/>).</summary>
    public bool IsAwaitingData(DomainName origin) => Volatile.Read(ref _zones).TryGetValue(origin, out Zone? zone) && zone is null;

    /// <summary>
    /// Declares <paramref name="origin"/> a zone of this server that has no data yet, until <see cref="AddOrReplace"/>
    /// serves it or <see cref="Remove"/> drops it. Does nothing when the zone is already served.
    /// </summary>
    public void AddAwaitingData(DomainName origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        lock (_writeLock)
        {
            if (!_zones.TryGetValue(origin, out _))
            {
                Volatile.Write(ref _zones, _zones.SetItem(origin, null));
            }
        }
    }

    public void AddOrReplace(Zone zone)
    {
        lock (_writeLock)
        {
            Volatile.Write(ref _zones, _zones.SetItem(zone.Origin, zone));
        }
    }

    /// <summary>Drops the zone, served or awaiting data; false when there was none.</summary>
    public bool Remove(DomainName origin)
    {
        lock (_writeLock)
        {
            PersistentHashMap<DomainName, Zone?> next = _zones.Remove(origin);
            if (ReferenceEquals(next, _zones))
            {
                return false;
            }

            Volatile.Write(ref _zones, next);
            return true;
        }
    }
}
