namespace DnsSuite.ChangeLog.Embedded;

/// <summary>A decoded record frame; <see cref="Size"/> is its length on disk, header included.</summary>
internal readonly record struct Frame(long Offset, long TimestampMs, string Key, byte[] Value, int Size);
