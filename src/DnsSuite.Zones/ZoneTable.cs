using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;
using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones;

/// <summary>
/// The zones of this server, keyed by origin: those served and those configured here that have no data yet (a
/// <see cref="Zone"/> before its first commit), so that a lookup tells "not ours" (REFUSED) from "ours, but nothing to
/// answer from" (SERVFAIL). Lookups read an immutable map without locking; adding or removing a zone publishes a new
/// map (copy-on-write), serialized among writers. The table forwards every commit of the zones it holds
/// (<see cref="Committed"/>), which is how NOTIFY follows every zone whoever writes it.
/// </summary>
public sealed class ZoneTable
{
    private readonly Lock _writeLock = new();
    private readonly Action<ZoneCommitted> _forward;
    private PersistentHashMap<DomainName, Zone> _zones = PersistentHashMap<DomainName, Zone>.Empty(EqualityComparer<DomainName>.Default);

    public ZoneTable() => _forward = committed => Committed?.Invoke(committed);

    /// <summary>Raised after each commit of a zone in the table, on the committing thread (see <see cref="Zone.Committed"/>).</summary>
    public event Action<ZoneCommitted>? Committed;

    /// <summary>The served zones (not those awaiting data).</summary>
    public IReadOnlyCollection<Zone> Zones => [.. Volatile.Read(ref _zones).Select(entry => entry.Value).Where(zone => zone.HasData)];

    /// <summary>Every zone of the table, those awaiting data included.</summary>
    public IReadOnlyCollection<Zone> All => [.. Volatile.Read(ref _zones).Select(entry => entry.Value)];

    /// <summary>
    /// Finds the zone whose origin is the longest suffix of <paramref name="qnameWire"/> (uncompressed
    /// wire format, any case), trying the name itself, then each ancestor up to the root; <paramref name="zone"/>
    /// is set only when that zone is <see cref="ZoneLookup.Served"/>. Does not allocate.
    /// </summary>
    public ZoneLookup Lookup(ReadOnlySpan<byte> qnameWire, out Zone? zone)
    {
        PersistentHashMap<DomainName, Zone> zones = Volatile.Read(ref _zones);
        int offset = 0;
        while (offset < qnameWire.Length && !zones.IsEmpty)
        {
            if (zones.TryGetValue(new WireNameProbe(qnameWire[offset..]), out zone))
            {
                if (zone.HasData)
                {
                    return ZoneLookup.Served;
                }

                zone = null;
                return ZoneLookup.AwaitingData;
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
        zone = Volatile.Read(ref _zones).TryGetValue(origin, out Zone? found) && found.HasData ? found : null;
        return zone is not null;
    }

    /// <summary>The zone whose origin is exactly <paramref name="origin"/>, served or awaiting data.</summary>
    public bool TryGetAny(DomainName origin, [NotNullWhen(true)] out Zone? zone) => Volatile.Read(ref _zones).TryGetValue(origin, out zone);

    /// <summary>True when <paramref name="origin"/> is a zone of the table that has no data yet.</summary>
    public bool IsAwaitingData(DomainName origin) => Volatile.Read(ref _zones).TryGetValue(origin, out Zone? zone) && !zone.HasData;

    /// <summary>Adds the zone, or replaces the one of the same origin (which the table no longer follows).</summary>
    public void AddOrReplace(Zone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_writeLock)
        {
            if (_zones.TryGetValue(zone.Origin, out Zone? replaced))
            {
                if (ReferenceEquals(replaced, zone))
                {
                    return;
                }

                replaced.Committed -= _forward;
            }

            zone.Committed += _forward;
            Volatile.Write(ref _zones, _zones.SetItem(zone.Origin, zone));
        }
    }

    /// <summary>Drops the zone of <paramref name="origin"/>, served or awaiting data; false when there was none.</summary>
    public bool Remove(DomainName origin)
    {
        lock (_writeLock)
        {
            return _zones.TryGetValue(origin, out Zone? zone) && RemoveLocked(zone);
        }
    }

    /// <summary>Drops <paramref name="zone"/>; false when the table holds another zone of its origin, or none.</summary>
    public bool Remove(Zone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_writeLock)
        {
            return _zones.TryGetValue(zone.Origin, out Zone? held) && ReferenceEquals(held, zone) && RemoveLocked(zone);
        }
    }

    private bool RemoveLocked(Zone zone)
    {
        zone.Committed -= _forward;
        Volatile.Write(ref _zones, _zones.Remove(zone.Origin));
        return true;
    }
}
