namespace DnsSuite.Server.Query;

/// <summary>Settings of the <see cref="QueryEngine"/>.</summary>
public sealed class QueryEngineOptions
{
    /// <summary>The smallest UDP payload every DNS message may use (RFC 1035 §4.2.1).</summary>
    public const int MinimumUdpPayload = 512;

    /// <summary>
    /// The largest UDP response we send and advertise in our OPT record (RFC 6891 §6.2.5). The default,
    /// 1232, avoids IP fragmentation on IPv6 paths (the DNS Flag Day 2020 value).
    /// </summary>
    public int MaxUdpPayload { get; set; } = 1232;

    /// <summary>The answer to CHAOS TXT <c>version.bind</c> and <c>version.server</c>; null (the default) refuses them.</summary>
    public string? ChaosVersion { get; set; }

    /// <summary>The answer to CHAOS TXT <c>id.server</c> and <c>hostname.bind</c> (RFC 4892); null (the default) refuses them.</summary>
    public string? ChaosId { get; set; }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (MaxUdpPayload is < MinimumUdpPayload or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxUdpPayload), MaxUdpPayload, $"must be between {MinimumUdpPayload} and {ushort.MaxValue}");
        }
    }
}
