using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace DnsSuite.ChangeLog.Materialization;

/// <summary>The change-log ingestion instruments, on the meter <see cref="MeterName"/>.</summary>
public sealed class ChangeLogMetrics : IDisposable
{
    public const string MeterName = "DnsSuite.ChangeLog";

    private readonly Meter _meter;
    private readonly Counter<long> _applied;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _retentionGaps;
    private readonly Counter<long> _partitionConflicts;
    private readonly Counter<long> _snapshotsWritten;
    private readonly Counter<long> _snapshotsIgnored;
    private readonly ConcurrentDictionary<int, long> _lag = new();

    public ChangeLogMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _applied = _meter.CreateCounter<long>("dnssuite.changelog.records.applied", description: "Changes records that changed a zone");
        _rejected = _meter.CreateCounter<long>("dnssuite.changelog.records.rejected", description: "Changes records not applied, by reason");
        _retentionGaps = _meter.CreateCounter<long>("dnssuite.changelog.retention_gaps", description: "Zones or partitions whose needed changes retention deleted");
        _partitionConflicts = _meter.CreateCounter<long>("dnssuite.changelog.partition_conflicts", description: "Changes for a zone found in another partition than the zone's");
        _snapshotsWritten = _meter.CreateCounter<long>("dnssuite.changelog.snapshots.written", description: "Zone snapshots written");
        _snapshotsIgnored = _meter.CreateCounter<long>("dnssuite.changelog.snapshots.ignored", description: "Snapshot values found unusable at start-up");
        _meter.CreateObservableGauge(
            "dnssuite.changelog.lag",
            () => _lag.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("partition", p.Key))),
            description: "Changes records not applied yet, per partition: the high watermark minus the next offset to apply, as last sampled");
    }

    internal void Applied() => _applied.Add(1);

    internal void Rejected(RejectionReason reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    internal void RetentionGap() => _retentionGaps.Add(1);

    internal void PartitionConflict() => _partitionConflicts.Add(1);

    internal void SnapshotWritten() => _snapshotsWritten.Add(1);

    internal void SnapshotIgnored() => _snapshotsIgnored.Add(1);

    /// <summary>Records how many changes records of <paramref name="partition"/> are not applied yet.</summary>
    public void PartitionLag(int partition, long records) => _lag[partition] = records;

    public void Dispose() => _meter.Dispose();
}
