using DnsSuite.Protocol;
using DnsSuite.Server.Limits;
using DnsSuite.Server.Notify;
using DnsSuite.Server.Transfer;
using DnsSuite.Server.Update;
using DnsSuite.Zones.Journal;
using DnsSuite.Zones.Policies;

namespace DnsSuite.Server;

/// <summary>
/// A zone's policies from the server's configuration (<c>Transfers</c>, <c>Notify</c>, <c>Update</c>) and, for a primary's
/// zone, from what its change-log metadata names: what the roles put in <see cref="DnsSuite.Zones.Zone.Policies"/> when a
/// zone is created or its metadata changes.
/// </summary>
public sealed class ZonePolicyResolver(
    TransferOptions options, TransferAccessPolicy transfers, NotifySender notify, UpdatePolicy? updates = null, RRsetLimitOptions? limits = null) : IZonePolicySource
{
    private readonly int _maxRecordsPerRRset = (limits ?? new RRsetLimitOptions()).MaxRecordsPerRRset;
    private readonly Dictionary<DomainName, int> _zoneMaxRecordsPerRRset = (limits ?? new RRsetLimitOptions()).PerZone();

    public JournalOptions Journal => options.Journal;

    public int MaxRecordsPerRRset(DomainName origin) => _zoneMaxRecordsPerRRset.GetValueOrDefault(origin, _maxRecordsPerRRset);

    public ZonePolicies Resolve(DomainName origin, MetadataRules? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return new ZonePolicies
        {
            Transfer = transfers.For(origin, metadata?.TransferAcl, metadata?.TransferKey),
            AlsoNotify = notify.ZoneTargets(origin, metadata?.AlsoNotify),
            NotifyKey = metadata?.TransferKey,
            Update = updates?.For(origin),
            MaxRecordsPerRRset = MaxRecordsPerRRset(origin),
        };
    }
}
