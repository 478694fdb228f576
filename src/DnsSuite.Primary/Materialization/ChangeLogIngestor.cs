using System.Globalization;
using System.Runtime.CompilerServices;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;
using DnsSuite.Zones;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// Start-up and tail of a primary (docs/change-log.md, "Start-up"): loads the snapshots topic (last value per
/// key), works out per partition where the changes are needed from, reports retention gaps, tails the
/// changes into the <see cref="ZoneMaterializer"/>, and is ready once caught up with the high watermarks
/// seen at start.
/// </summary>
public sealed class ChangeLogIngestor
{
    // A backlog is applied in runs whose changes are published together (ZoneMaterializer.ApplyStaged): at most this long
    // or this many records, so that queries and UPDATE answers see a change soon even while the backlog lasts.
    private static readonly long PublishEveryTicks = System.Diagnostics.Stopwatch.Frequency / 100;
    private const int PublishEveryRecords = 10_000;
    // The thread that reads and decodes the changes (Linux shows the first 15 characters of a thread's name).
    private const string DecoderThreadName = "changes decode";

    private readonly IChangeLog _log;
    private readonly ZoneMaterializer _materializer;
    private readonly SnapshotWriter? _writer;
    private readonly ILogger _logger;
    private readonly ChangeLogMetrics? _metrics;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<RetentionGap> _gaps = [];
    private readonly Lock _gapsLock = new();
    private Dictionary<int, long> _startHighWatermarks = [];
    private int _stagedRecords;
    private long _firstStagedAt;

    public ChangeLogIngestor(IChangeLog log, ZoneMaterializer materializer, SnapshotWriter? writer = null, ILogger<ChangeLogIngestor>? logger = null, ChangeLogMetrics? metrics = null)
    {
        _log = log;
        _materializer = materializer;
        _writer = writer;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
    }

    /// <summary>Whether the changes up to the high watermarks seen at start are applied.</summary>
    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>
    /// Raised once when the log is caught up, just before <see cref="Ready"/> completes, in the ingestion loop: the
    /// handler may read the materializer, which no record changes meanwhile.
    /// </summary>
    public event Action? CaughtUp;

    /// <summary>Completes when <see cref="IsReady"/> becomes true.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Retention gaps found so far: stale zones, and partitions that may lack zones.</summary>
    public IReadOnlyList<RetentionGap> Gaps
    {
        get
        {
            lock (_gapsLock)
            {
                return [.. _gaps];
            }
        }
    }

