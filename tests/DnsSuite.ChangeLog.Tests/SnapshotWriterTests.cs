using System.Globalization;
using DnsSuite.ChangeLog.Materialization;
using DnsSuite.ChangeLog.Memory;
using DnsSuite.Protocol;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Metrics;
using static DnsSuite.ChangeLog.Tests.Messages;

namespace DnsSuite.ChangeLog.Tests;

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
}
