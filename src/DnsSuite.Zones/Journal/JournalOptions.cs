namespace DnsSuite.Zones.Journal;

/// <summary>How much history <see cref="ZoneJournal"/> keeps per zone; the oldest changesets go first.</summary>
public sealed class JournalOptions
{
    /// <summary>The most changesets kept per zone.</summary>
    public int MaxChangesets { get; set; } = 10_000;

    /// <summary>The most octets (records in uncompressed wire form) kept per zone.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;
}
