using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Secondary.Persistence;
using DnsSuite.Server.Query;
using DnsSuite.TestSupport;
using DnsSuite.Zones;
using DnsSuite.Zones.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Secondary.Tests;

/// <summary>A <see cref="SecondaryService"/> following <see cref="FakePrimary.Origin"/> from scripted primaries, on a manual clock.</summary>
internal sealed class SecondaryHarness : IAsyncDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(20);

    private readonly IReadOnlyList<PrimaryServer> _primaries;
    private readonly bool _isCatalog;
    private SecondaryService _service;

    private SecondaryHarness(ManualTimeProvider time, TempDir data, IReadOnlyList<PrimaryServer> primaries, bool isCatalog = false)
    {
        Time = time;
        Data = data;
        _primaries = primaries;
        _isCatalog = isCatalog;
        _service = CreateService();
    }

    public static DomainName Origin { get; } = DomainName.Parse(FakePrimary.Origin);

    public ManualTimeProvider Time { get; }

    public TempDir Data { get; }

    public ZoneTable Table { get; private set; } = new();

    public SecondaryService Service => _service;

    public SecondaryZone Zone => _service.GetZone(Origin);

    public uint? ServedSerial => Table.TryGet(Origin, out Zone? zone) ? zone.Current.Serial : null;

    /// <summary>The zone's journal, which IXFR to this secondary's own secondaries is served from.</summary>
    public ChangesetChain Journal => Zone.Zone.Journal;

    public static async Task<SecondaryHarness> StartAsync(ManualTimeProvider time, params FakePrimary[] primaries)
    {
        var harness = new SecondaryHarness(time, new TempDir("secondary"), [.. primaries.Select(p => new PrimaryServer(p.EndPoint, p.Key))]);
        await harness.Service.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>Follows <see cref="FakePrimary.Origin"/> as a catalog zone, with <paramref name="persisted"/> zones already in the data directory.</summary>
    public static async Task<SecondaryHarness> StartCatalogAsync(ManualTimeProvider time, FakePrimary primary, params ZoneVersion[] persisted)
    {
        var harness = new SecondaryHarness(time, new TempDir("secondary"), [new PrimaryServer(primary.EndPoint, primary.Key)], isCatalog: true);
        var store = new ZoneDataStore(harness.Data.Path);
        foreach (ZoneVersion zone in persisted)
        {
            await store.SaveZoneAsync(zone, CancellationToken.None);
        }

        await harness.Service.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>Stops the service and starts a new one on the same data directory, with a new zone table.</summary>
    public async Task RestartAsync()
    {
        await _service.DisposeAsync();
        Table = new ZoneTable();
        _service = CreateService();
        await _service.StartAsync(CancellationToken.None);
    }

    public Task WaitForSerialAsync(uint serial) =>
        Wait.UntilAsync(() => ServedSerial == serial, WaitTimeout, $"serial {serial} served (now {ServedSerial})");

    /// <summary>Waits until <paramref name="count"/> refreshes have finished in all.</summary>
    public Task WaitForRefreshesAsync(long count) =>
        Wait.UntilAsync(() => Zone.RefreshCount >= count, WaitTimeout, $"{count} refreshes (now {Zone.RefreshCount})");

    /// <summary>Waits until the runner sleeps on a timer, then moves the clock past it.</summary>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        await Wait.UntilAsync(() => Time.ActiveTimers > 0, WaitTimeout, "the zone runner waiting on a timer");
        Time.Advance(delta);
    }

    /// <summary>The RCODE the query engine answers for www.example. A from the served zones.</summary>
    public ResponseCode Query() => Answer("www.example.").ResponseCode;

    /// <summary>The query engine's answer for <paramref name="name"/> A from the served zones.</summary>
    public Message Answer(string name)
    {
        var engine = new QueryEngine(Table, new QueryEngineOptions());
        byte[] response = new byte[65535];
        int length = engine.Answer(Message.CreateQuery(DomainName.Parse(name), RecordType.A, 7).ToArray(), response, DnsTransport.Udp);
        Message.TryParse(response.AsSpan(0, length), out Message? message, out string? error).ShouldBeTrue(error);
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        Data.Dispose();
    }

    private SecondaryService CreateService()
    {
        var options = new SecondaryOptions
        {
            DataDirectory = Data.Path,
            QueryTimeout = TimeSpan.FromMilliseconds(300),
            TransferTimeout = TimeSpan.FromSeconds(5),
            PrimaryBackoff = TimeSpan.Zero,
        };
        return new SecondaryService(
            [new SecondaryZoneSettings(Origin, _primaries) { IsCatalog = _isCatalog }],
            options,
            Table,
            new ZoneDataStore(Data.Path),
            new DnsClient(),
            Time,
            NullLoggerFactory.Instance);
    }

    public static TsigKey NewKey() => new(DomainName.Parse("transfer-key."), TsigAlgorithm.HmacSha256, [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
}
