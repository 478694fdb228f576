using DnsSuite.Protocol;

namespace DnsSuite.Zones;

/// <summary>A served zone: holds its latest version, which writers replace atomically while readers keep whichever version they took.</summary>
public sealed class Zone
{
    private ZoneVersion _current;

    public Zone(ZoneVersion initial)
    {
        _current = initial;
        Origin = initial.Origin;
    }

    public DomainName Origin { get; }

    public ZoneVersion Current => Volatile.Read(ref _current);

    public void Publish(ZoneVersion next)
    {
        if (next.Origin != Origin)
        {
            throw new ArgumentException($"a version of {next.Origin} cannot be published as zone {Origin}", nameof(next));
        }

        Volatile.Write(ref _current, next);
    }
}
