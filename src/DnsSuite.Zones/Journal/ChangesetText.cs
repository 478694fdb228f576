namespace DnsSuite.Zones.Journal;

/// <summary>
/// One changeset as text (<see cref="JournalText"/>): the SOA before and after as zone-file lines (the TTL of
/// <paramref name="To"/> is the new SOA's), and the records removed and added as canonical zone-file text.
/// </summary>
public sealed record ChangesetText(string From, string To, string Removed, string Added);
