using DnsSuite.Protocol;

namespace DnsSuite.Zones.Events;

/// <summary>
/// One zone's event runner (as Knot's zone events): one slot per <see cref="ZoneEventKind"/>, each holding when the
/// event is due and what it does; the earliest due event runs first, one at a time, on a loop that exists only while
/// something is scheduled. Scheduling a kind that is already scheduled keeps the earlier time, so a burst of requests
/// is one event. An event that throws is reported and the runner goes on. Time comes from the zone's clock, so tests
/// move it. Thread-safe.
/// </summary>
public sealed class ZoneEvents
{
    private static readonly int KindCount = Enum.GetValues<ZoneEventKind>().Length;
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    private readonly DomainName _origin;
    private readonly TimeProvider _time;
    private readonly Action<ZoneEventKind, Exception> _failed;
    private readonly Lock _lock = new();
    private readonly (DateTimeOffset Due, Func<CancellationToken, Task> Action)?[] _slots = new (DateTimeOffset, Func<CancellationToken, Task>)?[KindCount];
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource? _wake;
    private Task _loop = Task.CompletedTask;
    private bool _looping;
    private bool _stopped;

    /// <param name="failed">Told of an event that threw (the zone's health records it).</param>
    public ZoneEvents(DomainName origin, TimeProvider time, Action<ZoneEventKind, Exception> failed)
    {
        _origin = origin;
        _time = time;
        _failed = failed;
    }

    /// <summary>Cancelled when the zone is retired: what an event started beside the runner stops on.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The clock events are due by.</summary>
    public TimeProvider Time => _time;

    /// <summary>
    /// Schedules <paramref name="action"/> as the <paramref name="kind"/> event at <paramref name="due"/>, or at the time
    /// already scheduled for that kind when that is earlier; the action is the one given last. Nothing once stopped.
    /// </summary>
    public void Schedule(ZoneEventKind kind, DateTimeOffset due, Func<CancellationToken, Task> action) => Set(kind, due, action, keepEarlier: true);

    /// <summary>Schedules the <paramref name="kind"/> event at <paramref name="due"/> exactly, earlier or later than before.</summary>
    public void Reschedule(ZoneEventKind kind, DateTimeOffset due, Func<CancellationToken, Task> action) => Set(kind, due, action, keepEarlier: false);

    /// <summary>Schedules the event to run as soon as the runner is free.</summary>
    public void ScheduleNow(ZoneEventKind kind, Func<CancellationToken, Task> action) => Schedule(kind, _time.GetUtcNow(), action);

    /// <summary>Unschedules the event (one that is running goes on).</summary>
    public void Cancel(ZoneEventKind kind)
    {
        lock (_lock)
        {
            _slots[(int)kind] = null;
            _wake?.Cancel();
        }
    }

    /// <summary>When the event is due; null when it is not scheduled.</summary>
    public DateTimeOffset? DueAt(ZoneEventKind kind)
    {
        lock (_lock)
        {
            return _slots[(int)kind]?.Due;
        }
    }

    /// <summary>Stops the runner for good: nothing scheduled runs, a running event is cancelled and waited for.</summary>
    public async Task StopAsync()
    {
        Task loop;
        lock (_lock)
        {
            _stopped = true;
            Array.Clear(_slots);
            loop = _loop;
            _wake?.Cancel();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public override string ToString() => $"events of {_origin}";

    private void Set(ZoneEventKind kind, DateTimeOffset due, Func<CancellationToken, Task> action, bool keepEarlier)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            if (keepEarlier && _slots[(int)kind] is { } scheduled && scheduled.Due < due)
            {
                due = scheduled.Due;
            }

            _slots[(int)kind] = (due, action);
            if (_looping)
            {
                _wake?.Cancel();
                return;
            }

            _looping = true;
            _loop = Task.Run(RunAsync, CancellationToken.None);
        }
    }

    private async Task RunAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (true)
        {
            ZoneEventKind kind = default;
            Func<CancellationToken, Task>? action = null;
            DateTimeOffset now;
            DateTimeOffset due = DateTimeOffset.MaxValue;
            CancellationTokenSource wake;
            lock (_lock)
            {
                now = _time.GetUtcNow();
                for (int i = 0; i < KindCount; i++)
                {
                    if (_slots[i] is { } slot && slot.Due < due)
                    {
                        (kind, due) = ((ZoneEventKind)i, slot.Due);
                    }
                }

                if (_stopped || due == DateTimeOffset.MaxValue)
                {
                    _looping = false;
                    return;
                }

                if (due <= now)
                {
                    action = _slots[(int)kind]!.Value.Action;
                    _slots[(int)kind] = null;
                }

                _wake?.Dispose();
                _wake = wake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            }

            if (action is not null)
            {
                await RunAsync(kind, action, stopping).ConfigureAwait(false);
                continue;
            }

            TimeSpan wait = due - now;
            Task delay = Task.Delay(wait < MaxWait ? wait : MaxWait, _time, wake.Token);
            // The delay counts from the clock when it was created: if the clock moved since `now`, look again.
            if (_time.GetUtcNow() != now)
            {
                await wake.CancelAsync().ConfigureAwait(false);
            }

            await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await wake.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync(ZoneEventKind kind, Func<CancellationToken, Task> action, CancellationToken stopping)
    {
        try
        {
            await action(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Retired: the event is abandoned.
        }
        catch (Exception e)
        {
            // A bug in one event must not stop the zone's other events.
            _failed(kind, e);
        }
    }
}
