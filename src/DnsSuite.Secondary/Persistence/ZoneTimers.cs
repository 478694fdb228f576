namespace DnsSuite.Secondary.Persistence;

/// <summary>
/// The timers of a secondary zone that must survive a restart (Knot persists the same): when a primary was last
/// reached, and when the zone expires unless one is reached again. The next refresh is not kept: a restart checks at once.
/// </summary>
/// <param name="LastRefresh">The last successful contact with a primary; null when there was none.</param>
/// <param name="ExpireAt">When the zone stops being served (SERVFAIL) unless a primary is reached; null while it has no data.</param>
public sealed record ZoneTimers(DateTimeOffset? LastRefresh, DateTimeOffset? ExpireAt)
{
    public static readonly ZoneTimers None = new(null, null);

    public bool IsExpired(DateTimeOffset now) => ExpireAt is { } expireAt && now >= expireAt;
}
