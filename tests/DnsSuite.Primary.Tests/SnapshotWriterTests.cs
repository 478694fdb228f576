using System.Globalization;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.ChangeLog.Memory;
using DnsSuite.Protocol;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Metrics;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

public class SnapshotWriterTests
{
    private const string Checks = "dnssuite.changelog.snapshot.checks";
    private const string Written = "dnssuite.changelog.snapshots.written";

    private static string ZoneName(int i) => string.Create(CultureInfo.InvariantCulture, $"z{i}.test.");

    private static string Add(string zone) => Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}""", zone: zone);

    [Test]
    public async Task DueCheck_AmongManyZones_LooksOnlyAtChangedZones_AndAtThoseWhoseIntervalEnded()
    {
        var time = new ManualTimeProvider();
        using var metrics = new ChangeLogMetrics(time: time);
        using var recorder = new MeasurementRecorder(ChangeLogMetrics.MeterName);
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        var feeder = new Feeder();
        var writer = new SnapshotWriter(log, feeder.Materializer, new SnapshotWriterOptions { EveryInterval = TimeSpan.FromMinutes(5) }, time, metrics: metrics);
        for (int i = 0; i < 2000; i++)
        {
            feeder.Feed(Create(zone: ZoneName(i)), key: ZoneName(i)).ShouldBeOfType<ZoneCreated>();
        }

        await writer.WriteAllAsync(CancellationToken.None);
        recorder.Sum(Written).ShouldBe(2000);
        double checks = recorder.Sum(Checks);

        feeder.Feed(Add(ZoneName(7)), key: ZoneName(7)).ShouldBeOfType<ChangeApplied>();
        await writer.WriteDueAsync(CancellationToken.None);
        feeder.Feed(Add(ZoneName(1234)), key: ZoneName(1234)).ShouldBeOfType<ChangeApplied>();
        await writer.WriteDueAsync(CancellationToken.None);
        recorder.Sum(Checks).ShouldBe(checks + 2, "each record costs one check of its own zone, not one of each of the 2,000 zones");
        recorder.Sum(Written).ShouldBe(2000, "neither zone is due yet");

        time.Advance(TimeSpan.FromMinutes(5));
        await writer.WriteDueAsync(CancellationToken.None);
        recorder.Sum(Checks).ShouldBe(checks + 4, "once the interval ends, only the two changed zones are checked again");
        recorder.Of(Written).Count.ShouldBe(2002);
        feeder.Materializer.Zones.Where(zone => zone.RecordsSinceSnapshot > 0).ShouldBeEmpty();
    }

    [Test]
    public async Task WhenDue_WaitsForTheEarliestChangedZone_AndNotAtAllWhenEveryZoneIsSaved()
    {
        var time = new ManualTimeProvider();
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        var feeder = new Feeder();
        var writer = new SnapshotWriter(log, feeder.Materializer, new SnapshotWriterOptions { EveryInterval = TimeSpan.FromMinutes(5) }, time);
        feeder.Feed(Create(zone: ZoneName(1)), key: ZoneName(1));
        writer.WhenDueAsync(CancellationToken.None).IsCompleted.ShouldBeTrue("a zone with records not checked yet is checked at once");
        await writer.WriteDueAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(2));
        feeder.Feed(Create(zone: ZoneName(2)), key: ZoneName(2));
        await writer.WriteDueAsync(CancellationToken.None);
        Task due = writer.WhenDueAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        due.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        await due.WaitAsync(TimeSpan.FromSeconds(60));

        await writer.WriteDueAsync(CancellationToken.None);
        feeder.Materializer.TryGetZone(DomainName.Parse(ZoneName(1)), out ZoneState? first).ShouldBeTrue();
        first.RecordsSinceSnapshot.ShouldBe(0);
        feeder.Materializer.TryGetZone(DomainName.Parse(ZoneName(2)), out ZoneState? second).ShouldBeTrue();
        second.RecordsSinceSnapshot.ShouldBe(1, "its interval ends two minutes later");

        await writer.WriteAllAsync(CancellationToken.None);
        writer.WhenDueAsync(CancellationToken.None).IsCompleted.ShouldBeFalse();
        time.ActiveTimers.ShouldBe(0, "no zone has unsaved records, so nothing is waited for");
    }

    [Test]
    public async Task StartDue_WritesInTheBackground_WhileRecordsAreApplied_AndCheckpointsOnlyWhatIsWritten()
    {
        (GatedSnapshotLog log, InMemoryChangeLog inner, Feeder feeder, SnapshotWriter writer) = await StartWriteAtTheGateAsync();
        feeder.Feed(AddHost(2)).ShouldBeOfType<ChangeApplied>();
        ZoneState state = Zone(feeder);
        state.RecordsSinceSnapshot.ShouldBe(1, "the snapshot being written covers the records before it");
        state.FirstOffsetSinceSnapshot.ShouldBe(2);
        await writer.StartDueAsync(CancellationToken.None).WaitAsync(Timeout);
        writer.WhenDueAsync(CancellationToken.None).IsCompleted.ShouldBeFalse("the write still waits");
        (await inner.LatestSnapshotsAsync()).ShouldBeEmpty("no checkpoint goes before the snapshot it relies on");

        log.Open();
        await writer.WhenDueAsync(CancellationToken.None).WaitAsync(Timeout);
        await writer.StartDueAsync(CancellationToken.None);
        Dictionary<string, byte[]?> latest = await inner.LatestSnapshotsAsync();
        ChangeLogJson.TryParseSnapshot(latest[Messages.Apex], out ZoneSnapshot? snapshot, out _).ShouldBeTrue();
        snapshot.Position.ShouldBe(new LogPosition(0, 1), "the zone as it was when the write started");
        snapshot.Serial.ShouldBe(2u);
        ChangeLogJson.TryParseCheckpoint(latest[PartitionCheckpoint.KeyOf(0)], out PartitionCheckpoint? checkpoint, out _).ShouldBeTrue();
        checkpoint.Offset.ShouldBe(1, "offset 2 is in no snapshot yet");
    }

    [Test]
    public async Task AFailedBackgroundWrite_ThrowsAtTheNextCall_AndLeavesTheZoneUnsavedFromItsFirstRecord()
    {
        (GatedSnapshotLog log, InMemoryChangeLog inner, Feeder feeder, SnapshotWriter writer) = await StartWriteAtTheGateAsync();
        feeder.Feed(AddHost(2)).ShouldBeOfType<ChangeApplied>();
        log.Failure = new IOException("disk full");
        log.Open();
        await writer.WhenDueAsync(CancellationToken.None).WaitAsync(Timeout);

        (await Should.ThrowAsync<IOException>(() => writer.StartDueAsync(CancellationToken.None))).Message.ShouldBe("disk full");
        ZoneState state = Zone(feeder);
        state.RecordsSinceSnapshot.ShouldBe(3);
        state.FirstOffsetSinceSnapshot.ShouldBe(0);

        log.Failure = null;
        await writer.WriteAllAsync(CancellationToken.None);
        Dictionary<string, byte[]?> latest = await inner.LatestSnapshotsAsync();
        ChangeLogJson.TryParseSnapshot(latest[Messages.Apex], out ZoneSnapshot? snapshot, out _).ShouldBeTrue();
        snapshot.Position.ShouldBe(new LogPosition(0, 2));
        ChangeLogJson.TryParseCheckpoint(latest[PartitionCheckpoint.KeyOf(0)], out PartitionCheckpoint? checkpoint, out _).ShouldBeTrue();
        checkpoint.Offset.ShouldBe(2);
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string AddHost(int i) => Ops($$"""{"op":"ADD","name":"host{{i}}","ttl":300,"type":"A","rdata":"192.0.2.{{i}}"}""");

    private static ZoneState Zone(Feeder feeder) =>
        feeder.Materializer.TryGetZone(DomainName.Parse(Messages.Apex), out ZoneState? state) ? state : throw new AssertionException("no zone");

    /// <summary>A zone created at offset 0 and changed at offset 1, whose snapshot (due by time) waits at the gate of its log.</summary>
    private static async Task<(GatedSnapshotLog Log, InMemoryChangeLog Inner, Feeder Feeder, SnapshotWriter Writer)> StartWriteAtTheGateAsync()
    {
        var time = new ManualTimeProvider();
        var inner = new InMemoryChangeLog(partitionCount: 1);
        var log = new GatedSnapshotLog(inner);
        var feeder = new Feeder();
        var writer = new SnapshotWriter(log, feeder.Materializer, new SnapshotWriterOptions { EveryInterval = TimeSpan.FromMinutes(5) }, time);
        feeder.Feed(Create()).ShouldBeOfType<ZoneCreated>();
        feeder.Feed(AddHost(1)).ShouldBeOfType<ChangeApplied>();
        await writer.StartDueAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        await writer.StartDueAsync(CancellationToken.None).WaitAsync(Timeout);
        await Wait.UntilAsync(() => log.Waiting == 1, Timeout, "the zone's snapshot write to wait at the gate");
        return (log, inner, feeder, writer);
    }
}
