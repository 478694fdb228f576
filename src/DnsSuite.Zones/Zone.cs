using DnsSuite.Protocol;

namespace DnsSuite.Zones;

/// <summary>A served zone: holds its latest version, which writers replace atomically while readers keep whichever version they took.</summary>
public sealed class Zone
{
    private ZoneVersion _current;
    private volatile bool _isExpired;

    public Zone(ZoneVersion initial)
    {
        _current = initial;
        Origin = initial.Origin;
    }

    public DomainName Origin { get; }

    public ZoneVersion Current => Volatile.Read(ref _current);

    /// <summary>
    /// True when a secondary could not reach any primary for the SOA expire interval (RFC 1035 §3.3.13):
    /// the data is no longer authoritative, so queries for the zone are answered SERVFAIL until a refresh succeeds.
    /// </summary>
    public bool IsExpired => _isExpired;

    public void SetExpired(bool expired) => _isExpired = expired;

    public void Publish(ZoneVersion next)
    {
        if (next.Origin != Origin)
        {
            throw new ArgumentException($"a version of {next.Origin} cannot be published as zone {Origin}", nameof(next));
        }

        Volatile.Write(ref _current, next);
    }
}
