using DnsSuite.Zones;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// The zone changed (REPLACE_ZONE included): the changeset from the previous version. The new version is in the
/// <see cref="ZoneHead.Zone"/> draft the message was applied to.
/// </summary>
public sealed record ChangeApplied(Changeset Changes) : ApplyResult;
