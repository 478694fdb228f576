namespace DnsSuite.ChangeLog;

/// <summary>
/// The change log the primary materializes zones from (docs/change-log.md): a
/// partitioned changes topic keyed by zone apex (all of a zone's records in one partition, so they are
/// totally ordered) and a compacted snapshots topic keyed by zone or chunk key.
/// </summary>
public interface IChangeLog : IAsyncDisposable
{
    /// <summary>Where the log lives, for log messages, e.g. "embedded log in /var/lib/dnssuite".</summary>
    string Description { get; }

    /// <summary>
    /// Appends a change for <paramref name="zoneKey"/> (the zone apex, lower-case, absolute) and returns its
    /// position once the record is durable. Cancelling may leave the outcome unknown: the record may
    /// still be appended.
    /// </summary>
    Task<LogPosition> AppendChangeAsync(string zoneKey, byte[] value, CancellationToken cancellationToken);

    /// <summary>The log start and high watermark of every changes partition, as seen now.</summary>
    Task<IReadOnlyList<PartitionOffsets>> GetChangeOffsetsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Endless tail of the changes topic from the given next offsets (partitions not listed: from their log
    /// start). Yields records in offset order per partition as they arrive; ends only by cancellation.
    /// </summary>
    /// <exception cref="LogTruncatedException">A requested offset is below the partition's log start
    /// (retention deleted it), at the start or later while tailing: records are never silently skipped.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A listed partition does not exist, or a requested offset
    /// is negative or beyond the partition's high watermark.</exception>
    IAsyncEnumerable<LogRecord> ReadChangesAsync(IReadOnlyDictionary<int, long> nextOffsets, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/> as the latest snapshot for <paramref name="key"/>; null writes a tombstone.</summary>
    Task WriteSnapshotAsync(string key, byte[]? value, CancellationToken cancellationToken);

    /// <summary>
    /// Every snapshot record from the start to the end seen when called, then completes. A key may appear
    /// more than once (the last one wins) and a tombstone (null value) may appear for a deleted key.
    /// </summary>
    IAsyncEnumerable<LogRecord> ReadSnapshotsAsync(CancellationToken cancellationToken);
}
