using DnsSuite.ChangeLog;
using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Zones;
using DnsSuite.Zones.Catalog;
using DnsSuite.Zones.Policies;

namespace DnsSuite.Primary.Catalog;

/// <summary>
/// The primary's catalog zone (RFC 9432, docs/catalog-zones.md): one member per zone of the log, with the zone's
/// metadata group. Like the zones, it is a function of the log alone, so every primary that read the same positions
/// serves the same catalog with the same serial (<see cref="SerialOf"/>). Driven from the ingestion loop: call
/// <see cref="Build"/> once caught up, then <see cref="Apply"/> for each zone change. Each new version goes through the
/// catalog zone's commit (its changeset journaled before the version is visible), like any zone's.
/// </summary>
public sealed class CatalogMaintainer
{
    private readonly Dictionary<DomainName, CatalogMember> _members = [];
    private readonly Dictionary<int, long> _ends = [];
    private readonly ZoneMaterializer _materializer;

    /// <param name="policies">Where the catalog zone's policies come from (transfers, NOTIFY); null: the defaults.</param>
    public CatalogMaintainer(DomainName origin, ZoneMaterializer materializer, IZonePolicySource? policies = null)
    {
        ArgumentNullException.ThrowIfNull(materializer);
        Origin = origin;
        _materializer = materializer;
        Zone = new Zone(origin, materializer.ZoneOptions) { Policies = policies?.Resolve(origin) ?? ZonePolicies.Default };
    }

    public DomainName Origin { get; }

    /// <summary>The catalog zone; without data, and not in the materializer's table, until <see cref="Build"/>.</summary>
    public Zone Zone { get; }

    /// <summary>
    /// The catalog serial of a log state: per partition, one past the offset of the newest record that made the catalog
    /// what it is (each zone's CREATE_ZONE or last SET_METADATA, each deleted zone's DELETE_ZONE), summed over the
    /// partitions (modulo 2^32). Any membership change is a newer record in its partition, so the serial grows; and it
    /// depends on which records were read, never on how the partitions interleaved or on a clock.
    /// </summary>
    public static uint SerialOf(IEnumerable<LogPosition> membershipRecords)
    {
        ArgumentNullException.ThrowIfNull(membershipRecords);
        var ends = new Dictionary<int, long>();
        foreach (LogPosition position in membershipRecords)
        {
            Advance(ends, position);
        }

        return Sum(ends);
    }

    /// <summary>Builds the catalog from every zone the materializer knows (start-up, once caught up) and serves it in the materializer's table.</summary>
    public ZoneVersion Build()
    {
        _members.Clear();
        _ends.Clear();
        foreach (ZoneState zone in _materializer.Zones)
        {
            Advance(_ends, zone.MetadataPosition);
            if (zone.Origin != Origin)
            {
                _members[zone.Origin] = new CatalogMember(zone.Origin, zone.Metadata.Group);
            }
        }

        foreach (DeletedZone deleted in _materializer.DeletedZones.Values)
        {
            Advance(_ends, deleted.Position);
        }

        ZoneVersion version = CatalogZoneFormat.Build(Origin, Sum(_ends), _members.Values);
        _materializer.Table.AddOrReplace(Zone);
        Zone.Commit(version, []);
        return version;
    }

    /// <summary>
    /// Follows one zone event; the changeset when the catalog changed (its serial at least), else null. Records that
    /// change a zone's records only leave the catalog as it is.
    /// </summary>
    public Changeset? Apply(ZoneChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!Zone.TryGetCurrent(out ZoneVersion? current) || change.Kind is not (ZoneChangeKind.Created or ZoneChangeKind.MetadataChanged or ZoneChangeKind.Deleted or ZoneChangeKind.Loaded))
        {
            return null;
        }

        LogPosition position = change.Position;
        if (change.Kind == ZoneChangeKind.Deleted)
        {
            _members.Remove(change.Origin);
        }
        else if (_materializer.TryGetZone(change.Origin, out ZoneState? state))
        {
            position = state.MetadataPosition;
            if (change.Origin != Origin)
            {
                _members[change.Origin] = new CatalogMember(change.Origin, state.Metadata.Group);
            }
        }

        Advance(_ends, position);
        uint serial = Sum(_ends);
        if (serial == current.Serial)
        {
            return null;
        }

        (ZoneVersion version, Changeset changes) = CatalogZoneFormat.Update(current, serial, _members.Values);
        Zone.Commit(version, [changes]);
        return changes;
    }

    private static void Advance(Dictionary<int, long> ends, LogPosition position) =>
        ends[position.Partition] = Math.Max(ends.GetValueOrDefault(position.Partition), position.Offset + 1);

    private static uint Sum(Dictionary<int, long> ends) => unchecked((uint)ends.Values.Sum());
}
