using DnsSuite.ChangeLog.Contract;
using DnsSuite.Zones;

namespace DnsSuite.Primary.Materialization;

/// <summary>SET_METADATA changed the zone's metadata or serial policy; its records and serial stay.</summary>
public sealed record MetadataChanged(ZoneMetadata Metadata, SerialPolicy SerialPolicy) : ApplyResult;
