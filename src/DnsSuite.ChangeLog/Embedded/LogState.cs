namespace DnsSuite.ChangeLog.Embedded;

/// <summary>
/// What is known to be durable in changes.log: offsets [LogStart, NextOffset) occupy bytes
/// [header, EndPosition). Readers never read past EndPosition, so they never see an unflushed record.
/// </summary>
internal sealed record LogState(long LogStart, long NextOffset, long EndPosition, long LastTimestampMs);
