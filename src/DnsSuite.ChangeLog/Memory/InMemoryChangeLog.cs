using System.Runtime.CompilerServices;

namespace DnsSuite.ChangeLog.Memory;

/// <summary>
/// A change log held in memory, for tests of the code that consumes the log. Like a Kafka topic it has
/// several partitions, and a key goes to partition <see cref="KafkaPartitioner.Partition"/>(key, count),
/// so a zone lands in the partition a real cluster would put it in. Snapshots are kept as an
/// uncompacted list: a key can appear several times and tombstones appear, as before Kafka compacts.
/// </summary>
public sealed class InMemoryChangeLog : IChangeLog
{
    private readonly object sync = new();
    private readonly TimeProvider time;
    private readonly List<LogRecord>[] partitions;
    private readonly long[] logStarts;
    private readonly List<LogRecord> snapshots = [];
    private TaskCompletionSource changed = NewSignal();
    private long lastTimestampMs;
    private bool disposed;

    /// <summary>Creates an empty log with <paramref name="partitionCount"/> changes partitions.</summary>
    public InMemoryChangeLog(int partitionCount = 3, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        time = timeProvider ?? TimeProvider.System;
        partitions = new List<LogRecord>[partitionCount];
        for (var i = 0; i < partitionCount; i++)
        {
            partitions[i] = [];
        }

        logStarts = new long[partitionCount];
    }

    /// <summary>The number of changes partitions.</summary>
    public int PartitionCount => partitions.Length;

    /// <inheritdoc />
    public string Description => $"in-memory log with {PartitionCount} partitions";

    /// <summary>The partition that holds the changes of <paramref name="zoneKey"/>.</summary>
    public int PartitionFor(string zoneKey) => KafkaPartitioner.Partition(zoneKey, PartitionCount);

    /// <inheritdoc />
    public Task<LogPosition> AppendChangeAsync(string zoneKey, byte[] value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoneKey);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        var partition = PartitionFor(zoneKey);
        LogPosition position;
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var records = partitions[partition];
            position = new LogPosition(partition, logStarts[partition] + records.Count);
            records.Add(new LogRecord(zoneKey, value.ToArray(), position, NextTimestamp()));
        }

        Signal();
        return Task.FromResult(position);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PartitionOffsets>> GetChangeOffsetsAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            IReadOnlyList<PartitionOffsets> offsets = [.. Enumerable.Range(0, PartitionCount).Select(OffsetsOf)];
            return Task.FromResult(offsets);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LogRecord> ReadChangesAsync(
        IReadOnlyDictionary<int, long> nextOffsets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nextOffsets);
        var next = new long[PartitionCount];
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            for (var p = 0; p < PartitionCount; p++)
            {
                next[p] = logStarts[p];
            }

            foreach (var (partition, offset) in nextOffsets)
            {
                if (partition < 0 || partition >= PartitionCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(nextOffsets), partition, $"The log has partitions 0 to {PartitionCount - 1}.");
                }

                var end = OffsetsOf(partition).HighWatermark;
                if (offset < 0 || offset > end)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(nextOffsets), offset, $"Offset {offset} is outside partition {partition} (high watermark {end}).");
                }

                next[partition] = offset;
            }
        }

        var batch = new List<LogRecord>();
        while (true)
        {
            Task signal;
            lock (sync)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                signal = changed.Task;
                for (var p = 0; p < PartitionCount; p++)
                {
                    if (next[p] < logStarts[p])
                    {
                        throw new LogTruncatedException(p, next[p], logStarts[p]);
                    }

                    var records = partitions[p];
                    var index = (int)(next[p] - logStarts[p]);
                    batch.AddRange(records.Skip(index));
                    next[p] = logStarts[p] + records.Count;
                }
            }

            foreach (var record in batch)
            {
                yield return record;
            }

            if (batch.Count == 0)
            {
                await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            batch.Clear();
        }
    }

    /// <inheritdoc />
    public Task WriteSnapshotAsync(string key, byte[]? value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            snapshots.Add(new LogRecord(key, value?.ToArray(), new LogPosition(0, snapshots.Count), NextTimestamp()));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LogRecord> ReadSnapshotsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        LogRecord[] seen;
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            seen = [.. snapshots];
        }

        foreach (var record in seen)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Retention: deletes the records of <paramref name="partition"/> before <paramref name="offset"/>.</summary>
    public Task TruncateBeforeAsync(int partition, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, PartitionCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var end = OffsetsOf(partition).HighWatermark;
            if (offset > end)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(offset), offset, $"Cannot truncate beyond the end of partition {partition} (high watermark {end}).");
            }

            if (offset > logStarts[partition])
            {
                partitions[partition].RemoveRange(0, (int)(offset - logStarts[partition]));
                logStarts[partition] = offset;
            }
        }

        Signal();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lock (sync)
        {
            disposed = true;
        }

        Signal();
        return ValueTask.CompletedTask;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PartitionOffsets OffsetsOf(int partition) =>
        new(partition, logStarts[partition], logStarts[partition] + partitions[partition].Count);

    /// <summary>Like the embedded log, timestamps never go backwards. Called under the lock.</summary>
    private DateTimeOffset NextTimestamp()
    {
        lastTimestampMs = Math.Max(lastTimestampMs, time.GetUtcNow().ToUnixTimeMilliseconds());
        return DateTimeOffset.FromUnixTimeMilliseconds(lastTimestampMs);
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (sync)
        {
            previous = changed;
            changed = NewSignal();
        }

        previous.TrySetResult();
    }
}
