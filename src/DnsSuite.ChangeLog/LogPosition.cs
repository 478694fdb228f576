namespace DnsSuite.ChangeLog;

/// <summary>The place of a record in the change log: a partition and the record's offset in it.</summary>
public readonly record struct LogPosition(int Partition, long Offset);
