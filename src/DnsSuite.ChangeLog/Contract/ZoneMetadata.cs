using System.Text.Json.Serialization;

namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// What travels in the log with a zone besides its records (docs/change-log.md, "Zone metadata"). Secrets never do:
/// a TSIG key is named here and defined in each server's configuration.
/// </summary>
public sealed record ZoneMetadata
{
    /// <summary>No metadata: the defaults of each server's configuration apply.</summary>
    public static ZoneMetadata None { get; } = new();

    /// <summary>The catalog zone group property of the zone (RFC 9432 §4.4.2), e.g. a template name for consumers.</summary>
    public string? Group { get; init; }

    /// <summary>Further NOTIFY targets of the zone, as IP:PORT (IPv6 as [addr]:PORT).</summary>
    public IReadOnlyList<string>? AlsoNotify { get; init; }

    /// <summary>The name of a transfer access list defined in the servers' configuration.</summary>
    public string? TransferAcl { get; init; }

    /// <summary>The name of the TSIG key (defined in the servers' key files) that transfers and NOTIFY of the zone use.</summary>
    public string? TransferKey { get; init; }

    /// <summary>Whether nothing is set.</summary>
    [JsonIgnore]
    public bool IsEmpty => Equals(None);

    public bool Equals(ZoneMetadata? other) =>
        other is not null
        && string.Equals(Group, other.Group, StringComparison.Ordinal)
        && (AlsoNotify ?? []).SequenceEqual(other.AlsoNotify ?? [], StringComparer.Ordinal)
        && string.Equals(TransferAcl, other.TransferAcl, StringComparison.Ordinal)
        && string.Equals(TransferKey, other.TransferKey, StringComparison.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Group, StringComparer.Ordinal);
        foreach (string target in AlsoNotify ?? [])
        {
            hash.Add(target, StringComparer.Ordinal);
        }

        hash.Add(TransferAcl, StringComparer.Ordinal);
        hash.Add(TransferKey, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
