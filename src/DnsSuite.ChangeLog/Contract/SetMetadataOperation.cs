using DnsSuite.Zones;

namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// Replaces the zone's metadata with <see cref="Metadata"/> and, when given, its serial policy. The records and the
/// serial stay; the zone's catalog entry (its group) follows.
/// </summary>
public sealed record SetMetadataOperation : ChangeOperation
{
    public required ZoneMetadata Metadata { get; init; }

    /// <summary>The serial policy from the next change on; null keeps the current one.</summary>
    public SerialPolicy? SerialPolicy { get; init; }
}
