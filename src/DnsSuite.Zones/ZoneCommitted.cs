namespace DnsSuite.Zones;

/// <summary>
/// A new version of <paramref name="Zone"/> became visible through <see cref="Zone.Commit"/>: what it replaced
/// (null: the zone had no data), and the changesets from that version to this one, already in the zone's journal
/// (empty when the journal starts over).
/// </summary>
public sealed record ZoneCommitted(Zone Zone, ZoneVersion? Previous, ZoneVersion Version, IReadOnlyList<Changeset> Changes);
