using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using DnsSuite.ChangeLog.Memory;
using DnsSuite.Primary.Catalog;
using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Notify;
using DnsSuite.TestSupport;
using DnsSuite.Zones;
using Microsoft.Extensions.Logging.Abstractions;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

public class ZoneDeletionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DomainName Origin = DomainName.Parse(Apex);

    [Test]
    public async Task DeletedZone_LeavesNoStateAnywhere_ItsZoneObjectIsCollected()
    {
        // A primary's followers of its zones, wired as PrimaryService wires them: snapshots, the catalog, NOTIFY.
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await log.AppendChangeAsync(Apex, Encoding.UTF8.GetBytes(Create()), CancellationToken.None);
        await using var primary = new Primary(log, new SnapshotWriterOptions { EveryInterval = TimeSpan.Zero });
        var catalog = new CatalogMaintainer(DomainName.Parse("catalog.invalid."), primary.Materializer);
        primary.Materializer.ZoneChanged += change => catalog.Apply(change);
        primary.Ingestor.CaughtUp += () => catalog.Build();
        var transport = new AnsweringTransport();
        await using var notify = new NotifySender(
            primary.Materializer.Table, new NotifyOptions { AlsoNotify = ["127.0.0.1:5300"], Delay = TimeSpan.Zero }, new TsigKeyRing(), transport,
            TimeProvider.System, NullLogger<NotifySender>.Instance);
        await primary.StartAsync();
        await log.AppendChangeAsync(Apex, Encoding.UTF8.GetBytes(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}""")), CancellationToken.None);
        await Wait.UntilAsync(() => transport.Answered > 0, Timeout, "a NOTIFY of the zone answered");
        await Wait.UntilAsync(async () => (await log.LatestSnapshotsAsync()).ContainsKey(Apex), Timeout, "the zone's snapshot written");
        WeakReference zone = Track(primary.Materializer);

        await log.AppendChangeAsync(Apex, Encoding.UTF8.GetBytes(Ops("""{"op":"DELETE_ZONE"}""")), CancellationToken.None);
        await Wait.UntilAsync(async () => (await log.LatestSnapshotsAsync()).TryGetValue(Apex, out byte[]? value) && value is null, Timeout, "the zone's deletion marker written");

        primary.Materializer.Table.TryGetAny(Origin, out _).ShouldBeFalse();
        primary.Materializer.TryGetZone(Origin, out _).ShouldBeFalse();
        await Wait.UntilAsync(
            () =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return !zone.IsAlive;
            },
            Timeout,
            "the deleted zone's Zone to be collected (something still holds it)");
    }

    // Not inlined, so that no local of the test keeps the zone alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Track(ZoneMaterializer materializer) =>
        materializer.TryGetZone(Origin, out ZoneState? state) ? new WeakReference(state.Zone) : throw new AssertionException("no zone");

    private sealed class AnsweringTransport : INotifyTransport
    {
        private int _answered;

        public int Answered => Volatile.Read(ref _answered);

        public Task<Message> SendAsync(IPEndPoint target, Message notify, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var response = new Message { Id = notify.Id, OpCode = OpCode.Notify, Flags = HeaderFlags.QR | HeaderFlags.AA };
            response.Questions.AddRange(notify.Questions);
            Interlocked.Increment(ref _answered);
            return Task.FromResult(response);
        }
    }
}
