using DnsSuite.Zones.Journal;

namespace DnsSuite.Secondary;

/// <summary>The <c>Secondary</c> configuration section: which zones to pull from which primaries, and where to keep them.</summary>
public sealed class SecondaryOptions
{
    public const string SectionName = "Secondary";

    /// <summary>The folder holding each zone's file and timers, so a restart serves at once and resumes with IXFR. Required.</summary>
    public string? DataDirectory { get; set; }

    public List<SecondaryZoneOptions> Zones { get; set; } = [];

    /// <summary>Whether UPDATE messages for the zones are relayed to their primaries (RFC 2136 §6); else they are refused. A zone's own setting wins.</summary>
    public bool ForwardUpdates { get; set; }

    /// <summary>
    /// Catalog zones (RFC 9432) to follow like zones: each member they list becomes a secondary zone with the catalog's
    /// primaries, added and removed as the catalog changes (docs/catalog-zones.md).
    /// </summary>
    public List<SecondaryZoneOptions> Catalogs { get; set; } = [];

    /// <summary>How long one SOA query waits for the answer (per transport attempt).</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a transfer waits for each message.</summary>
    public TimeSpan TransferTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The pause before trying the next primary when one fails, doubled for each further one.</summary>
    public TimeSpan PrimaryBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long to wait before trying again when no primary could be reached and the zone has no SOA yet.</summary>
    public TimeSpan InitialRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The shortest refresh or retry interval used, whatever the SOA says (Knot's refresh-min-interval).</summary>
    public TimeSpan MinRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest refresh or retry interval used, whatever the SOA says (Knot's refresh-max-interval).</summary>
    public TimeSpan MaxRefreshInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How much of each zone's received history is kept in the data directory (<c>NAME.journal</c>), so that after a
    /// restart this secondary still serves IXFR to its own secondaries.
    /// </summary>
    public JournalOptions Journal { get; set; } = new() { MaxChangesets = 1000, MaxBytes = 4 * 1024 * 1024 };
}
