namespace DnsSuite.Primary.Tests;

/// <summary>
/// A log whose snapshot writes wait at a gate (and fail with <see cref="Failure"/> once through it, when set), to
/// catch a snapshot writer in the middle of a write; everything else goes straight to the inner log.
/// </summary>
internal sealed class GatedSnapshotLog(IChangeLog inner) : IChangeLog
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;

    public string Description => inner.Description;

    /// <summary>What a snapshot write throws once through the gate (null: it writes).</summary>
    public Exception? Failure { get; set; }

    /// <summary>Snapshot writes waiting at the gate now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public void Open() => _gate.TrySetResult();

    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task WriteSnapshotAsync(string key, byte[]? value, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        await inner.WriteSnapshotAsync(key, value, cancellationToken);
    }

    public Task<LogPosition> AppendChangeAsync(string zoneKey, byte[] value, CancellationToken cancellationToken) =>
        inner.AppendChangeAsync(zoneKey, value, cancellationToken);

    public Task<IReadOnlyList<PartitionOffsets>> GetChangeOffsetsAsync(CancellationToken cancellationToken) => inner.GetChangeOffsetsAsync(cancellationToken);

    public IAsyncEnumerable<LogRecord> ReadChangesAsync(IReadOnlyDictionary<int, long> nextOffsets, CancellationToken cancellationToken) =>
        inner.ReadChangesAsync(nextOffsets, cancellationToken);

    public IAsyncEnumerable<LogRecord> ReadSnapshotsAsync(CancellationToken cancellationToken) => inner.ReadSnapshotsAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
