using Microsoft.Extensions.Logging;

namespace DnsSuite.Primary.Materialization;

internal static partial class Log
{
    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Rejected change {Source} partition {Partition} offset {Offset} key {Key}: {Reason}: {Detail}")]
    public static partial void Rejected(ILogger logger, string source, int partition, long offset, string key, RejectionReason reason, string detail);

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "Zone {Zone} has changes in partition {Partition} (offset {Offset}) but belongs to partition {ZonePartition}: the change is rejected; check the producer's partitioner")]
    public static partial void PartitionConflict(ILogger logger, string zone, int partition, long offset, int zonePartition);

    [LoggerMessage(EventId = 403, Level = LogLevel.Error, Message = "Zone {Zone} is STALE and not served: it needs changes from partition {Partition} offset {Needed}, but the log starts at {LogStart} (retention deleted them). Write a newer snapshot from a healthy primary and restart.")]
    public static partial void ZoneRetentionGap(ILogger logger, string zone, int partition, long needed, long logStart);

    [LoggerMessage(EventId = 404, Level = LogLevel.Error, Message = "Changes partition {Partition} is needed from offset {Needed}, but the log starts at {LogStart}: zones created before {LogStart} without a snapshot are missing. Snapshots must be written more often than the changes topic expires.")]
    public static partial void PartitionRetentionGap(ILogger logger, int partition, long needed, long logStart);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "Ignoring the snapshot value of key '{Key}': {Reason}")]
    public static partial void SnapshotIgnored(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 406, Level = LogLevel.Information, Message = "Loaded {Zones} zone snapshots and {Deleted} deleted-zone markers; tailing {Source} from {Starts}")]
    public static partial void SnapshotsLoaded(ILogger logger, int zones, int deleted, string source, string starts);

    [LoggerMessage(EventId = 407, Level = LogLevel.Information, Message = "Caught up with {Source} to the high watermarks seen at start; ready")]
    public static partial void Ready(ILogger logger, string source);

    [LoggerMessage(EventId = 408, Level = LogLevel.Debug, Message = "Wrote snapshot of {Zone} serial {Serial} at partition {Partition} offset {Offset} in {Values} value(s)")]
    public static partial void SnapshotWritten(ILogger logger, string zone, uint serial, int partition, long offset, int values);

    [LoggerMessage(EventId = 409, Level = LogLevel.Error, Message = "Change log {Source} lost records while tailing: {Detail}")]
    public static partial void TruncatedWhileTailing(ILogger logger, string source, string detail);

    [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "Ignoring the journal in the snapshot of '{Key}' (the zone loads without history; older secondaries get AXFR): {Reason}")]
    public static partial void SnapshotJournalIgnored(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 411, Level = LogLevel.Warning, Message = "A snapshot write failed as ingestion ended; its zones are written at the next chance: {Detail}")]
    public static partial void SnapshotWriteFailed(ILogger logger, string detail);

    [LoggerMessage(EventId = 412, Level = LogLevel.Warning, Message = "Rejected {Count} more changes from {Source} in the last {Seconds} s without logging each: {Reasons} (the rejected-changes metric counts every one)")]
    public static partial void RejectionsSummarized(ILogger logger, int count, string source, double seconds, string reasons);
}
