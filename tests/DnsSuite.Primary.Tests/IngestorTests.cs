using System.Text;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.ChangeLog.Memory;
using DnsSuite.Protocol;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Metrics;
using DnsSuite.Zones;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

public class IngestorTests
{
    private static readonly DomainName Origin = DomainName.Parse(Apex);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task AppendAsync(IChangeLog log, params string[] messages)
    {
        foreach (string json in messages)
        {
            await log.AppendChangeAsync(Apex, Encoding.UTF8.GetBytes(json), CancellationToken.None);
        }
    }

    private static string Add(int i) => Ops($$"""{"op":"ADD","name":"host{{i}}","ttl":300,"type":"A","rdata":"192.0.2.{{i % 250}}"}""");

    /// <summary>The zone a materializer gets from every record in the log, snapshots ignored.</summary>
    private static async Task<ZoneVersion> ReplayAsync(InMemoryChangeLog log)
    {
        var feeder = new ZoneMaterializer(new ZoneTable(), "replay");
        IReadOnlyList<PartitionOffsets> ends = await log.GetChangeOffsetsAsync(CancellationToken.None);
        long remaining = ends.Sum(p => p.HighWatermark - p.LogStartOffset);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (LogRecord record in log.ReadChangesAsync(new Dictionary<int, long>(), cts.Token))
        {
            feeder.Apply(record);
            if (--remaining == 0)
            {
                break;
            }
        }

        feeder.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        return state.Version;
    }

    private static async Task<List<string>> SnapshotKeysAsync(IChangeLog log)
    {
        List<string> keys = [];
        await foreach (LogRecord record in log.ReadSnapshotsAsync(CancellationToken.None))
        {
            keys.Add(record.Key);
        }

        return keys;
    }

    private static async Task<Primary> SnapshotAsync(InMemoryChangeLog log, SnapshotWriterOptions? options = null)
    {
        var primary = new Primary(log, options);
        await primary.StartAsync();
        await primary.CatchUpAndStopAsync();
        await primary.Writer.WriteAllAsync(CancellationToken.None);
        return primary;
    }

