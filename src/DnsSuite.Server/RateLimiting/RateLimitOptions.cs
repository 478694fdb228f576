namespace DnsSuite.Server.RateLimiting;

/// <summary>
/// Response rate limiting of UDP answers (the <c>Server:RateLimit</c> section; docs/configuration.md, "Response rate
/// limiting"): the same answer to the same client network at most <see cref="ResponsesPerSecond"/> times a second,
/// as BIND, Knot and NSD limit it, so that a spoofed flood cannot use the server to amplify traffic at a victim.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>
    /// Responses per second per client network and answer (qname and type; NXDOMAIN per zone; errors per network);
    /// bursts of one second's worth pass. 0, the default, turns the limiting off (BIND's and Knot's default).
    /// </summary>
    public int ResponsesPerSecond { get; set; }

    /// <summary>
    /// Every this many limited responses one is answered with TC set and no records instead of being dropped, so that a
    /// real client behind a spoofed address retries over TCP and gets its answer (BIND's and NSD's default: 2).
    /// 0 drops every limited response; 1 truncates each.
    /// </summary>
    public int Slip { get; set; } = 2;

    /// <summary>The IPv4 prefix length that makes one client network (24, as BIND, Knot and NSD).</summary>
    public int Ipv4PrefixLength { get; set; } = 24;

    /// <summary>The IPv6 prefix length that makes one client network (56, as BIND and NSD).</summary>
    public int Ipv6PrefixLength { get; set; } = 56;

    /// <summary>Clients never limited, as addresses or networks (<c>192.0.2.0/24</c>, <c>2001:db8::/32</c>): monitoring, resolvers of one's own.</summary>
    public List<string> Exempt { get; set; } = [];

    /// <summary>Buckets in the table (a power of two); more answers than this share buckets, which limits sooner, never later.</summary>
    public int TableSize { get; set; } = 65536;
}
