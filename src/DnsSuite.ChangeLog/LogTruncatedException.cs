namespace DnsSuite.ChangeLog;

/// <summary>
/// A reader asked for an offset that retention already deleted: the records it needs are gone, so it
/// must not continue as if nothing was missing (it needs a newer snapshot).
/// </summary>
public sealed class LogTruncatedException : Exception
{
    /// <summary>Creates the exception for a read of <paramref name="requested"/> below <paramref name="logStart"/>.</summary>
    public LogTruncatedException(int partition, long requested, long logStart)
        : base($"Change log partition {partition} no longer holds offset {requested}: its log start is {logStart}, "
            + $"so the records from {requested} to {logStart - 1} were deleted by retention.")
    {
        Partition = partition;
        Requested = requested;
        LogStart = logStart;
    }

    /// <summary>The partition that was read.</summary>
    public int Partition { get; }

    /// <summary>The offset the reader asked for.</summary>
    public long Requested { get; }

    /// <summary>The partition's first stored offset when the read failed.</summary>
    public long LogStart { get; }
}
