using DnsSuite.ChangeLog;

namespace DnsSuite.TestSupport.ChangeLog;

/// <summary>
/// A reader of <see cref="IChangeLog.ReadChangesAsync"/> whose every wait has a timeout, so a record that
/// never arrives fails the test with a clear message instead of hanging it.
/// </summary>
public sealed class LogTail : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly CancellationTokenSource stop = new();
    private readonly IAsyncEnumerator<LogRecord> records;
    private Task<bool>? pending;

    /// <summary>Starts reading <paramref name="log"/> from <paramref name="nextOffsets"/>.</summary>
    public LogTail(IChangeLog log, IReadOnlyDictionary<int, long> nextOffsets)
    {
        records = log.ReadChangesAsync(nextOffsets, stop.Token).GetAsyncEnumerator(stop.Token);
    }

    public static LogTail FromStart(IChangeLog log) => new(log, new Dictionary<int, long>());

    public static LogTail From(IChangeLog log, LogPosition position) =>
        new(log, new Dictionary<int, long> { [position.Partition] = position.Offset });

    /// <summary>The next record; throws <see cref="TimeoutException"/> when none arrives in time.</summary>
    public async Task<LogRecord> NextAsync()
    {
        var next = pending ??= records.MoveNextAsync().AsTask();
        try
        {
            await next.WaitAsync(Timeout);
        }
        catch (TimeoutException) when (!next.IsCompleted)
        {
            throw new TimeoutException($"No change-log record arrived within {Timeout.TotalSeconds} s.");
        }
        finally
        {
            if (next.IsCompleted)
            {
                pending = null;
            }
        }

        if (!await next)
        {
            throw new InvalidOperationException("The change-log tail ended, but it must be endless.");
        }

        return records.Current;
    }

    public async Task<List<LogRecord>> TakeAsync(int count)
    {
        var taken = new List<LogRecord>(count);
        while (taken.Count < count)
        {
            taken.Add(await NextAsync());
        }

        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (pending is not null)
        {
            try
            {
                await pending;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await records.DisposeAsync();
        stop.Dispose();
    }
}
