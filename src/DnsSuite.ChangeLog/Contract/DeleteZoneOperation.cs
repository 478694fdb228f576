namespace DnsSuite.ChangeLog.Contract;

/// <summary>Deletes the zone; its last serial is remembered so that a re-created zone continues above it.</summary>
public sealed record DeleteZoneOperation : ChangeOperation;
