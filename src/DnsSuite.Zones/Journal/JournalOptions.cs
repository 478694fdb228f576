namespace DnsSuite.Zones.Journal;

/// <summary>How much history a zone's journal (<see cref="ChangesetChain"/>) keeps; the oldest changesets go first.</summary>
public sealed class JournalOptions
{
    /// <summary>Bounds that hold what both <paramref name="a"/> and <paramref name="b"/> hold: the larger of each.</summary>
    public static JournalOptions Covering(JournalOptions a, JournalOptions b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new JournalOptions { MaxChangesets = Math.Max(a.MaxChangesets, b.MaxChangesets), MaxBytes = Math.Max(a.MaxBytes, b.MaxBytes) };
    }

    /// <summary>The most changesets kept per zone.</summary>
    public int MaxChangesets { get; set; } = 10_000;

    /// <summary>The most octets (records in uncompressed wire form) kept per zone.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;
}
