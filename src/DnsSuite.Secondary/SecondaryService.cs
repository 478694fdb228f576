using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Secondary.Persistence;
using DnsSuite.Secondary.Transfer;
using DnsSuite.Zones;
using DnsSuite.Zones.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Secondary;

/// <summary>
/// The secondary role: keeps each configured zone in the <see cref="ZoneTable"/> up to date from its primaries
/// (one <see cref="SecondaryZone"/> event runner per zone), persists it in the data directory, and takes NOTIFY
/// from the request pipeline through <see cref="INotifyReceiver"/>. Persisted zones are served before
/// <see cref="StartAsync"/> returns, so the listeners started after it answer from them at once.
/// </summary>
public sealed partial class SecondaryService : INotifyReceiver, IHostedService, IAsyncDisposable
{
    private readonly Dictionary<DomainName, SecondaryZone> _zones = [];
    private readonly ILogger<SecondaryService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _runners = [];

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
        var context = new SecondaryZoneContext(
            options,
            table,
            store,
            new TransferClient(client, time, options.QueryTimeout, options.TransferTimeout),
            time,
            loggerFactory.CreateLogger<SecondaryZone>(),
            journal,
            zoneUpdated,
            metrics);
        foreach (SecondaryZoneSettings zone in zones)
        {
            if (zone.Primaries.Count == 0)
            {
                throw new ArgumentException($"secondary zone {zone.Origin} has no primary", nameof(zones));
            }

            if (!_zones.TryAdd(zone.Origin, new SecondaryZone(zone, context)))
            {
                throw new ArgumentException($"secondary zone {zone.Origin} is configured twice", nameof(zones));
            }
        }
    }

    public IReadOnlyCollection<DomainName> Origins => _zones.Keys;

    /// <summary>Loads every persisted zone into the table, then starts the event runners (each checks its primaries at once).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (SecondaryZone zone in _zones.Values)
        {
            zone.Load();
        }

        foreach (SecondaryZone zone in _zones.Values)
        {
            _runners.Add(Task.Run(() => RunAsync(zone), CancellationToken.None));
        }

        LogStarted(_zones.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_runners).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    public bool IsSecondaryZone(DomainName zone) => _zones.ContainsKey(zone);

    /// <summary>
    /// RFC 1996 §3.10: a NOTIFY is accepted only from a configured primary of the zone (by address: NOTIFY comes
    /// from any port), signed with that primary's key when it has one.
    /// </summary>
    public ValueTask<ResponseCode> OnNotifyAsync(DomainName zone, IPEndPoint from, uint? serial, DomainName? tsigKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(from);
        if (!_zones.TryGetValue(zone, out SecondaryZone? secondary))
        {
            LogNotifyRejected(zone, from, ResponseCode.NotAuth, "not a secondary zone here");
            return ValueTask.FromResult(ResponseCode.NotAuth);
        }

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

    internal SecondaryZone GetZone(DomainName origin) => _zones[origin];

    private async Task RunAsync(SecondaryZone zone)
    {
        try
        {
            await zone.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: a refresh in progress is abandoned; the served version is unchanged.
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Secondary: following {Count} zone(s)")]
    private partial void LogStarted(int count);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "NOTIFY for {Zone} from {Remote} (serial {Serial}): checking the primaries")]
    private partial void LogNotifyAccepted(DomainName zone, IPEndPoint remote, uint? serial);

    [LoggerMessage(EventId = 322, Level = LogLevel.Warning, Message = "NOTIFY for {Zone} from {Remote} answered {ResponseCode}: {Reason}")]
    private partial void LogNotifyRejected(DomainName zone, IPEndPoint remote, ResponseCode responseCode, string reason);
}
