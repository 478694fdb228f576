namespace DnsSuite.ChangeLog;

/// <summary>
/// One record read from the change log or the snapshot store. <paramref name="Value"/> is null for a
/// tombstone. <paramref name="Timestamp"/> is the log's record timestamp, assigned when the record was
/// appended and stored with it (serials are derived from it, so it never comes from the reader's clock).
/// </summary>
public sealed record LogRecord(string Key, byte[]? Value, LogPosition Position, DateTimeOffset Timestamp);
