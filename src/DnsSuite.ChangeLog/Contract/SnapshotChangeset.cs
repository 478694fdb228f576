namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// One changeset of a snapshot's <see cref="ZoneSnapshot.Journal"/>: the SOA before and after (zone-file lines;
/// the TTL of <see cref="To"/> is the new SOA's), and the records removed and added as canonical zone-file text.
/// </summary>
public sealed record SnapshotChangeset
{
    public required string From { get; init; }

    public required string To { get; init; }

    public required string Removed { get; init; }

    public required string Added { get; init; }
}
