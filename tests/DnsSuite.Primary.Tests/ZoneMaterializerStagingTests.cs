using DnsSuite.Primary.Materialization;
using DnsSuite.Zones;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

/// <summary>Runs of records applied with ApplyStaged and shown together by Publish, as the ingestor applies a backlog.</summary>
public class ZoneMaterializerStagingTests
{
    [Test]
    public void StagedRecords_AreShownOnlyAtPublish_InLogOrder()
    {
        var feeder = Feeder.WithZone();
        ZoneMaterializer materializer = feeder.Materializer;
        ZoneVersion before = feeder.Version();
        var applied = new List<(long Offset, string? Result)>();
        materializer.RecordApplied += (position, result) => applied.Add((position.Offset, result?.GetType().Name));
        feeder.Events.Clear();

        for (int i = 1; i <= 3; i++)
        {
            materializer.ApplyStaged(Record(Ops($$"""{"op":"ADD","name":"h{{i}}","ttl":300,"type":"A","rdata":"192.0.2.{{i}}"}"""), i)).ShouldBeOfType<ChangeApplied>();
        }

        feeder.Version().ShouldBeSameAs(before);
        materializer.NextOffset(0).ShouldBe(1);
        feeder.Events.ShouldBeEmpty();
        applied.ShouldBeEmpty();

        materializer.Publish();

        feeder.Version().Serial.ShouldBe(4u);
        Lines(feeder.Version()).ShouldContain("h3 300 A 192.0.2.3");
        materializer.NextOffset(0).ShouldBe(4);
        applied.ShouldBe([(1, "ChangeApplied"), (2, "ChangeApplied"), (3, "ChangeApplied")]);
        feeder.Events.Select(e => (e.Kind, e.Position.Offset, e.Changes!.To.Serial)).ShouldBe(
            [(ZoneChangeKind.Changed, 1L, 2u), (ZoneChangeKind.Changed, 2L, 3u), (ZoneChangeKind.Changed, 3L, 4u)]);
        feeder.Events.ShouldAllBe(e => e.Version == feeder.Version());
        materializer.TryGetZone(before.Origin, out ZoneState? state).ShouldBeTrue();
        state.Zone.Journal.ToArray().Select(c => c.To.Serial).ShouldBe([2u, 3u, 4u]);
    }

    [Test]
    public void RecordApplied_ComesWithTheZoneShown_AndBeforeTheOffsetPassesTheRecord()
    {
        // A writer that finds the offset passed relies on having been told the outcome (ChangeLogUpdateProcessor).
        var feeder = Feeder.WithZone();
        ZoneMaterializer materializer = feeder.Materializer;
        var seen = new List<(long Offset, long NextOffset, uint Serial)>();
        materializer.RecordApplied += (position, _) => seen.Add((position.Offset, materializer.NextOffset(0), feeder.Version().Serial));

        materializer.ApplyStaged(Record(Ops("""{"op":"ADD","name":"a","ttl":300,"type":"A","rdata":"192.0.2.1"}"""), 1));
        materializer.ApplyStaged(Record(Ops("""{"op":"ADD","name":"b","ttl":300,"type":"A","rdata":"192.0.2.2"}"""), 2));
        materializer.Publish();

        seen.ShouldBe([(1L, 1L, 3u), (2L, 2L, 3u)]);
        materializer.NextOffset(0).ShouldBe(3);
    }

    [Test]
    public void Publish_CommitsARunOnce_WithEveryChangesetOfItJournaled()
    {
        // The IXFR journal must cover a version before any transfer can ask for it: the run goes through the zone's commit.
        var feeder = Feeder.WithZone();
        ZoneMaterializer materializer = feeder.Materializer;
        materializer.TryGetZone(DnsSuite.Protocol.DomainName.Parse(Apex), out ZoneState? state).ShouldBeTrue();
        var commits = new List<(string Changes, uint Served, bool Covered)>();
        state.Zone.Committed += c => commits.Add((string.Join(",", c.Changes.Select(changes => changes.To.Serial)), c.Zone.Current.Serial, c.Zone.Journal.TryGetSpan(1, c.Version.Serial, out _)));

        materializer.ApplyStaged(Record(Ops("""{"op":"ADD","name":"a","ttl":300,"type":"A","rdata":"192.0.2.1"}"""), 1));
        materializer.ApplyStaged(Record(Ops("""{"op":"ADD","name":"b","ttl":300,"type":"A","rdata":"192.0.2.2"}"""), 2));
        commits.ShouldBeEmpty();
        materializer.Publish();

        commits.ShouldHaveSingleItem().ShouldBe(("2,3", 3u, true));
        feeder.Version().Serial.ShouldBe(3u);
    }

