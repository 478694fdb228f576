namespace DnsSuite.Primary.Materialization;

/// <summary>
/// Keeps the logging of rejected change messages bounded whatever a producer sends: the first
/// <see cref="MaxPerWindow"/> rejections of a <see cref="Window"/> are logged one by one; the others are counted and
/// summarized in one line (count per reason) when the window ends. The metrics still count every rejection.
/// </summary>
public sealed class RejectionLogLimiter
{
    public const int MaxPerWindow = 20;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly Action<int, string> _summarize;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<RejectionReason, int> _suppressed = [];
    private long _windowStart;
    private int _logged;
    private int _suppressedCount;
    private ITimer? _flush;

    /// <param name="summarize">Logs a summary: how many rejections were not logged, and the count per reason as text.</param>
    public RejectionLogLimiter(TimeProvider time, Action<int, string> summarize)
    {
        _time = time;
        _summarize = summarize;
    }

    /// <summary>Whether a rejection for <paramref name="reason"/> is logged on its own; if not, it is counted for the summary.</summary>
    public bool Admit(RejectionReason reason)
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            if (_logged > 0 && _time.GetElapsedTime(_windowStart, now) >= Window)
            {
                FlushLocked();
            }

            if (_logged == 0)
            {
                _windowStart = now;
            }

            if (_logged < MaxPerWindow)
            {
                _logged++;
                return true;
            }

            _suppressed[reason] = _suppressed.GetValueOrDefault(reason) + 1;
            if (_suppressedCount++ == 0)
            {
                TimeSpan left = Window - _time.GetElapsedTime(_windowStart, now);
                _flush = _time.CreateTimer(_ => Flush(), null, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }

            return false;
        }
    }

    private void Flush()
    {
        lock (_lock)
        {
            FlushLocked();
        }
    }

    /// <summary>Ends the window: logs the summary of what it did not log, if anything.</summary>
    private void FlushLocked()
    {
        _flush?.Dispose();
        _flush = null;
        if (_suppressedCount > 0)
        {
            _summarize(_suppressedCount, string.Join(", ", _suppressed.Select(entry => $"{entry.Key} {entry.Value}")));
        }

        _suppressed.Clear();
        _suppressedCount = 0;
        _logged = 0;
    }
}