    /// <summary>Loads the snapshots and tails the changes until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Dictionary<int, long> starts = await LoadAsync(cancellationToken).ConfigureAwait(false);
        CheckReady();
        try
        {
            await TailAsync(starts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever ends the tail, the zones show every record applied: a snapshot written after it stays true.
            Publish();
            if (_writer is not null)
            {
                await _writer.SettleAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task TailAsync(Dictionary<int, long> starts, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var records = new DecodingReader(_log.ReadChangesAsync(starts, reading.Token), DecoderThreadName, reading.Token);
                await using ConfiguredAsyncDisposable dispose = records.ConfigureAwait(false);
                while (await NextAsync(records, reading, cancellationToken).ConfigureAwait(false))
                {
                    if (_stagedRecords++ == 0)
                    {
                        _firstStagedAt = System.Diagnostics.Stopwatch.GetTimestamp();
                    }

                    _materializer.ApplyStaged(records.Current);
                }

                await PublishAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (LogTruncatedException e)
            {
                Publish();
                // Retention overtook this reader while it tailed: what it missed is gone for the zones of that partition.
                Log.TruncatedWhileTailing(_logger, _log.Description, e.Message);
                starts = new Dictionary<int, long>(_materializer.NextOffsets) { [e.Partition] = e.LogStart };
                ReportPartitionGap(e.Partition, e.Requested, e.LogStart);
                foreach (ZoneState zone in _materializer.Zones.Where(zone => zone.Partition == e.Partition && zone.Status == ZoneStatus.Current).ToArray())
                {
                    ReportZoneGap(zone, e.Requested, e.LogStart);
                }

                _materializer.SetNextOffset(e.Partition, e.LogStart);
            }
        }
    }

    /// <summary>
    /// The next record. Publishes the staged records when the next is not there yet or the run is long enough, then
    /// writes the snapshots that are due; while no record arrives, writes those that become due by time (a zone
    /// changed once and then quiet is still written after <see cref="SnapshotWriterOptions.EveryInterval"/>).
    /// </summary>
    private async Task<bool> NextAsync(DecodingReader records, CancellationTokenSource reading, CancellationToken cancellationToken)
    {
        ValueTask<bool> next = records.MoveNextAsync();
        bool runEnds = _stagedRecords >= PublishEveryRecords
            || (_stagedRecords > 0 && System.Diagnostics.Stopwatch.GetTimestamp() - _firstStagedAt >= PublishEveryTicks);
        if (next.IsCompleted && !runEnds)
        {
            return await next.ConfigureAwait(false);
        }

        try
        {
            await PublishAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await reading.CancelAsync().ConfigureAwait(false);
            await ((Task)next.AsTask()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        if (next.IsCompleted || _writer is null || !IsReady)
        {
            return await next.ConfigureAwait(false);
        }

        Task<bool> pending = next.AsTask();
        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task due = _writer.WhenDueAsync(idle.Token);
            Task first = await Task.WhenAny(pending, due).ConfigureAwait(false);
            await idle.CancelAsync().ConfigureAwait(false);
            if (first == pending)
            {
                return await pending.ConfigureAwait(false);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                // Stopping: the wait for a due snapshot ended by the cancellation, which may run this loop inline before
                // the pending read sees it; the enumerator is disposed only once that read has finished.
                await reading.CancelAsync().ConfigureAwait(false);
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                cancellationToken.ThrowIfCancellationRequested();
            }

            try
            {
                await _writer.StartDueAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The enumerator may be disposed only once its pending MoveNextAsync has finished.
                await reading.CancelAsync().ConfigureAwait(false);
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }
        }
    }

    /// <summary>Publishes the staged records, checks whether that makes the ingestor ready, and writes the snapshots then due.</summary>
    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        Publish();
        if (_writer is not null && IsReady)
        {
            await _writer.StartDueAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Publish()
    {
        _stagedRecords = 0;
        _materializer.Publish();
        CheckReady();
    }

    private async Task<Dictionary<int, long>> LoadAsync(CancellationToken cancellationToken)
    {
        LoadedSnapshots loaded = await SnapshotLoader.LoadAsync(_log, _materializer, cancellationToken).ConfigureAwait(false);
        int deletedCount = 0;
        foreach (SnapshotEntry entry in loaded.Entries)
        {
            switch (entry.Kind)
            {
                case SnapshotEntryKind.Ignored:
                    IgnoreSnapshot(entry.Key, entry.Problem!);
                    break;
                case SnapshotEntryKind.Loaded:
                    if (entry.Problem is { } journalProblem)
                    {
                        Log.SnapshotJournalIgnored(_logger, entry.Key, journalProblem);
                        _metrics?.SnapshotIgnored();
                    }

                    _writer?.RememberChunks(entry.Key, ZoneSnapshotCodec.ChunkKeys(entry.Snapshot!));
                    break;
                case SnapshotEntryKind.Deleted or SnapshotEntryKind.DeletionSuperseded:
                    if (entry.IsMarker)
                    {
                        _writer?.RememberDeletionMarker(entry.Key[..^ZoneSnapshotCodec.DeletionMarkerSuffix.Length]);
                    }

                    deletedCount += entry.Kind == SnapshotEntryKind.Deleted ? 1 : 0;
                    break;
            }
        }

        IReadOnlyList<PartitionOffsets> offsets = await _log.GetChangeOffsetsAsync(cancellationToken).ConfigureAwait(false);
        _startHighWatermarks = offsets.ToDictionary(p => p.Partition, p => p.HighWatermark);
        var starts = new Dictionary<int, long>();
        foreach (PartitionOffsets partition in offsets.OrderBy(p => p.Partition))
        {
            // Without a trusted checkpoint a zone that never had a snapshot may start anywhere: read from offset 0.
            long? checkpoint = loaded.Checkpoints.TryGetValue(partition.Partition, out long c) ? c : null;
            if (checkpoint is { } trusted)
            {
                _writer?.RememberCheckpoint(partition.Partition, trusted);
            }

            long needed = (checkpoint ?? -1) + 1;
            if (needed < partition.LogStartOffset)
            {
                ReportPartitionGap(partition.Partition, needed, partition.LogStartOffset);
            }

            foreach (ZoneState zone in _materializer.Zones.Where(zone => zone.Partition == partition.Partition).ToArray())
            {
                // A checkpoint at or past the zone's snapshot says the zone had no records in between.
                long zoneNeeded = Math.Max(zone.Position.Offset, checkpoint ?? -1) + 1;
                if (zoneNeeded < partition.LogStartOffset)
                {
                    ReportZoneGap(zone, zoneNeeded, partition.LogStartOffset);
                }
            }

            long start = Math.Clamp(needed, partition.LogStartOffset, partition.HighWatermark);
            starts[partition.Partition] = start;
            _materializer.SetNextOffset(partition.Partition, start);
        }

        Log.SnapshotsLoaded(_logger, _materializer.Zones.Count, deletedCount, _log.Description,
            string.Join(", ", starts.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}:{s.Value}"))));
        return starts;
    }

    private void CheckReady()
    {
        if (!IsReady && IsCaughtUp())
        {
            Log.Ready(_logger, _log.Description);
            CaughtUp?.Invoke();
            _ready.TrySetResult();
        }
    }

    // Called for every record until ready, so a loop rather than a LINQ query and its closure.
    private bool IsCaughtUp()
    {
        foreach ((int partition, long highWatermark) in _startHighWatermarks)
        {
            if (_materializer.NextOffset(partition) < highWatermark)
            {
                return false;
            }
        }

        return true;
    }

    private void IgnoreSnapshot(string key, string reason)
    {
        Log.SnapshotIgnored(_logger, key, reason);
        _metrics?.SnapshotIgnored();
    }

    private void ReportPartitionGap(int partition, long needed, long logStart)
    {
        Log.PartitionRetentionGap(_logger, partition, needed, logStart);
        _writer?.SuppressCheckpoints(partition);
        AddGap(new RetentionGap(null, partition, needed, logStart));
    }

    private void ReportZoneGap(ZoneState zone, long needed, long logStart)
    {
        Log.ZoneRetentionGap(_logger, zone.Key, zone.Partition, needed, logStart);
        _materializer.MarkStale(zone);
        AddGap(new RetentionGap(zone.Origin, zone.Partition, needed, logStart));
    }

    private void AddGap(RetentionGap gap)
    {
        _metrics?.RetentionGap();
        lock (_gapsLock)
        {
            _gaps.Add(gap);
        }
    }
}
