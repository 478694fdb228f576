using System.Runtime;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// Gives back the memory a burst of large rejected change messages leaves behind: decoding them grows the heap, and
/// with nothing allocated afterwards the garbage collector never runs to return those pages. Once the rejected
/// messages add up to <see cref="Threshold"/> and none has come for <see cref="Quiet"/>, one compacting collection
/// that decommits free memory runs (off the ingestion thread; it pauses the process for as long as a start-up
/// collection, so it is kept for bursts: a trickle of small rejections reaches the threshold seldom).
/// </summary>
public sealed class RejectedMemoryReclaimer
{
    public const long Threshold = 16 * 1024 * 1024;

    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly Action _reclaim;
    private readonly Lock _lock = new();
    private long _pending;
    private ITimer? _timer;

    /// <param name="reclaim">What gives the memory back; a compacting, decommitting collection of the whole heap by default.</param>
    public RejectedMemoryReclaimer(TimeProvider time, Action? reclaim = null)
    {
        _time = time;
        _reclaim = reclaim ?? Collect;
    }

    /// <summary>Counts a rejected message of <paramref name="bytes"/>.</summary>
    public void Rejected(long bytes)
    {
        lock (_lock)
        {
            _pending += bytes;
            if (_pending < Threshold)
            {
                return;
            }

            // Each large rejection pushes the collection back: it runs once the burst is over.
            _timer ??= _time.CreateTimer(_ => Reclaim(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(Quiet, Timeout.InfiniteTimeSpan);
        }
    }

    private void Reclaim()
    {
        lock (_lock)
        {
            _pending = 0;
        }

        _reclaim();
    }

    private static void Collect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
