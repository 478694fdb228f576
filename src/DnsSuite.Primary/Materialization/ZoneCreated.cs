using DnsSuite.ChangeLog.Contract;
using DnsSuite.Zones;

namespace DnsSuite.Primary.Materialization;

/// <summary>CREATE_ZONE made a new zone.</summary>
public sealed record ZoneCreated(ZoneVersion Version, SerialPolicy SerialPolicy) : ApplyResult
{
    public ZoneMetadata Metadata { get; init; } = ZoneMetadata.None;
}
