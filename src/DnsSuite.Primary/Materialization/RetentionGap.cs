using DnsSuite.Protocol;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// Changes needed from <paramref name="Needed"/> in <paramref name="Partition"/> were deleted by retention
/// (the log starts at <paramref name="LogStart"/>): <paramref name="Zone"/> is stale, or, when null, zones
/// of the partition that have no snapshot may be missing altogether.
/// </summary>
public sealed record RetentionGap(DomainName? Zone, int Partition, long Needed, long LogStart);
