using DnsSuite.ChangeLog.Contract;
using DnsSuite.Zones;

namespace DnsSuite.ChangeLog.Materialization;

/// <summary>What applying a message needs to know about an existing zone: its current version, serial policy and metadata.</summary>
public sealed record ZoneHead(ZoneVersion Version, SerialPolicy SerialPolicy)
{
    public ZoneMetadata Metadata { get; init; } = ZoneMetadata.None;
}
