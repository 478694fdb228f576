using System.Collections.Concurrent;
using System.Net;

namespace DnsSuite.Zones;

/// <summary>
/// A zone's NOTIFY state per target (RFC 1996): at most one NOTIFY outstanding to each, and whether another is wanted
/// once it is answered or given up. The NOTIFY sender keeps it here, with the zone, so it goes when the zone goes.
/// </summary>
public sealed class ZoneNotifications
{
    private readonly ConcurrentDictionary<IPEndPoint, NotifyTarget> _targets = new();

    public NotifyTarget this[IPEndPoint target] => _targets.GetOrAdd(target, static endPoint => new NotifyTarget(endPoint));

    /// <summary>The targets notified so far.</summary>
    public IEnumerable<NotifyTarget> Targets => _targets.Values;
}