    [Test]
    public async Task EmptyLog_IsReadyAtOnce()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 2);
        await using var primary = new Primary(log);
        await primary.StartAsync();
        primary.Ingestor.IsReady.ShouldBeTrue();
    }

    [Test]
    public async Task Tail_AppliesChangesAppendedAfterReady()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 2);
        await AppendAsync(log, Create());
        await using var primary = new Primary(log);
        await primary.StartAsync();
        await AppendAsync(log, Add(1), "garbage", Add(2));
        await primary.CatchUpAndStopAsync();
        primary.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        state.Version.Serial.ShouldBe(3u);
    }

    [Test]
    public async Task Restart_FromSnapshotPlusTail_EqualsAFullReplay_AndSkipsWhatTheSnapshotHolds()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 3);
        await AppendAsync(log, Create(), Add(1), Add(2));
        await SnapshotAsync(log);
        await AppendAsync(log, Add(3), "not json", Add(4));
        await SnapshotAsync(log);
        await AppendAsync(log, Add(5));

        await using var restarted = new Primary(log);
        await restarted.StartAsync();
        await restarted.CatchUpAndStopAsync();
        restarted.Events.Select(e => (e.Kind, e.Version!.Serial)).ShouldBe([(ZoneChangeKind.Loaded, 5u), (ZoneChangeKind.Changed, 6u)]);
        restarted.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        Text(state.Version).ShouldBe(Text(await ReplayAsync(log)));
        restarted.Materializer.Table.TryGet(Origin, out _).ShouldBeTrue();
    }

    [Test]
    public void Snapshots_OfTwoPrimariesAtTheSamePosition_AreByteIdentical()
    {
        var a = new Feeder();
        var b = new Feeder();
        foreach (string json in new[] { Create(), Add(1), Add(2), Ops("""{"op":"DEL","name":"host1"}""") })
        {
            a.Feed(json);
            b.Feed(json);
        }

        a.Materializer.TryGetZone(Origin, out ZoneState? stateA).ShouldBeTrue();
        b.Materializer.TryGetZone(Origin, out ZoneState? stateB).ShouldBeTrue();
        foreach (int max in new[] { 1_000_000, 64 })
        {
            var valuesA = ZoneSnapshotCodec.Encode(stateA, stateA.Zone.Journal.Options, max);
            var valuesB = ZoneSnapshotCodec.Encode(stateB, stateB.Zone.Journal.Options, max);
            valuesA.Select(v => v.Key).ShouldBe(valuesB.Select(v => v.Key));
            valuesA.Select(v => Convert.ToHexString(v.Value)).ShouldBe(valuesB.Select(v => Convert.ToHexString(v.Value)));
        }
    }

    [Test]
    public async Task ChunkedSnapshot_IsReassembled_AndSupersededChunksAreTombstoned()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        var options = new SnapshotWriterOptions { EveryRecords = int.MaxValue, EveryInterval = TimeSpan.MaxValue, MaxValueBytes = 120 };
        await AppendAsync(log, [Create(), .. Enumerable.Range(1, 10).Select(Add)]);
        await SnapshotAsync(log, options);
        await AppendAsync(log, Add(11));
        await SnapshotAsync(log, options);

        List<LogRecord> snapshots = [];
        await foreach (LogRecord record in log.ReadSnapshotsAsync(CancellationToken.None))
        {
            snapshots.Add(record);
        }

        string[] firstChunks = [.. snapshots.Where(r => r.Key.StartsWith(Apex + "#0-10#", StringComparison.Ordinal) && r.Value is not null).Select(r => r.Key)];
        firstChunks.Length.ShouldBeGreaterThan(1);
        foreach (string chunk in firstChunks)
        {
            snapshots.Last(r => r.Key == chunk).Value.ShouldBeNull();
        }

        snapshots.Count(r => r.Key.StartsWith(Apex + "#0-11#", StringComparison.Ordinal)).ShouldBeGreaterThan(1);
        int manifest = snapshots.FindLastIndex(r => r.Key == Apex);
        snapshots.FindIndex(r => r.Key.StartsWith(Apex + "#0-11#", StringComparison.Ordinal)).ShouldBeLessThan(manifest);

        await using var restarted = new Primary(log, options);
        await restarted.StartAsync();
        await restarted.CatchUpAndStopAsync();
        restarted.Events.Select(e => (e.Kind, e.Version!.Serial)).ShouldBe([(ZoneChangeKind.Loaded, 12u)]);
        restarted.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        Text(state.Version).ShouldBe(Text(await ReplayAsync(log)));
    }

    [Test]
    public async Task ManifestWithIncompleteChunks_IsIgnored_AndTheZoneComesFromTheChanges()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(log, [Create(), .. Enumerable.Range(1, 10).Select(Add)]);
        Primary writer = await SnapshotAsync(log);
        writer.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        IReadOnlyList<KeyValuePair<string, byte[]>> chunked = ZoneSnapshotCodec.Encode(state, state.Zone.Journal.Options, 100);
        await log.WriteSnapshotAsync(chunked[0].Key, chunked[0].Value, CancellationToken.None);
        await log.WriteSnapshotAsync(chunked[^1].Key, chunked[^1].Value, CancellationToken.None);

        using var metrics = new ChangeLogMetrics();
        using var listener = new CountingListener();
        await using var restarted = new Primary(log, metrics: metrics);
        await restarted.StartAsync();
        await restarted.CatchUpAndStopAsync();
        listener.Count("dnssuite.changelog.snapshots.ignored").ShouldBe(1);
        restarted.Events[0].Kind.ShouldBe(ZoneChangeKind.Created);
        restarted.Materializer.TryGetZone(Origin, out ZoneState? rebuilt).ShouldBeTrue();
        Text(rebuilt.Version).ShouldBe(Text(state.Version));
    }

    [Test]
    public async Task RetentionPastTheSnapshot_MarksTheZoneStale_AndKeepsItOutOfTheTable()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(log, Create(), Add(1));
        await SnapshotAsync(log);
        await AppendAsync(log, Add(2), Add(3), Add(4));
        await log.TruncateBeforeAsync(0, 3, CancellationToken.None);

        using var metrics = new ChangeLogMetrics();
        using var listener = new CountingListener();
        await using var restarted = new Primary(log, metrics: metrics);
        await restarted.StartAsync();
        restarted.Ingestor.IsReady.ShouldBeTrue();
        await restarted.CatchUpAndStopAsync();
        // The partition is reported too: a zone created at offset 2 without a snapshot would be lost.
        restarted.Ingestor.Gaps.ShouldBe([new RetentionGap(null, 0, 2, 3), new RetentionGap(Origin, 0, 2, 3)]);
        listener.Count("dnssuite.changelog.retention_gaps").ShouldBe(2);
        restarted.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        state.Status.ShouldBe(ZoneStatus.Stale);
        state.Version.Serial.ShouldBe(2u);
        restarted.Materializer.Table.TryGet(Origin, out _).ShouldBeFalse();
    }

    [Test]
    public async Task RetentionWithoutAnySnapshot_ReportsAPartitionGap()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(log, Create(), Add(1), Add(2));
        await log.TruncateBeforeAsync(0, 1, CancellationToken.None);
        await using var primary = new Primary(log);
        await primary.StartAsync();
        await primary.CatchUpAndStopAsync();
        primary.Ingestor.Gaps.ShouldBe([new RetentionGap(null, 0, 0, 1)]);
        primary.Materializer.Zones.ShouldBeEmpty();
    }

    [Test]
    public async Task RetentionBelowTheCheckpoint_IsNoGap_ForAZoneUnchangedSinceItsSnapshot()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(log, Create());
        await log.AppendChangeAsync("other.example.", Encoding.UTF8.GetBytes(Create(zone: "other.example.")), CancellationToken.None);
        await SnapshotAsync(log);
        await log.AppendChangeAsync("other.example.", Encoding.UTF8.GetBytes(Ops("""{"op":"ADD","name":"a","ttl":60,"type":"A","rdata":"192.0.2.1"}""", zone: "other.example.")), CancellationToken.None);
        await SnapshotAsync(log);
        await log.TruncateBeforeAsync(0, 3, CancellationToken.None);

        await using var restarted = new Primary(log);
        await restarted.StartAsync();
        await restarted.CatchUpAndStopAsync();
        restarted.Ingestor.Gaps.ShouldBeEmpty();
        restarted.Materializer.Zones.Select(z => (z.Key, z.Status, z.Version.Serial)).OrderBy(z => z.Key)
            .ShouldBe([("example.com.", ZoneStatus.Current, 1u), ("other.example.", ZoneStatus.Current, 2u)]);
    }

    [Test]
    public async Task ZoneCreatedWithoutSnapshot_AfterAnotherZonesSnapshot_IsStillReplayed()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await log.AppendChangeAsync("other.example.", Encoding.UTF8.GetBytes(Create(zone: "other.example.")), CancellationToken.None);
        Primary first = new(log);
        await first.StartAsync();
        await first.CatchUpAndStopAsync();
        await AppendAsync(log, Create(), Add(1));
        // Only the other zone is snapshotted: the checkpoint must stay below example.com.'s creation.
        await first.Writer.WriteAllAsync(CancellationToken.None);

        await using var restarted = new Primary(log);
        await restarted.StartAsync();
        await restarted.CatchUpAndStopAsync();
        restarted.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        state.Version.Serial.ShouldBe(2u);
    }

    /// <summary>A started primary whose snapshots wait 5 minutes of <paramref name="time"/>, once the zone it created has started that wait.</summary>
    private static async Task<Primary> StartWithZoneOnItsSnapshotIntervalAsync(IChangeLog log, ManualTimeProvider time)
    {
        var options = new SnapshotWriterOptions { EveryRecords = int.MaxValue, EveryInterval = TimeSpan.FromMinutes(5) };
        var primary = new Primary(log, options, time: time);
        await primary.StartAsync();
        await AppendAsync(log, Create());
        await Wait.UntilAsync(() => primary.Materializer.TryGetZone(Origin, out _) && time.ActiveTimers > 0, Timeout, "the zone and the writer's timer");
        return primary;
    }

    [Test]
    public async Task ZoneChangedOnceThenQuiet_IsSnapshotted_OnceTheIntervalPasses()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 2);
        var time = new ManualTimeProvider();
        await using Primary primary = await StartWithZoneOnItsSnapshotIntervalAsync(log, time);

        time.Advance(TimeSpan.FromMinutes(4));
        (await SnapshotKeysAsync(log)).ShouldNotContain(Apex);
        time.Advance(TimeSpan.FromMinutes(1));
        // The writer counts the zone as snapshotted when it starts writing it, so the key may lag the count by a moment.
        await Wait.UntilAsync(
            async () => (await SnapshotKeysAsync(log)).Contains(Apex) && primary.Materializer.TryGetZone(Origin, out ZoneState? state) && state.RecordsSinceSnapshot == 0,
            Timeout,
            "the quiet zone's snapshot, and its count of records since the last snapshot back to 0");
    }

    [Test]
    public async Task RecordsGoOnBeingApplied_WhileASnapshotIsWritten_AndAStopInTheMiddleLeavesThemUnsaved()
    {
        await using var inner = new InMemoryChangeLog(partitionCount: 1);
        var log = new GatedSnapshotLog(inner);
        var time = new ManualTimeProvider();
        await using Primary primary = await StartWithZoneOnItsSnapshotIntervalAsync(log, time);
        time.Advance(TimeSpan.FromMinutes(5));
        await Wait.UntilAsync(() => log.Waiting > 0, Timeout, "the zone's snapshot write to wait at the gate");

        await AppendAsync(log, [.. Enumerable.Range(1, 50).Select(Add)]);
        await Wait.UntilAsync(() => primary.Materializer.NextOffset(0) == 51, Timeout, "the records appended during the snapshot write to be applied");
        log.Waiting.ShouldBe(1, "the snapshot write still waits");
        primary.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        state.Version.Serial.ShouldBe(51u);

        await primary.DisposeAsync();
        state.RecordsSinceSnapshot.ShouldBe(51, "the snapshot cancelled by the stop covers nothing");
        state.FirstOffsetSinceSnapshot.ShouldBe(0);
        (await inner.LatestSnapshotsAsync()).ShouldBeEmpty();

        log.Open();
        await primary.Writer.WriteAllAsync(CancellationToken.None);
        ChangeLogJson.TryParseSnapshot((await inner.LatestSnapshotsAsync())[Apex], out ZoneSnapshot? snapshot, out _).ShouldBeTrue();
        snapshot.Position.ShouldBe(new LogPosition(0, 50));
        snapshot.Serial.ShouldBe(51u);
    }

    [Test]
    public async Task SnapshotAge_CountsFromTheStartUpLoadOrCreation_RestartsWhenWritten_AndEndsWithTheZone()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(log, Create(), Add(1));
        await SnapshotAsync(log);
        var time = new ManualTimeProvider();
        using var metrics = new ChangeLogMetrics(time: time);
        using var recorder = new MeasurementRecorder(ChangeLogMetrics.MeterName);
        await using var primary = new Primary(log, metrics: metrics, time: time);
        await primary.StartAsync();

        time.Advance(TimeSpan.FromSeconds(90));
        await log.AppendChangeAsync("other.example.", Encoding.UTF8.GetBytes(Create(zone: "other.example.")), CancellationToken.None);
        await primary.CatchUpAndStopAsync();
        SnapshotAges(recorder).ShouldBe([("example.com.", 90), ("other.example.", 0)]);

        time.Advance(TimeSpan.FromSeconds(30));
        await primary.Writer.WriteAllAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));
        SnapshotAges(recorder).ShouldBe([("example.com.", 130), ("other.example.", 10)], "only the zone with unsaved records is written");

        byte[] delete = Encoding.UTF8.GetBytes(Ops("""{"op":"DELETE_ZONE"}""", zone: "other.example."));
        primary.Materializer.Apply(new LogRecord("other.example.", delete, new LogPosition(0, primary.Materializer.NextOffset(0)), time.GetUtcNow())).ShouldBeOfType<ZoneDeleted>();
        SnapshotAges(recorder).ShouldBe([("example.com.", 130)]);
    }

    private static (string Zone, double Age)[] SnapshotAges(MeasurementRecorder recorder) =>
        [.. recorder.Observe("dnssuite.changelog.snapshot.age").Select(m => (m.Tags["zone"], m.Value)).OrderBy(z => z.Item1, StringComparer.Ordinal)];

    [Test]
    public async Task DeletedZone_RecreatedAfterRestart_ContinuesAboveItsLastSerial()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(log, Create(), Add(1), Add(2), Ops("""{"op":"DELETE_ZONE"}"""));
        await SnapshotAsync(log);
        await log.TruncateBeforeAsync(0, 4, CancellationToken.None);

        Dictionary<string, byte[]?> latest = await log.LatestSnapshotsAsync();
        latest.ShouldContainKey(Apex);
        latest[Apex].ShouldBeNull();
        ChangeLogJson.TryParseSnapshot(latest[ZoneSnapshotCodec.DeletionMarkerKey(Apex)], out ZoneSnapshot? marker, out _).ShouldBeTrue();
        marker.Deleted.ShouldBeTrue();
        marker.Serial.ShouldBe(3u);

        await using var restarted = new Primary(log);
        await restarted.StartAsync();
        restarted.Ingestor.Gaps.ShouldBeEmpty();
        await AppendAsync(log, Create(serial: 1));
        await restarted.CatchUpAndStopAsync();
        restarted.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        state.Version.Serial.ShouldBe(4u);

        await restarted.Writer.WriteAllAsync(CancellationToken.None);
        latest = await log.LatestSnapshotsAsync();
        latest[ZoneSnapshotCodec.DeletionMarkerKey(Apex)].ShouldBeNull();
        ChangeLogJson.TryParseSnapshot(latest[Apex], out ZoneSnapshot? recreated, out _).ShouldBeTrue();
        recreated.Serial.ShouldBe(4u);
    }

    [Test]
    public async Task DeletionMarkerOlderThanTheZonesSnapshot_IsIgnored_AtStartUp()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(log, Create(), Ops("""{"op":"DELETE_ZONE"}"""));
        await SnapshotAsync(log);
        await AppendAsync(log, Create(serial: 1), Add(1));
        Primary recreated = await SnapshotAsync(log);
        recreated.Materializer.TryGetZone(Origin, out ZoneState? written).ShouldBeTrue();
        // As if the writer stopped between the re-created zone's snapshot and the marker's tombstone.
        await log.WriteSnapshotAsync(ZoneSnapshotCodec.DeletionMarkerKey(Apex), ZoneSnapshotCodec.EncodeDeleted(Origin, new DeletedZone(1, new LogPosition(0, 1))), CancellationToken.None);

        await using var restarted = new Primary(log);
        await restarted.StartAsync();
        restarted.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        state.Version.Serial.ShouldBe(written.Version.Serial);
        restarted.Materializer.Table.TryGet(Origin, out _).ShouldBeTrue();
    }
}
