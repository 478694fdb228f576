using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Secondary.Persistence;
using DnsSuite.Secondary.Transfer;
using DnsSuite.Zones;
using DnsSuite.Zones.Catalog;
using DnsSuite.Zones.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Secondary;

/// <summary>
/// The secondary role: keeps each configured zone in the <see cref="ZoneTable"/> up to date from its primaries
/// (one <see cref="SecondaryZone"/> event runner per zone), persists it in the data directory, and takes NOTIFY
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
    private readonly CancellationTokenSource _stopping = new();
    private readonly Action<DomainName>? _zoneUpdated;
    private IReadOnlyDictionary<DomainName, Follower> _followed = new Dictionary<DomainName, Follower>();
    private bool _started;

    /// <param name="journal">Where IXFR histories are recorded so this server can serve IXFR to its own secondaries; null keeps none.</param>
    /// <param name="zoneUpdated">Called after each new version is served (to send NOTIFY downstream); null when nobody listens.</param>
    public SecondaryService(
        IReadOnlyList<SecondaryZoneSettings> zones,
        SecondaryOptions options,
        ZoneTable table,
        ZoneDataStore store,
        DnsClient client,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        IZoneJournal? journal = null,
        Action<DomainName>? zoneUpdated = null,
        SecondaryMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _logger = loggerFactory.CreateLogger<SecondaryService>();
        _zoneUpdated = zoneUpdated;
        _context = new SecondaryZoneContext(
            options,
            table,
            store,
            new TransferClient(client, time, options.QueryTimeout, options.TransferTimeout),
            time,
            loggerFactory.CreateLogger<SecondaryZone>(),
            journal,
            OnZoneUpdated,
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

    /// <summary>Loads every persisted zone into the table, then starts the event runners (each checks its primaries at once).</summary>
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
                Start(follower);
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
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_lock)
        {
            running = [.. _zones.Values.Select(f => f.Runner), .. _removals];
        }

        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

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

    private void OnZoneUpdated(DomainName origin)
    {
        if (Volatile.Read(ref _followed).TryGetValue(origin, out Follower? follower) && follower.Zone.Settings.IsCatalog)
        {
            lock (_lock)
            {
                SyncCatalog(follower);
            }
        }

        _zoneUpdated?.Invoke(origin);
    }

    /// <summary>Makes the followed members of <paramref name="catalog"/> those its served version lists. Called under <see cref="_lock"/>.</summary>
    private void SyncCatalog(Follower catalog)
    {
        if (!_started || _stopping.IsCancellationRequested || catalog.Zone.Zone?.Current is not { } version)
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
            Start(follower);
            LogMemberAdded(member, catalogOrigin, version.Serial);
        }

        _removals.RemoveAll(task => task.IsCompleted);
        Volatile.Write(ref _followed, new Dictionary<DomainName, Follower>(_zones));
    }

    /// <summary>Stops a member's runner, then takes it out of service and deletes its data (unless it came back meanwhile).</summary>
    private async Task RemoveAsync(Follower gone)
    {
        await gone.Stop.CancelAsync().ConfigureAwait(false);
        await gone.Runner.ConfigureAwait(false);
        DomainName origin = gone.Zone.Origin;
        lock (_lock)
        {
            if (_zones.ContainsKey(origin))
            {
                return;
            }

            if (_context.Table.TryGet(origin, out Zone? served) ? ReferenceEquals(served, gone.Zone.Zone) : _context.Table.IsAwaitingData(origin))
            {
                _context.Table.Remove(origin);
            }

            _context.Journal?.Reset(origin);
            try
            {
                _context.Store.Delete(origin);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogDeleteFailed(origin, e.Message);
            }
        }

        gone.Stop.Dispose();
    }

    private Follower NewFollower(SecondaryZone zone, DomainName? catalogOrigin) =>
        new(zone, catalogOrigin, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));

    private static void Start(Follower follower)
    {
        CancellationToken stop = follower.Stop.Token;
        follower.Runner = Task.Run(() => RunAsync(follower.Zone, stop), CancellationToken.None);
    }

    private static async Task RunAsync(SecondaryZone zone, CancellationToken stop)
    {
        try
        {
            await zone.RunAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: a refresh in progress is abandoned; the served version is unchanged.
        }
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

    /// <summary>A followed zone, the catalog it came from (null: configured), and its runner with what stops it alone.</summary>
    private sealed record Follower(SecondaryZone Zone, DomainName? CatalogOrigin, CancellationTokenSource Stop)
    {
        public Task Runner { get; set; } = Task.CompletedTask;
    }
}
