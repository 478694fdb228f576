namespace DnsSuite.Primary.Tests;

internal static class SnapshotRecords
{
    /// <summary>The last value of each key of the snapshots topic (null: a tombstone), as compaction would keep it.</summary>
    public static async Task<Dictionary<string, byte[]?>> LatestSnapshotsAsync(this IChangeLog log)
    {
        var latest = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        await foreach (LogRecord record in log.ReadSnapshotsAsync(CancellationToken.None))
        {
            latest[record.Key] = record.Value;
        }

        return latest;
    }
}
