namespace DnsSuite.Server.Update;

/// <summary>The <c>Update</c> configuration section: who may send dynamic updates (RFC 2136) for which names and types.</summary>
public sealed class UpdateOptions
{
    public const string SectionName = "Update";

    /// <summary>
    /// Rules for every zone without its own, in order, the first match deciding (see <see cref="UpdateRule.Parse"/>):
    /// <c>grant|deny KEY name|subdomain|wildcard NAME [TYPES]</c> or <c>grant|deny KEY zonesub [TYPES]</c>. Empty (the
    /// default) refuses every update.
    /// </summary>
    public List<string> Policy { get; set; } = [];

    /// <summary>Addresses or CIDR networks updates may come from (as <c>Transfers:AllowTransfer</c>); empty allows any.</summary>
    public List<string> AllowFrom { get; set; } = [];

    /// <summary>Whether an update must be TSIG-signed (RFC 3007); when false, rules for the key <c>*</c> also grant unsigned updates.</summary>
    public bool RequireTsig { get; set; } = true;

    /// <summary>How long an update may wait for the change log to take and apply it before the answer is SERVFAIL.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per-zone settings keyed by the zone apex; each one set replaces the global one for that zone.</summary>
    public Dictionary<string, ZoneUpdateOptions> Zones { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
