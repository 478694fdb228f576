using System.Net;
using DnsSuite.Protocol;

namespace DnsSuite.Zones.Policies;

/// <summary>
/// What decides, for one zone, who may transfer and update it, whom its NOTIFYs go to and how its serial moves; built
/// from the configuration and, on a primary, from the zone's metadata in the change log (<see cref="IZonePolicySource"/>).
/// What is null here is decided by the server-wide setting.
/// </summary>
public sealed record ZonePolicies
{
    public static ZonePolicies Default { get; } = new();

    /// <summary>The zone's own transfer rule; null: the server-wide allow list decides.</summary>
    public TransferPolicy? Transfer { get; init; }

    /// <summary>NOTIFY targets of this zone besides the server-wide ones: its configured ones, and those its metadata names when allowed.</summary>
    public IReadOnlyList<IPEndPoint> AlsoNotify { get; init; } = [];

    /// <summary>The TSIG key (by name) that signs the zone's NOTIFYs instead of the server-wide one; null: the server-wide key.</summary>
    public DomainName? NotifyKey { get; init; }

    /// <summary>The zone's own update rules; null: the server-wide rules decide.</summary>
    public ZoneUpdatePolicy? Update { get; init; }

    /// <summary>
    /// The most records one RRset of the zone may hold (0: any number), on every path data comes in by: UPDATE, the
    /// change log, zone files, transfers received (<see cref="OversizedRRset"/>).
    /// </summary>
    public int MaxRecordsPerRRset { get; init; } = OversizedRRset.DefaultLimit;

    /// <summary>How a primary advances the zone's SOA serial with each applied change.</summary>
    public SerialPolicy SerialPolicy { get; init; } = SerialPolicy.Increment;
}
