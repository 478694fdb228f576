using System.Collections.Concurrent;
using System.Net;

namespace DnsSuite.Zones;

/// <summary>How a zone is doing, for operators: its last problem, its last successful refresh, and per NOTIFY target how the last NOTIFY went. Thread-safe.</summary>
public sealed class ZoneHealth(TimeProvider time)
{
    private readonly ConcurrentDictionary<IPEndPoint, NotifyResult> _notifyResults = new();
    private readonly Lock _lock = new();
    private ZoneProblem? _lastError;
    private DateTimeOffset? _lastRefresh;

    /// <summary>The last problem the zone had (a failed refresh, a NOTIFY not sent, an event that failed); null when none yet.</summary>
    public ZoneProblem? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    /// <summary>When a secondary zone last reached a primary; null for a primary's zone, or before the first contact.</summary>
    public DateTimeOffset? LastRefresh
    {
        get
        {
            lock (_lock)
            {
                return _lastRefresh;
            }
        }

        set
        {
            lock (_lock)
            {
                _lastRefresh = value;
            }
        }
    }

    /// <summary>The outcome of the last NOTIFY sent to each target.</summary>
    public IReadOnlyDictionary<IPEndPoint, NotifyResult> NotifyResults => _notifyResults;

    public void Failed(string problem)
    {
        lock (_lock)
        {
            _lastError = new ZoneProblem(problem, time.GetUtcNow());
        }
    }

    public void Notified(IPEndPoint target, uint serial, string outcome) => _notifyResults[target] = new NotifyResult(serial, outcome, time.GetUtcNow());
}
