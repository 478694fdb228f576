using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;
using DnsSuite.Zones;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// A zone of the change log as the materializer has it: the <see cref="Zones.Zone"/> (version, journal, policies,
/// events) and what only the log knows of it (its metadata, position, records since its last snapshot). Changed only by
/// the materializer and, for snapshot bookkeeping, the snapshot writer; dropped whole when the zone is deleted.
/// </summary>
public sealed class ZoneState
{
    internal ZoneState(Zone zone, LogPosition position, ZoneStatus status)
    {
        Zone = zone;
        Position = position;
        MetadataPosition = position;
        Status = status;
    }

    public DomainName Origin => Zone.Origin;

    /// <summary>The key of the zone on both topics.</summary>
    public string Key => ChangeApplier.KeyOf(Origin);

    /// <summary>The zone; in the zone table only while <see cref="Status"/> is <see cref="ZoneStatus.Current"/>.</summary>
    public Zone Zone { get; }

    /// <summary>The published version: what the table serves.</summary>
    public ZoneVersion Version => Zone.Current;

    /// <summary>The zone with the changes staged since the last publication (null: none), see <see cref="ZoneMaterializer.ApplyStaged"/>.</summary>
    internal ZoneDraft? Draft { get; set; }

    /// <summary>The changesets of the staged records, in log order, that the next publication commits with the draft's version.</summary>
    internal List<Changeset> Staged { get; } = [];

    public SerialPolicy SerialPolicy => Zone.Policies.SerialPolicy;

    public ZoneMetadata Metadata { get; internal set; } = ZoneMetadata.None;

    /// <summary>The record that last set the zone's metadata (its CREATE_ZONE or SET_METADATA): where its catalog entry comes from.</summary>
    public LogPosition MetadataPosition { get; internal set; }

    /// <summary>The zone's partition and the last changes record for the zone that this state includes.</summary>
    public LogPosition Position { get; internal set; }

    public int Partition => Position.Partition;

    public ZoneStatus Status { get; internal set; }

    /// <summary>Records for the zone (applied, unchanged or rejected) since the last snapshot was taken.</summary>
    public int RecordsSinceSnapshot { get; internal set; }

    /// <summary>The offset of the first of <see cref="RecordsSinceSnapshot"/>; null when there are none.</summary>
    public long? FirstOffsetSinceSnapshot { get; internal set; }

    /// <summary>When the snapshot writer last took the zone, or first saw it with unsaved records: its interval counts from then.</summary>
    internal DateTimeOffset? SnapshotIntervalFrom { get; set; }

    /// <summary>When the zone's interval ends with records unsaved, as the snapshot writer scheduled it; null: not scheduled.</summary>
    internal DateTimeOffset? SnapshotDueAt { get; set; }
}
