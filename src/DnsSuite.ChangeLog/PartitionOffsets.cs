namespace DnsSuite.ChangeLog;

/// <summary>
/// The readable range of one partition: <paramref name="LogStartOffset"/> is the first offset still stored
/// (retention deletes older ones) and <paramref name="HighWatermark"/> the next offset to be written.
/// </summary>
public sealed record PartitionOffsets(int Partition, long LogStartOffset, long HighWatermark);