    [Test]
    public void RejectedRecordInARun_LeavesNothingOfItself_AndKeepsTheOthers()
    {
        var feeder = Feeder.WithZone();
        ZoneMaterializer materializer = feeder.Materializer;

        materializer.ApplyStaged(Record(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}"""), 1)).ShouldBeOfType<ChangeApplied>();
        // Its first operation applies, its second conflicts with the staged www A: the whole message goes.
        materializer.ApplyStaged(Record(Ops("""{"op":"ADD","name":"b","ttl":300,"type":"A","rdata":"192.0.2.2"},{"op":"ADD","name":"www","ttl":300,"type":"CNAME","rdata":"x."}"""), 2))
            .ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.CnameConflict);
        materializer.ApplyStaged(Record(Ops("""{"op":"ADD","name":"c","ttl":300,"type":"A","rdata":"192.0.2.3"}""", """{"require":"name-not-in-use","name":"b"}"""), 3))
            .ShouldBeOfType<ChangeApplied>().Changes.To.Serial.ShouldBe(3u);
        materializer.Publish();

        Lines(feeder.Version()).ShouldBe(["@ 3600 NS ns1.example.com.", "c 300 A 192.0.2.3", "ns1 3600 A 192.0.2.53", "www 300 A 192.0.2.1"]);
        feeder.Version().Serial.ShouldBe(3u);
    }

    [Test]
    public void LifecycleRecord_PublishesTheRunBeforeIt()
    {
        var feeder = Feeder.WithZone();
        ZoneMaterializer materializer = feeder.Materializer;
        feeder.Events.Clear();

        materializer.ApplyStaged(Record(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}"""), 1));
        materializer.ApplyStaged(Record(Ops("""{"op":"DELETE_ZONE"}"""), 2)).ShouldBeOfType<ZoneDeleted>().LastSerial.ShouldBe(2u);

        feeder.Events.Select(e => e.Kind).ShouldBe([ZoneChangeKind.Changed, ZoneChangeKind.Deleted]);
        materializer.NextOffset(0).ShouldBe(2);
        materializer.Publish();
        materializer.NextOffset(0).ShouldBe(3);
        materializer.TryGetZone(DnsSuite.Protocol.DomainName.Parse(Apex), out _).ShouldBeFalse();
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void RandomRuns_GiveWhatRecordByRecordGives(int seed)
    {
        var random = new Random(seed);
        string[] messages = [Create(), .. Enumerable.Range(0, 400).Select(_ => RandomMessage(random))];
        var one = new Feeder();
        var runs = new Feeder();
        var oneResults = new List<string?>();
        var runResults = new List<string?>();
        one.Materializer.RecordApplied += (position, result) => oneResults.Add($"{position.Offset} {Describe(result)}");
        runs.Materializer.RecordApplied += (position, result) => runResults.Add($"{position.Offset} {Describe(result)}");

        for (int offset = 0; offset < messages.Length; offset++)
        {
            LogRecord record = Record(messages[offset], offset);
            one.Materializer.Apply(record);
            runs.Materializer.ApplyStaged(record);
            if (random.Next(20) == 0)
            {
                runs.Materializer.Publish();
            }
        }

        runs.Materializer.Publish();
        runResults.ShouldBe(oneResults);
        Text(runs.Version()).ShouldBe(Text(one.Version()));
        runs.Events.Select(e => (e.Kind, e.Position, ZoneMaterializerTests.Describe(e.Changes)))
            .ShouldBe(one.Events.Select(e => (e.Kind, e.Position, ZoneMaterializerTests.Describe(e.Changes))));
        oneResults.Count(r => r!.Contains("ChangeApplied", StringComparison.Ordinal)).ShouldBeGreaterThan(100);
        oneResults.Count(r => r!.Contains("ChangeRejected", StringComparison.Ordinal)).ShouldBeGreaterThan(10);
    }

    private static string RandomMessage(Random random)
    {
        string name = $"n{random.Next(12)}.s{random.Next(3)}";
        string address = $"192.0.2.{random.Next(3)}";
        return random.Next(8) switch
        {
            0 => Ops($$"""{"op":"DEL","name":"{{name}}"}"""),
            1 => Ops($$"""{"op":"DEL","name":"{{name}}","type":"A","rdata":"{{address}}"}"""),
            2 => Ops($$"""{"op":"SET","name":"{{name}}","ttl":{{60 * random.Next(1, 3)}},"type":"A","rdata":["{{address}}"]}"""),
            3 => Ops($$"""{"op":"ADD","name":"{{name}}","ttl":300,"type":"CNAME","rdata":"target."}"""),
            4 => Ops($$"""{"op":"ADD","name":"{{name}}","ttl":300,"type":"TXT","rdata":"\"t\""},{"op":"ADD","name":"{{name}}","ttl":300,"type":"A","rdata":"{{address}}"}""",
                $$"""{"require":"name-not-in-use","name":"{{name}}"}"""),
            5 => Ops($$"""{"op":"ADD","name":"{{name}}","ttl":300,"type":"A","rdata":"{{address}}"},{"op":"DEL","name":"{{name}}","type":"TXT"}"""),
            6 => Ops($$"""{"op":"ADD","name":"{{name}}","ttl":300,"type":"A","rdata":"{{address}}"},{"op":"DEL","name":"{{name}}","type":"A","rdata":"{{address}}"}"""),
            _ => Ops($$"""{"op":"ADD","name":"{{name}}","ttl":300,"type":"A","rdata":"{{address}}"}"""),
        };
    }

    private static string Describe(ApplyResult? result) => result switch
    {
        ChangeApplied applied => "ChangeApplied " + ZoneMaterializerTests.Describe(applied.Changes),
        ChangeRejected rejected => $"ChangeRejected {rejected.Reason}",
        _ => result?.GetType().Name ?? "skipped",
    };
}
