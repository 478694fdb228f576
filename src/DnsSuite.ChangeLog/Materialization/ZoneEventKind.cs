namespace DnsSuite.ChangeLog.Materialization;

public enum ZoneEventKind
{
    /// <summary>Loaded from a snapshot at start-up.</summary>
    Loaded,
    Created,
    Changed,
    Deleted,
}
