using System.Diagnostics.Metrics;
using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Zones;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

public class ZoneMaterializerTests
{
    // A mixed history: valid changes with invalid ones between them, a delete and a re-create.
    private static readonly string[] History =
    [
        Create(),
        Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}"""),
        "{ broken",
        Ops("""{"op":"ADD","name":"www","ttl":300,"type":"CNAME","rdata":"x."}"""),
        Ops("""{"op":"SET","name":"www","ttl":300,"type":"A","rdata":["192.0.2.2","192.0.2.3"]}"""),
        Ops("""{"op":"DEL","name":"nothing"}"""),
        Ops("""{"op":"ADD","name":"mail","ttl":300,"type":"MX","rdata":"10 www"}""", """{"require":"name-not-in-use","name":"mail"}"""),
        Ops("""{"op":"ADD","name":"mail","ttl":300,"type":"MX","rdata":"20 www"}""", """{"require":"name-not-in-use","name":"mail"}"""),
        Ops("""{"op":"DELETE_ZONE"}"""),
        Create(),
        Ops("""{"op":"ADD","name":"again","ttl":300,"type":"TXT","rdata":"\"back\""}"""),
    ];

    [Test]
    public void InvalidRecords_BetweenValidOnes_NeverStopIngestion()
    {
        var feeder = new Feeder();
        ApplyResult?[] results = [.. History.Select(json => feeder.Feed(json))];
        results.Select(r => r?.GetType().Name).ShouldBe([
            "ZoneCreated", "ChangeApplied", "ChangeRejected", "ChangeRejected", "ChangeApplied", "NoChange",
            "ChangeApplied", "ChangeRejected", "ZoneDeleted", "ZoneCreated", "ChangeApplied"]);
        ((ChangeRejected)results[7]!).Prerequisite!.ResponseCode.ShouldBe(DnsSuite.Protocol.ResponseCode.YXDomain);
        feeder.Version().Serial.ShouldBe(6u);
        Lines(feeder.Version()).ShouldContain("again 300 TXT \"back\"");
    }

    [Test]
    public void TwoMaterializers_FedTheSameRecords_HoldIdenticalZonesSerialsAndChangesets()
    {
        var a = new Feeder();
        var b = new Feeder();
        foreach (string json in History)
        {
            a.Feed(json);
            b.Feed(json);
        }

        Text(a.Version()).ShouldBe(Text(b.Version()));
        a.Events.Count.ShouldBe(b.Events.Count);
        for (int i = 0; i < a.Events.Count; i++)
        {
            (a.Events[i].Kind, a.Events[i].Position, a.Events[i].Version?.Serial).ShouldBe((b.Events[i].Kind, b.Events[i].Position, b.Events[i].Version?.Serial));
            Describe(a.Events[i].Changes).ShouldBe(Describe(b.Events[i].Changes));
        }
    }

    [Test]
    public void ChangedEvent_CarriesTheChangesetAndThePosition()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}"""));
        ZoneChange changed = feeder.Events[^1];
        changed.Kind.ShouldBe(ZoneChangeKind.Changed);
        changed.Position.ShouldBe(new LogPosition(0, 1));
        Describe(changed.Changes).ShouldBe("1->2 -[] +[www.example.com. 300 IN A 192.0.2.1]");
        feeder.Materializer.Table.TryGet(changed.Origin, out Zone? zone).ShouldBeTrue();
        zone.Current.ShouldBeSameAs(changed.Version);
    }

    [Test]
    public void ZoneInAnotherPartition_IsRejectedAndReported()
    {
        using var metrics = new ChangeLogMetrics();
        using var listener = new CountingListener();
        var materializer = new ZoneMaterializer(new ZoneTable(), "test", metrics: metrics);
        materializer.Apply(Record(Create(), 0, partition: 0)).ShouldBeOfType<ZoneCreated>();
        materializer.Apply(Record(Ops("""{"op":"DEL","name":"ns1"}"""), 0, partition: 1))
            .ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.WrongPartition);
        listener.Count("dnssuite.changelog.partition_conflicts").ShouldBe(1);
        listener.Count("dnssuite.changelog.records.rejected", "WrongPartition").ShouldBe(1);
    }

    [Test]
    public void Rejections_AreCountedByReason()
    {
        using var metrics = new ChangeLogMetrics();
        using var listener = new CountingListener();
        var materializer = new ZoneMaterializer(new ZoneTable(), "test", metrics: metrics);
        materializer.Apply(Record("nope", 0));
        materializer.Apply(Record(Ops("""{"op":"DEL","name":"x"}"""), 1));
        materializer.Apply(Record(Create(), 2));
        listener.Count("dnssuite.changelog.records.rejected", "InvalidJson").ShouldBe(1);
        listener.Count("dnssuite.changelog.records.rejected", "UnknownZone").ShouldBe(1);
        listener.Count("dnssuite.changelog.records.applied").ShouldBe(1);
    }

    [Test]
    public void RecordAtOrBelowTheZonesPosition_IsSkipped()
    {
        var feeder = Feeder.WithZone();
        feeder.Materializer.Apply(Record(Ops("""{"op":"ADD","name":"x","ttl":60,"type":"A","rdata":"192.0.2.1"}"""), 0)).ShouldBeNull();
        feeder.Version().Serial.ShouldBe(1u);
    }

    [Test]
    public void FirstUncoveredOffset_IsTheEarliestRecordNotInASnapshot_OfTheZonesOfThePartition()
    {
        var feeder = new Feeder();
        feeder.Feed(Create(zone: "a.test."), key: "a.test.");
        feeder.Feed(Create(zone: "b.test."), key: "b.test.");
        feeder.Materializer.TryGetZone(DomainName.Parse("a.test."), out ZoneState? a).ShouldBeTrue();
        feeder.Materializer.TryGetZone(DomainName.Parse("b.test."), out ZoneState? b).ShouldBeTrue();
        feeder.Materializer.FirstUncoveredOffset(0).ShouldBe(0);
        feeder.Materializer.FirstUncoveredOffset(1).ShouldBeNull();

        feeder.Materializer.MarkSnapshotTaken(a);
        feeder.Materializer.FirstUncoveredOffset(0).ShouldBe(1);
        feeder.Feed(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}""", zone: "a.test."), key: "a.test.");
        feeder.Materializer.FirstUncoveredOffset(0).ShouldBe(1, "b's record 1 is still the earliest");
        feeder.Materializer.MarkSnapshotTaken(b);
        feeder.Materializer.FirstUncoveredOffset(0).ShouldBe(2);

        feeder.Materializer.MarkStale(a);
        feeder.Materializer.FirstUncoveredOffset(0).ShouldBe(3, "a stale zone lacks the records after its position");
        feeder.Feed(Ops("""{"op":"DELETE_ZONE"}""", zone: "b.test."), key: "b.test.").ShouldBeOfType<ZoneDeleted>();
        feeder.Materializer.FirstUncoveredOffset(0).ShouldBe(3, "a deleted zone's records are the deletion marker's to cover");
        feeder.Feed(Create(zone: "b.test."), key: "b.test.").ShouldBeOfType<ZoneCreated>();
        feeder.Materializer.FirstUncoveredOffset(0).ShouldBe(3);
        feeder.Materializer.TryGetZone(DomainName.Parse("b.test."), out b).ShouldBeTrue();
        feeder.Materializer.MarkSnapshotTaken(b);
        feeder.Materializer.MarkSnapshotTaken(a);
        feeder.Materializer.FirstUncoveredOffset(0).ShouldBe(3, "a stale zone is never covered by a snapshot");
    }

    internal static string Describe(Changeset? changes) => changes is null
        ? "none"
        : $"{changes.From.Serial}->{changes.To.Serial} -[{string.Join(", ", changes.Removed)}] +[{string.Join(", ", changes.Added)}]";
}

/// <summary>Sums the measurements of the change-log meter, by instrument and optionally by reason tag.</summary>
internal sealed class CountingListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, string? Reason, long Value)> _measurements = [];

    public CountingListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ChangeLogMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? reason = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                reason = tag.Key == "reason" ? tag.Value as string : reason;
            }

            lock (_measurements)
            {
                _measurements.Add((instrument.Name, reason, value));
            }
        });
        _listener.Start();
    }

    public long Count(string instrument, string? reason = null)
    {
        lock (_measurements)
        {
            return _measurements.Where(m => m.Instrument == instrument && (reason is null || m.Reason == reason)).Sum(m => m.Value);
        }
    }

    public void Dispose() => _listener.Dispose();
}
