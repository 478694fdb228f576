using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Secondary.Persistence;
using DnsSuite.Secondary.Transfer;
using DnsSuite.Zones;
using DnsSuite.Zones.Catalog;
using DnsSuite.Zones.Journal;
using DnsSuite.Zones.Policies;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Secondary;

/// <summary>
/// The secondary role: keeps each configured zone in the <see cref="ZoneTable"/> up to date from its primaries
/// (a <see cref="SecondaryZone"/> handling each zone's events), persists it in the data directory, and takes NOTIFY
/// from the request pipeline through <see cref="INotifyReceiver"/>. Persisted zones are served before
/// <see cref="StartAsync"/> returns, so the listeners started after it answer from them at once. Catalog zones
/// (RFC 9432) are followed like zones, and each new version of one adds the members it lists (primaries: the
/// catalog's) and removes, with their persisted data, those it no longer lists.
/// </summary>
public sealed partial class SecondaryService : INotifyReceiver, IHostedService, IAsyncDisposable
{
    private readonly Lock _lock = new();

    // Guarded by _lock; read without it by NOTIFY through the immutable snapshot in _followed.
    private readonly Dictionary<DomainName, Follower> _zones = [];
    private readonly List<Task> _removals = [];
    private readonly SecondaryZoneContext _context;
    private readonly ILogger<SecondaryService> _logger;
    private IReadOnlyDictionary<DomainName, Follower> _followed = new Dictionary<DomainName, Follower>();
    private bool _started;
    private bool _stopping;

    /// <param name="policies">
    /// Where each zone's policies (transfers, NOTIFY) and the IXFR history it keeps for this server's own secondaries come
    /// from (besides what the data directory keeps); null: the server-wide settings alone.
    /// </param>
    public SecondaryService(
        IReadOnlyList<SecondaryZoneSettings> zones,
        SecondaryOptions options,
        ZoneTable table,
        ZoneDataStore store,
        DnsClient client,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        SecondaryMetrics? metrics = null,
        IZonePolicySource? policies = null)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _logger = loggerFactory.CreateLogger<SecondaryService>();
        _context = new SecondaryZoneContext(
            options,
            table,
            store,
            new TransferClient(client, time, options.QueryTimeout, options.TransferTimeout),
            time,
            loggerFactory.CreateLogger<SecondaryZone>(),
            new ZoneOptions { Journal = JournalOptions.Covering(options.Journal, policies?.Journal ?? options.Journal), Time = time },
            policies,
            metrics);
        foreach (SecondaryZoneSettings zone in zones)
        {
            if (zone.Primaries.Count == 0)
            {
                throw new ArgumentException($"secondary zone {zone.Origin} has no primary", nameof(zones));
            }

            if (!_zones.TryAdd(zone.Origin, NewFollower(new SecondaryZone(zone, _context), catalogOrigin: null)))
            {
                throw new ArgumentException($"secondary zone {zone.Origin} is configured twice", nameof(zones));
            }
        }

