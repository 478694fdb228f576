namespace DnsSuite.ChangeLog.Kafka;

/// <summary>
/// Where a snapshot read ends: the high watermark of each partition captured when the read started. Offsets
/// may have gaps (compaction, transaction markers), so a partition is done when its last record below the
/// watermark arrives or when the consumer reports that it reached the partition's end.
/// </summary>
internal sealed class SnapshotEnd(IReadOnlyDictionary<int, long> highWatermarks)
{
    private readonly HashSet<int> open = [.. highWatermarks.Keys];

    public bool IsComplete => open.Count == 0;

    /// <summary>Whether the record belongs to the read (it was there when the read started).</summary>
    public bool Accept(int partition, long offset)
    {
        var end = highWatermarks[partition];
        if (offset >= end - 1)
        {
            open.Remove(partition);
        }

        return offset < end;
    }

    public void EndOfPartition(int partition, long position)
    {
        if (position >= highWatermarks[partition])
        {
            open.Remove(partition);
        }
    }
}
