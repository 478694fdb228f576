using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;
using DnsSuite.Zones;
using DnsSuite.Zones.Journal;

namespace DnsSuite.Primary.Materialization;

/// <summary>What the materializer knows of one zone besides its records. Changed only by the materializer.</summary>
public sealed class ZoneState
{
    internal ZoneState(Zone zone, SerialPolicy serialPolicy, LogPosition position, ZoneStatus status, ChangesetChain history)
    {
        Zone = zone;
        History = history;
        SerialPolicy = serialPolicy;
        Position = position;
        MetadataPosition = position;
        Status = status;
    }

    public DomainName Origin => Zone.Origin;

    /// <summary>The key of the zone on both topics.</summary>
    public string Key => ChangeApplier.KeyOf(Origin);

    /// <summary>The zone holder; in the zone table only while <see cref="Status"/> is <see cref="ZoneStatus.Current"/>.</summary>
    public Zone Zone { get; }

    /// <summary>The published version: what the table serves.</summary>
    public ZoneVersion Version => Zone.Current;

    /// <summary>The zone with the changes staged since the last publication (null: none), see <see cref="ZoneMaterializer.ApplyStaged"/>.</summary>
    internal ZoneDraft? Draft { get; set; }

    public SerialPolicy SerialPolicy { get; internal set; }

    public ZoneMetadata Metadata { get; internal set; } = ZoneMetadata.None;

    /// <summary>The record that last set the zone's metadata (its CREATE_ZONE or SET_METADATA): where its catalog entry comes from.</summary>
    public LogPosition MetadataPosition { get; internal set; }

    /// <summary>
    /// The zone's recent changesets up to <see cref="Version"/>, as the snapshot carries them so that a restarted
    /// primary keeps serving IXFR (docs/change-log.md, "Snapshots"); bounded by the materializer's history options.
    /// </summary>
    public ChangesetChain History { get; }

    /// <summary>The zone's partition and the last changes record for the zone that this state includes.</summary>
    public LogPosition Position { get; internal set; }

    public int Partition => Position.Partition;

    public ZoneStatus Status { get; internal set; }

    /// <summary>Records for the zone (applied, unchanged or rejected) since the last snapshot was taken.</summary>
    public int RecordsSinceSnapshot { get; internal set; }

    /// <summary>The offset of the first of <see cref="RecordsSinceSnapshot"/>; null when there are none.</summary>
    public long? FirstOffsetSinceSnapshot { get; internal set; }
}