        _followed = new Dictionary<DomainName, Follower>(_zones);
    }

    /// <summary>The zones followed now: configured ones, catalogs and the catalogs' members.</summary>
    public IReadOnlyCollection<DomainName> Origins => Volatile.Read(ref _followed).Keys.ToArray();

    /// <summary>Loads every persisted zone into the table, then starts the zones' events (each checks its primaries at once).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (Follower follower in _zones.Values)
            {
                follower.Zone.Load();
            }

            _started = true;
            foreach (Follower follower in _zones.Values)
            {
                follower.Zone.Start();
            }

            LogStarted(_zones.Count);
            foreach (Follower follower in _zones.Values.Where(f => f.Zone.Settings.IsCatalog).ToArray())
            {
                SyncCatalog(follower);
            }
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] stopping;
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            stopping = [.. _zones.Values.Select(f => f.Zone.StopAsync()), .. _removals];
        }

        await Task.WhenAll(stopping).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    public bool IsSecondaryZone(DomainName zone) => Volatile.Read(ref _followed).ContainsKey(zone);

    /// <summary>
    /// RFC 1996 §3.10: a NOTIFY is accepted only from a configured primary of the zone (by address: NOTIFY comes
    /// from any port), signed with that primary's key when it has one.
    /// </summary>
    public ValueTask<ResponseCode> OnNotifyAsync(DomainName zone, IPEndPoint from, uint? serial, DomainName? tsigKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(from);
        if (!Volatile.Read(ref _followed).TryGetValue(zone, out Follower? follower))
        {
            LogNotifyRejected(zone, from, ResponseCode.NotAuth, "not a secondary zone here");
            return ValueTask.FromResult(ResponseCode.NotAuth);
        }

        SecondaryZone secondary = follower.Zone;
        IPAddress address = from.Address.IsIPv4MappedToIPv6 ? from.Address.MapToIPv4() : from.Address;
        bool fromPrimary = secondary.Settings.Primaries.Any(primary =>
            primary.EndPoint.Address.Equals(address) && (primary.Key is null || primary.Key.Name == tsigKey));
        if (!fromPrimary)
        {
            LogNotifyRejected(zone, from, ResponseCode.Refused, tsigKey is null ? "not from a primary of the zone (or unsigned)" : $"not from a primary of the zone with key {tsigKey}");
            return ValueTask.FromResult(ResponseCode.Refused);
        }

        LogNotifyAccepted(zone, from, serial);
        secondary.RequestCheck();
        return ValueTask.FromResult(ResponseCode.NoError);
    }

    internal SecondaryZone GetZone(DomainName origin) => Volatile.Read(ref _followed)[origin].Zone;

    private void OnCatalogCommitted(Follower catalog)
    {
        lock (_lock)
        {
            SyncCatalog(catalog);
        }
    }

    /// <summary>Makes the followed members of <paramref name="catalog"/> those its served version lists. Called under <see cref="_lock"/>.</summary>
    private void SyncCatalog(Follower catalog)
    {
        if (!_started || _stopping || !catalog.Zone.Zone.TryGetCurrent(out ZoneVersion? version))
        {
            return;
        }

        DomainName catalogOrigin = catalog.Zone.Origin;
        if (!CatalogZoneFormat.TryReadMembers(version, out IReadOnlyList<CatalogMember>? members, out string? error))
        {
            // RFC 9432 §4.2.1, §5.1: a catalog that cannot be processed changes nothing; its members stay as they were.
            LogCatalogUnusable(catalogOrigin, version.Serial, error);
            return;
        }

        var listed = members.Select(member => member.Zone).ToHashSet();
        foreach (Follower gone in _zones.Values.Where(f => f.CatalogOrigin == catalogOrigin && !listed.Contains(f.Zone.Origin)).ToArray())
        {
            _zones.Remove(gone.Zone.Origin);
            _removals.Add(RemoveAsync(gone));
            LogMemberRemoved(gone.Zone.Origin, catalogOrigin, version.Serial);
        }

        foreach (DomainName member in listed)
        {
            if (_zones.TryGetValue(member, out Follower? existing))
            {
                if (existing.CatalogOrigin != catalogOrigin)
                {
                    LogMemberSkipped(member, catalogOrigin, existing.CatalogOrigin?.ToString() ?? "the configuration");
                }

                continue;
            }

            var follower = NewFollower(new SecondaryZone(new SecondaryZoneSettings(member, catalog.Zone.Settings.Primaries), _context), catalogOrigin);
            _zones.Add(member, follower);
            follower.Zone.Load();
            follower.Zone.Start();
            LogMemberAdded(member, catalogOrigin, version.Serial);
        }

        _removals.RemoveAll(task => task.IsCompleted);
        Volatile.Write(ref _followed, new Dictionary<DomainName, Follower>(_zones));
    }

    /// <summary>Stops a member's events, then takes it out of service and deletes its data (unless it came back meanwhile).</summary>
    private async Task RemoveAsync(Follower gone)
    {
        await gone.Zone.StopAsync().ConfigureAwait(false);
        DomainName origin = gone.Zone.Origin;
        lock (_lock)
        {
            _context.Table.Remove(gone.Zone.Zone);
            if (_zones.ContainsKey(origin))
            {
                return;
            }

            try
            {
                _context.Store.Delete(origin);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogDeleteFailed(origin, e.Message);
            }
        }
    }

    private Follower NewFollower(SecondaryZone zone, DomainName? catalogOrigin)
    {
        var follower = new Follower(zone, catalogOrigin);
        if (zone.Settings.IsCatalog)
        {
            zone.Zone.Committed += _ => OnCatalogCommitted(follower);
        }

        return follower;
    }

    [LoggerMessage(EventId = 530, Level = LogLevel.Information, Message = "Secondary: following {Count} zone(s)")]
    private partial void LogStarted(int count);

    [LoggerMessage(EventId = 531, Level = LogLevel.Information, Message = "NOTIFY for {Zone} from {Remote} (serial {Serial}): checking the primaries")]
    private partial void LogNotifyAccepted(DomainName zone, IPEndPoint remote, uint? serial);

    [LoggerMessage(EventId = 532, Level = LogLevel.Warning, Message = "NOTIFY for {Zone} from {Remote} answered {ResponseCode}: {Reason}")]
    private partial void LogNotifyRejected(DomainName zone, IPEndPoint remote, ResponseCode responseCode, string reason);

    [LoggerMessage(EventId = 533, Level = LogLevel.Information, Message = "Catalog {Catalog} serial {Serial}: following member zone {Zone}")]
    private partial void LogMemberAdded(DomainName zone, DomainName catalog, uint serial);

    [LoggerMessage(EventId = 534, Level = LogLevel.Information, Message = "Catalog {Catalog} serial {Serial}: zone {Zone} left the catalog; removing it and its data")]
    private partial void LogMemberRemoved(DomainName zone, DomainName catalog, uint serial);

    [LoggerMessage(EventId = 535, Level = LogLevel.Warning, Message = "Catalog {Catalog} lists zone {Zone}, which is already followed through {Owner}: ignored")]
    private partial void LogMemberSkipped(DomainName zone, DomainName catalog, string owner);

    [LoggerMessage(EventId = 536, Level = LogLevel.Error, Message = "Catalog {Catalog} serial {Serial} is not used: {Reason}; its members stay as they were")]
    private partial void LogCatalogUnusable(DomainName catalog, uint serial, string reason);

    [LoggerMessage(EventId = 537, Level = LogLevel.Error, Message = "Zone {Zone} left its catalog but its data could not be deleted: {Reason}")]
    private partial void LogDeleteFailed(DomainName zone, string reason);

    /// <summary>A followed zone and the catalog it came from (null: configured).</summary>
    private sealed record Follower(SecondaryZone Zone, DomainName? CatalogOrigin);
}
