using DnsSuite.Zones;

namespace DnsSuite.ChangeLog.Materialization;

/// <summary>The zone changed: its new version and the changeset from the previous one (REPLACE_ZONE included).</summary>
public sealed record ChangeApplied(ZoneVersion Version, Changeset Changes) : ApplyResult;
