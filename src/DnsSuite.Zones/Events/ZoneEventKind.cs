namespace DnsSuite.Zones.Events;

/// <summary>What a zone's event runner (<see cref="ZoneEvents"/>) can have scheduled, at most one of each.</summary>
public enum ZoneEventKind
{
    /// <summary>A secondary checks its primaries' SOA and transfers what is newer (SOA refresh timer, or a NOTIFY now).</summary>
    Refresh,

    /// <summary>A secondary that reached no primary within the SOA expire interval stops answering for the zone.</summary>
    Expire,

    /// <summary>NOTIFY of the current version to the zone's targets, once the burst of changes that asked for it is over.</summary>
    Notify,
}
