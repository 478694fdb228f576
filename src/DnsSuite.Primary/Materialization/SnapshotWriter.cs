using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// Writes zone snapshots, deletion markers and partition checkpoints for a <see cref="ZoneMaterializer"/>.
/// Called from the ingestion loop between records (so it sees each zone at one position), and only once
/// the primary is ready. Chunks go before their manifest; chunks a new value supersedes are tombstoned after
/// it; a partition's checkpoint goes after the snapshots it relies on. The zones due are captured on the
/// ingestion loop and encoded and written on another thread while ingestion goes on (a large zone's snapshot
/// costs seconds); one such write at a time, and deletion markers and checkpoints only between them. The due
/// times live with each zone (<see cref="ZoneState.SnapshotDueAt"/>); the writer keeps them in due order, all on the
/// ingestion loop, so one timer serves every zone.
/// </summary>
public sealed class SnapshotWriter
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);
    private static readonly IComparer<(DateTimeOffset Due, DomainName Origin)> DueOrder = Comparer<(DateTimeOffset Due, DomainName Origin)>.Create(
        (a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : DomainName.CanonicalComparer.Compare(a.Origin, b.Origin));
    private readonly IChangeLog _log;
    private readonly ZoneMaterializer _materializer;
    private readonly SnapshotWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChangeLogMetrics? _metrics;
    // The zones with records since the last check, and those checked with unsaved records by when their interval ends:
    // a check looks at these, never at every zone, so the cost per record does not grow with the number of zones.
    private readonly HashSet<DomainName> _unchecked = [];
    private readonly SortedSet<(DateTimeOffset Due, DomainName Origin)> _schedule = new(DueOrder);
    private readonly Dictionary<string, string[]> _chunkKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<DomainName, DeletedZone> _pendingDeletions = [];
    private readonly Dictionary<int, long> _checkpoints = [];
    private readonly HashSet<int> _noCheckpoint = [];
    private readonly HashSet<string> _markers = new(StringComparer.Ordinal);
    // The zones being written in the background, null when none are.
    private ZoneWrite? _writing;

    public SnapshotWriter(IChangeLog log, ZoneMaterializer materializer, SnapshotWriterOptions options, TimeProvider? time = null, ILogger<SnapshotWriter>? logger = null, ChangeLogMetrics? metrics = null)
    {
        _log = log;
        _materializer = materializer;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
        materializer.ZoneChanged += OnZoneChanged;
        materializer.UnsavedRecord += zone => _unchecked.Add(zone.Origin);
        _unchecked.UnionWith(materializer.Zones.Where(IsUnsaved).Select(zone => zone.Origin));
    }

    /// <summary>Remembers the chunks that the snapshot read at start-up refers to, so that the next value of the zone tombstones them.</summary>
    public void RememberChunks(string zoneKey, IEnumerable<string> chunkKeys) => _chunkKeys[zoneKey] = [.. chunkKeys];

    /// <summary>Remembers a deletion marker read at start-up, so that the zone's next snapshot tombstones it.</summary>
    public void RememberDeletionMarker(string zoneKey) => _markers.Add(zoneKey);

    /// <summary>Remembers a checkpoint read at start-up; checkpoints only move forward.</summary>
    public void RememberCheckpoint(int partition, long offset) => _checkpoints[partition] = offset;

    /// <summary>
    /// Stops checkpoints of <paramref name="partition"/>: its history has a retention gap, and a checkpoint
    /// would hide the gap from the next primary that starts.
    /// </summary>
    public void SuppressCheckpoints(int partition) => _noCheckpoint.Add(partition);

    /// <summary>Writes the zones due by <see cref="SnapshotWriterOptions"/>, pending deletion markers and advanced checkpoints.</summary>
    public Task WriteDueAsync(CancellationToken cancellationToken) => WriteAsync(force: false, wait: true, cancellationToken);

    /// <summary>
    /// What the ingestion loop calls between records: takes in the outcome of a finished background write, then, unless
    /// one is still running, writes pending deletion markers and advanced checkpoints and starts writing the zones due
    /// in the background. Throws what made the finished write fail.
    /// </summary>
    public Task StartDueAsync(CancellationToken cancellationToken) => WriteAsync(force: false, wait: false, cancellationToken);

    /// <summary>Writes every zone with records since its last snapshot, then the checkpoints.</summary>
    public Task WriteAllAsync(CancellationToken cancellationToken) => WriteAsync(force: true, wait: true, cancellationToken);

    /// <summary>
    /// Completes when a zone with unsaved records reaches <see cref="SnapshotWriterOptions.EveryInterval"/>, so that a
    /// zone changed once and then quiet is still written, or when the background write ends; never completes while no zone has unsaved records and nothing is being written. The
    /// ingestion loop waits on it beside the next record, then calls <see cref="StartDueAsync"/>.
    /// </summary>
    public Task WhenDueAsync(CancellationToken cancellationToken)
    {
        if (_writing is { } writing)
        {
            // Nothing else is written before the zones being written are, and those need StartDueAsync once they are.
            return writing.Done;
        }

        // A zone with records not checked yet is due for a check now, which starts its interval.
        TimeSpan? wait = _unchecked.Count > 0 ? TimeSpan.Zero
            : _schedule.Count > 0 ? _schedule.Min.Due - _time.GetUtcNow()
            : null;
        return wait switch
        {
            null => Task.Delay(Timeout.Infinite, cancellationToken),
            { } left when left <= TimeSpan.Zero => Task.CompletedTask,
            // Task.Delay takes at most about 49 days; a longer interval is waited for in steps.
            { } left => Task.Delay(left < MaxWait ? left : MaxWait, _time, cancellationToken),
        };
    }

    /// <summary>
    /// Waits for the zones being written in the background, if any, and takes their outcome in: a zone whose write
    /// failed or was cancelled is unsaved again (its records in no snapshot), and is written at the next chance. For
    /// the end of an ingestion loop, which must not leave a write running; never throws.
    /// </summary>
    public async Task SettleAsync()
    {
        if (_writing is not null)
        {
            Exception? failure = await FinishWritingAsync().ConfigureAwait(false);
            if (failure is not null and not OperationCanceledException)
            {
                Log.SnapshotWriteFailed(_logger, failure.Message);
            }
        }
    }

    private async Task WriteAsync(bool force, bool wait, CancellationToken cancellationToken)
    {
        if (_writing is { } writing)
        {
            if (!wait && !writing.Done.IsCompleted)
            {
                return;
            }

            await FinishWritingOrThrowAsync().ConfigureAwait(false);
        }

        await WriteDeletionsAsync(cancellationToken).ConfigureAwait(false);
        if (!wait)
        {
            // Now, while no zone counts as saved before its snapshot is written: those captured below soon will.
            await WriteCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        }

        DateTimeOffset now = _time.GetUtcNow();
        // Canonical order: what is written, and in which order, does not depend on dictionary order.
        ZoneState[] due = [.. (force ? _materializer.Zones.Where(IsUnsaved) : Due(now)).OrderBy(zone => zone.Origin, DomainName.CanonicalComparer)];
        if (force)
        {
            // Every zone with unsaved records is in due: none is left to check.
            _unchecked.Clear();
        }

        if (due.Length > 0)
        {
            CapturedZone[] zones = [.. due.Select(zone => Capture(zone, now))];
            _writing = new ZoneWrite(zones, Task.Run(() => WriteZonesAsync(zones, cancellationToken), CancellationToken.None));
        }

        if (wait)
        {
            if (_writing is not null)
            {
                await FinishWritingOrThrowAsync().ConfigureAwait(false);
            }

            await WriteCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The zone as it is now, marked as in a snapshot: the records it gets from now on are unsaved.</summary>
    private CapturedZone Capture(ZoneState zone, DateTimeOffset now)
    {
        var captured = new CapturedZone(
            zone, ZoneSnapshotCodec.Capture(zone, _options.Journal), zone.Version.Serial, zone.Position,
            _chunkKeys.GetValueOrDefault(zone.Key, []), _markers.Remove(zone.Key), _materializer.MarkSnapshotTaken(zone));
        Unschedule(zone);
        zone.SnapshotIntervalFrom = now;
        return captured;
    }

    /// <summary>Encodes and writes each zone in turn; runs on a thread of the pool and touches nothing but its zones.</summary>
    private async Task WriteZonesAsync(CapturedZone[] zones, CancellationToken cancellationToken)
    {
        foreach (CapturedZone zone in zones)
        {
            IReadOnlyList<KeyValuePair<string, byte[]>> records = zone.Encode(_options.MaxValueBytes);
            foreach (KeyValuePair<string, byte[]> record in records)
            {
                await _log.WriteSnapshotAsync(record.Key, record.Value, cancellationToken).ConfigureAwait(false);
            }

            string[] chunks = [.. records.SkipLast(1).Select(record => record.Key)];
            foreach (string stale in zone.PreviousChunks.Except(chunks, StringComparer.Ordinal))
            {
                await _log.WriteSnapshotAsync(stale, null, cancellationToken).ConfigureAwait(false);
            }

            if (zone.HadDeletionMarker)
            {
                // The re-created zone's snapshot now carries its serial on.
                await _log.WriteSnapshotAsync(ZoneSnapshotCodec.DeletionMarkerKey(zone.State.Key), null, cancellationToken).ConfigureAwait(false);
            }

            zone.Written = (chunks, records.Count);
        }
    }

    private async Task FinishWritingOrThrowAsync()
    {
        if (await FinishWritingAsync().ConfigureAwait(false) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Waits for the background write and takes its outcome in, zone by zone; returns what made it fail, if anything.</summary>
    private async Task<Exception?> FinishWritingAsync()
    {
        ZoneWrite writing = _writing!;
        _writing = null;
        Exception? failure = null;
        try
        {
            await writing.Task.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }

        foreach (CapturedZone zone in writing.Zones)
        {
            string key = zone.State.Key;
            if (zone.Written is var (chunks, values))
            {
                _chunkKeys[key] = chunks;
                _metrics?.SnapshotWritten(zone.State.Origin);
                Log.SnapshotWritten(_logger, key, zone.Serial, zone.Position.Partition, zone.Position.Offset, values);
            }
            else
            {
                if (zone.HadDeletionMarker)
                {
                    _markers.Add(key);
                }

                _materializer.MarkSnapshotLost(zone.State, zone.Covered);
                if (IsUnsaved(zone.State))
                {
                    _unchecked.Add(zone.State.Origin);
                }
            }
        }

        return failure;
    }

    private async Task WriteDeletionsAsync(CancellationToken cancellationToken)
    {
        foreach ((DomainName origin, DeletedZone deleted) in _pendingDeletions.OrderBy(entry => entry.Key, DomainName.CanonicalComparer).ToArray())
        {
            // The marker first, then the zone key's tombstone: a reader never finds neither.
            string key = ChangeApplier.KeyOf(origin);
            await _log.WriteSnapshotAsync(ZoneSnapshotCodec.DeletionMarkerKey(key), ZoneSnapshotCodec.EncodeDeleted(origin, deleted), cancellationToken).ConfigureAwait(false);
            _markers.Add(key);
            await _log.WriteSnapshotAsync(key, null, cancellationToken).ConfigureAwait(false);
            await TombstoneChunksAsync(key, cancellationToken).ConfigureAwait(false);
            _pendingDeletions.Remove(origin);
        }
    }

    private static bool IsUnsaved(ZoneState zone) => zone.Status == ZoneStatus.Current && zone.RecordsSinceSnapshot > 0;

    /// <summary>The zones due: of those with records since the last check, the ones due by count or time; then those whose interval ended.</summary>
    private HashSet<ZoneState> Due(DateTimeOffset now)
    {
        var due = new HashSet<ZoneState>();
        foreach (DomainName origin in _unchecked)
        {
            if (!Check(origin, out ZoneState? zone))
            {
                continue;
            }

            // Writing a snapshot costs as much as the zone is large, so by count a zone is written only once it has had at
            // least as many records as it holds: the cost per record stays bounded, and so does the tail a restart replays.
            if (zone.RecordsSinceSnapshot >= Math.Max(_options.EveryRecords, zone.Version.RecordCount))
            {
                due.Add(zone);
                continue;
            }

            // The interval counts from when this writer first saw the zone with unsaved records.
            DateTimeOffset from = zone.SnapshotIntervalFrom ??= now;
            Schedule(zone, _options.EveryInterval < DateTimeOffset.MaxValue - from ? from + _options.EveryInterval : DateTimeOffset.MaxValue);
        }

        _unchecked.Clear();
        while (_schedule.Count > 0 && _schedule.Min.Due <= now)
        {
            (DateTimeOffset at, DomainName origin) = _schedule.Min;
            _schedule.Remove(_schedule.Min);
            if (Check(origin, out ZoneState? zone) && zone.SnapshotDueAt == at)
            {
                zone.SnapshotDueAt = null;
                due.Add(zone);
            }
        }

        return due;
    }

    private bool Check(DomainName origin, [NotNullWhen(true)] out ZoneState? zone)
    {
        _metrics?.SnapshotCheck();
        return _materializer.TryGetZone(origin, out zone) && IsUnsaved(zone);
    }

    private void Schedule(ZoneState zone, DateTimeOffset due)
    {
        Unschedule(zone);
        zone.SnapshotDueAt = due;
        _schedule.Add((due, zone.Origin));
    }

    private void Unschedule(ZoneState zone)
    {
        if (zone.SnapshotDueAt is { } due)
        {
            _schedule.Remove((due, zone.Origin));
            zone.SnapshotDueAt = null;
        }
    }

    private async Task TombstoneChunksAsync(string zoneKey, CancellationToken cancellationToken)
    {
        if (_chunkKeys.Remove(zoneKey, out string[]? chunks))
        {
            foreach (string chunk in chunks)
            {
                await _log.WriteSnapshotAsync(chunk, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // A partition's checkpoint is the highest offset up to which every zone's records are in a written
    // snapshot: below the first unsaved record of any zone or pending deletion, and below any stale zone's gap.
    private async Task WriteCheckpointsAsync(CancellationToken cancellationToken)
    {
        foreach ((int partition, long next) in _materializer.NextOffsets.OrderBy(entry => entry.Key).ToArray())
        {
            if (_noCheckpoint.Contains(partition))
            {
                continue;
            }

            long checkpoint = next - 1;
            if (_materializer.FirstUncoveredOffset(partition) is { } uncovered)
            {
                checkpoint = Math.Min(checkpoint, uncovered - 1);
            }

            foreach (DeletedZone deleted in _pendingDeletions.Values.Where(deleted => deleted.Position.Partition == partition))
            {
                checkpoint = Math.Min(checkpoint, (deleted.FirstOffsetSinceSnapshot ?? deleted.Position.Offset) - 1);
            }

            if (checkpoint >= 0 && (!_checkpoints.TryGetValue(partition, out long written) || checkpoint > written))
            {
                await _log.WriteSnapshotAsync(PartitionCheckpoint.KeyOf(partition), ChangeLogJson.Serialize(new PartitionCheckpoint { Partition = partition, Offset = checkpoint }), cancellationToken).ConfigureAwait(false);
                _checkpoints[partition] = checkpoint;
            }
        }
    }

    private void OnZoneChanged(ZoneChange zoneEvent)
    {
        if (zoneEvent.Kind == ZoneChangeKind.Deleted)
        {
            _metrics?.ZoneDeleted(zoneEvent.Origin);
            // Deletions are rare; the zone's state went with it, so its place in the schedule is found by name.
            _schedule.RemoveWhere(entry => entry.Origin == zoneEvent.Origin);
            if (_materializer.DeletedZones.TryGetValue(zoneEvent.Origin, out DeletedZone? deleted))
            {
                _pendingDeletions[zoneEvent.Origin] = deleted;
            }
        }
        else if (zoneEvent.Kind == ZoneChangeKind.Created)
        {
            _pendingDeletions.Remove(zoneEvent.Origin);
            _metrics?.SnapshotAgeFrom(zoneEvent.Origin);
        }
        else if (zoneEvent.Kind == ZoneChangeKind.Loaded)
        {
            _metrics?.SnapshotAgeFrom(zoneEvent.Origin);
        }
    }

    /// <summary>A zone as <see cref="Capture"/> took it on the ingestion loop, and, once written, its chunks and value count.</summary>
    private sealed record CapturedZone(
        ZoneState State, Func<int, IReadOnlyList<KeyValuePair<string, byte[]>>> Encode, uint Serial, LogPosition Position,
        string[] PreviousChunks, bool HadDeletionMarker, UnsavedRecords Covered)
    {
        public (string[] Chunks, int Values)? Written { get; set; }
    }

    /// <summary>The zones being written in the background, and the write.</summary>
    private sealed record ZoneWrite(CapturedZone[] Zones, Task Task)
    {
        /// <summary>Completes with the write, whatever its outcome.</summary>
        public Task Done { get; } = Task.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
