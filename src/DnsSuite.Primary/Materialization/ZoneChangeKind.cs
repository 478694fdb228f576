namespace DnsSuite.Primary.Materialization;

public enum ZoneChangeKind
{
    /// <summary>Loaded from a snapshot at start-up.</summary>
    Loaded,
    Created,
    Changed,
    Deleted,

    /// <summary>SET_METADATA changed the zone's metadata or serial policy (not its records).</summary>
    MetadataChanged,
}
