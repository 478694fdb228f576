using DnsSuite.Protocol;

namespace DnsSuite.Primary.Materialization;

/// <summary>DELETE_ZONE removed the zone, whose last serial was <paramref name="LastSerial"/>.</summary>
public sealed record ZoneDeleted(DomainName Origin, uint LastSerial) : ApplyResult;
