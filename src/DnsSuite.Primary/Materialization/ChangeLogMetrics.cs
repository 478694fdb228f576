using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DnsSuite.Protocol;

namespace DnsSuite.Primary.Materialization;

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
    private readonly Counter<long> _snapshotChecks;
    private readonly ConcurrentDictionary<int, long> _lag = new();
    private readonly ConcurrentDictionary<DomainName, long> _snapshotTimes = new();
    private readonly TimeProvider _time;

    public ChangeLogMetrics(IMeterFactory? meterFactory = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _applied = _meter.CreateCounter<long>("dnssuite.changelog.records.applied", description: "Changes records that changed a zone");
        _rejected = _meter.CreateCounter<long>("dnssuite.changelog.records.rejected", description: "Changes records not applied, by reason");
        _retentionGaps = _meter.CreateCounter<long>("dnssuite.changelog.retention_gaps", description: "Zones or partitions whose needed changes retention deleted");
        _partitionConflicts = _meter.CreateCounter<long>("dnssuite.changelog.partition_conflicts", description: "Changes for a zone found in another partition than the zone's");
        _snapshotsWritten = _meter.CreateCounter<long>("dnssuite.changelog.snapshots.written", description: "Zone snapshots written");
        _snapshotsIgnored = _meter.CreateCounter<long>("dnssuite.changelog.snapshots.ignored", description: "Snapshot values found unusable at start-up");
        _snapshotChecks = _meter.CreateCounter<long>(
            "dnssuite.changelog.snapshot.checks",
            description: "Zones the snapshot writer checked for a due snapshot: those with records since its last check, and those whose interval ended");
        _meter.CreateObservableGauge(
            "dnssuite.changelog.lag",
            () => _lag.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("partition", p.Key))),
            description: "Changes records not applied yet, per partition: the high watermark minus the next offset to apply, as last sampled");
        _meter.CreateObservableGauge(
            "dnssuite.changelog.snapshot.age",
            ObserveSnapshotAges,
            unit: "s",
            description: "Seconds since this primary last wrote the zone's snapshot, or since it loaded or created the zone when it has written none");
    }

    internal void Applied() => _applied.Add(1);

    internal void Rejected(RejectionReason reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    internal void RetentionGap() => _retentionGaps.Add(1);

    internal void PartitionConflict() => _partitionConflicts.Add(1);

    internal void SnapshotWritten(DomainName zone)
    {
        _snapshotsWritten.Add(1);
        _snapshotTimes[zone] = _time.GetTimestamp();
    }

    /// <summary>Starts the snapshot age of a zone loaded at start-up or created, unless one is already counted.</summary>
    internal void SnapshotAgeFrom(DomainName zone) => _snapshotTimes.TryAdd(zone, _time.GetTimestamp());

    internal void ZoneDeleted(DomainName zone) => _snapshotTimes.TryRemove(zone, out _);

    internal void SnapshotIgnored() => _snapshotsIgnored.Add(1);

    internal void SnapshotCheck() => _snapshotChecks.Add(1);

    /// <summary>Records how many changes records of <paramref name="partition"/> are not applied yet.</summary>
    public void PartitionLag(int partition, long records) => _lag[partition] = records;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> ObserveSnapshotAges() =>
        _snapshotTimes.Select(zone => new Measurement<double>(_time.GetElapsedTime(zone.Value).TotalSeconds, new KeyValuePair<string, object?>("zone", zone.Key.ToString())));
}
