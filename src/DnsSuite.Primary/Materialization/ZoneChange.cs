using DnsSuite.ChangeLog;
using DnsSuite.Protocol;
using DnsSuite.Zones;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// A zone was loaded, created, changed or deleted at <paramref name="Position"/>. <paramref name="Changes"/>
/// is set for <see cref="ZoneChangeKind.Changed"/> (what the IXFR journal stores); <paramref name="Version"/>
/// is null only for <see cref="ZoneChangeKind.Deleted"/>.
/// </summary>
public sealed record ZoneChange(ZoneChangeKind Kind, DomainName Origin, ZoneVersion? Version, Changeset? Changes, LogPosition Position);
