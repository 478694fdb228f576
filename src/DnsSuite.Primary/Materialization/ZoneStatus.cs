namespace DnsSuite.Primary.Materialization;

public enum ZoneStatus
{
    /// <summary>Materialized from everything the log holds for it; served.</summary>
    Current,

    /// <summary>
    /// Changes it needs were deleted by retention before this primary read them: its content is known to
    /// be incomplete, so it is kept out of the <see cref="DnsSuite.Zones.ZoneTable"/> (queries for it get
    /// no authoritative answer here) and its further changes are not applied, until a restart finds a newer snapshot.
    /// </summary>
    Stale,
}
