using DnsSuite.Zones.Journal;

namespace DnsSuite.Server.Transfer;

/// <summary>The <c>Transfers</c> configuration section: who may transfer which zone, and how many at once.</summary>
public sealed class TransferOptions
{
    public const string SectionName = "Transfers";

    /// <summary>
    /// Who may AXFR/IXFR every zone without its own list: CIDRs or addresses (<c>192.0.2.0/24</c>, <c>::1</c>) and
    /// TSIG key names (<c>key:xfr-key.</c>); any match allows. Empty (the default) refuses every transfer.
    /// </summary>
    public List<string> AllowTransfer { get; set; } = [];

    /// <summary>Per-zone settings keyed by the zone apex; a zone's <c>AllowTransfer</c> replaces the global list.</summary>
    public Dictionary<string, ZoneTransferOptions> Zones { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Named access lists (same entries as <see cref="AllowTransfer"/>) that a zone's change-log metadata picks by name
    /// (<c>transfer_acl</c>); names compare case-insensitively, as configuration keys do.
    /// </summary>
    public Dictionary<string, List<string>> Acls { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Transfers served at once (BIND's <c>transfers-out</c> defaults to 10); more are answered SERVFAIL.</summary>
    public int MaxConcurrent { get; set; } = 10;

    /// <summary>How much IXFR history is kept per zone.</summary>
    public JournalOptions Journal { get; set; } = new();
}
