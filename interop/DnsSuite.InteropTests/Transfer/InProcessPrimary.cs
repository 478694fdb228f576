using System.Diagnostics.Metrics;
using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server;
using DnsSuite.Server.Notify;
using DnsSuite.Server.Query;
using DnsSuite.Server.Transfer;
using DnsSuite.TestSupport;
using DnsSuite.Zones;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.InteropTests.Transfer;

/// <summary>
/// Our primary in the test process: zones in a <see cref="ZoneTable"/>, the request pipeline with the transfer and
/// NOTIFY responders behind the real UDP/TCP listeners on loopback, and a <see cref="NotifySender"/>. Changes are
/// made the way every writer makes them: a <see cref="ZoneTransaction"/>, then the zone's commit (journal, swap, NOTIFY).
/// </summary>
internal sealed class InProcessPrimary : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ZoneTransferResponder _responder;
    private readonly DnsListener _listener;
    private readonly NotifySender _notify;

    private InProcessPrimary(IEnumerable<ZoneVersion> zones, TransferOptions transfers, NotifyOptions notify, TsigKeyRing keys)
    {
        foreach (ZoneVersion zone in zones)
        {
            Zones.AddOrReplace(new Zone(zone));
        }

        _responder = new ZoneTransferResponder(
            Zones, new TransferAccessPolicy(transfers, keys, NullLogger<TransferAccessPolicy>.Instance), transfers, TimeProvider.System,
            new TransferMetrics(_services.GetRequiredService<IMeterFactory>()), TransferLog);
        var pipeline = new RequestPipeline(
            new QueryEngine(Zones, new QueryEngineOptions()),
            NullLogger<RequestPipeline>.Instance,
            _responder,
            new NotifyResponder(Zones, TimeProvider.System, NullLogger<NotifyResponder>.Instance),
            keys);
        _listener = DnsListener.Start(new IPEndPoint(IPAddress.Loopback, 0), pipeline, new DnsListenerOptions(), NullLoggerFactory.Instance);
        _notify = new NotifySender(Zones, notify, keys, new DnsClientNotifyTransport(new DnsClient()), TimeProvider.System, NullLogger<NotifySender>.Instance);
    }

    public ZoneTable Zones { get; } = new();

    /// <summary>What the transfer responder logged: one line per transfer served or refused.</summary>
    public RecordingLogger<ZoneTransferResponder> TransferLog { get; } = new();

    public IPEndPoint EndPoint => _listener.LocalEndPoint;

    public static InProcessPrimary Start(IEnumerable<ZoneVersion> zones, TransferOptions transfers, NotifyOptions notify, TsigKeyRing keys) =>
        new(zones, transfers, notify, keys);

    public Zone Zone(string apex) => Zones.TryGet(DomainName.Parse(apex), out Zone? zone) ? zone : throw new ArgumentException($"no zone {apex}");

    /// <summary>Applies <paramref name="change"/> as the next version (serial + 1) when it changes anything; true when it did.</summary>
    public bool Publish(string apex, Action<ZoneTransaction> change)
    {
        Zone zone = Zone(apex);
        var transaction = new ZoneTransaction(zone.Current);
        change(transaction);
        if (!transaction.HasChanges)
        {
            return false;
        }

        (ZoneVersion version, Changeset changes) = transaction.Commit(zone.Current.Serial + 1);
        // The commit journals the changes, swaps the version in, and the NOTIFY sender follows it through the table.
        zone.Commit(version, [changes]);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _notify.DisposeAsync();
        await _listener.DisposeAsync();
        _responder.Dispose();
        await _services.DisposeAsync();
    }
}
