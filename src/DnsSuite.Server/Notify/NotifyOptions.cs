namespace DnsSuite.Server.Notify;

/// <summary>The <c>Notify</c> configuration section: whom to NOTIFY (RFC 1996) when a zone changes, and how persistently.</summary>
public sealed class NotifyOptions
{
    public const string SectionName = "Notify";

    /// <summary>
    /// Whether the zone's NS targets are notified (addresses from in-zone A/AAAA glue only; the SOA MNAME is
    /// skipped, RFC 1996 §3.6). Off by default, unlike BIND's <c>notify yes</c>: addresses taken from zone data
    /// (which the change log lets many writers edit) should not become traffic targets unless the operator says
    /// so; secondaries are normally listed in <see cref="AlsoNotify"/>.
    /// </summary>
    public bool NotifyNameServers { get; set; }

    /// <summary>The port NOTIFY is sent to on NS targets.</summary>
    public int NameServerPort { get; set; } = 53;

    /// <summary>
    /// Whether the NOTIFY targets a zone's metadata in the change log names (<c>also_notify</c>) are notified too.
    /// Off by default for the reason <see cref="NotifyNameServers"/> is: the log's writers should not pick traffic
    /// targets unless the operator says so.
    /// </summary>
    public bool AlsoNotifyFromLog { get; set; }

    /// <summary>Further targets of every zone, as IP:PORT (any port).</summary>
    public List<string> AlsoNotify { get; set; } = [];

    /// <summary>Per-zone settings keyed by the zone apex; a zone's targets add to the global ones.</summary>
    public Dictionary<string, ZoneNotifyOptions> Zones { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long changes are collected before one NOTIFY goes out per target; bursts of changes send one message.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Sends per NOTIFY before giving up (RFC 1996 §3.6: retransmit until answered).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long one attempt waits for the answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The pause before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The TSIG key (by name, from the keys file) that signs every NOTIFY; null sends them unsigned.</summary>
    public string? Key { get; set; }
}
