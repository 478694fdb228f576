namespace DnsSuite.Zones;

/// <summary>What <see cref="ZoneTable.Lookup"/> found for a name: the closest enclosing zone, and whether it has data.</summary>
public enum ZoneLookup
{
    /// <summary>No zone here encloses the name: this server is not authoritative for it.</summary>
    NotFound,

    /// <summary>The closest enclosing zone is served.</summary>
    Served,

    /// <summary>
    /// The closest enclosing zone is configured here but has no data yet (a secondary zone before its first
    /// transfer): this server is authoritative for it but cannot answer, so queries get SERVFAIL.
    /// </summary>
    AwaitingData,
}
