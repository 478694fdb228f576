using DnsSuite.ChangeLog.Contract;
using DnsSuite.Zones;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// What applying a message needs to know about an existing zone: its content as a draft (which an applied message
/// changes; see <see cref="ZoneDraft"/>), serial policy and metadata.
/// </summary>
public sealed record ZoneHead(ZoneDraft Zone, SerialPolicy SerialPolicy)
{
    public ZoneMetadata Metadata { get; init; } = ZoneMetadata.None;
}
