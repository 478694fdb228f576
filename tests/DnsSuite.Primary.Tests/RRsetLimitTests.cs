using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Zones;
using DnsSuite.Zones.Policies;

namespace DnsSuite.Primary.Tests;

/// <summary>
/// The RRset record limit on the change log (<c>Limits:MaxRecordsPerRRset</c>, BIND's max-records-per-type): a message
/// that would leave an RRset with more records is rejected whole as TooManyRecords, and what was applied before stays.
/// </summary>
public sealed class RRsetLimitTests
{
    [Test]
    public void AMessageThatWouldPutMoreThanTheLimitInAnRRset_IsRejectedWhole_NamingZoneOwnerTypeAndCount()
    {
        Feeder feeder = Feeder.WithZone();
        feeder.Feed(Messages.Ops(Adds("big", 1, 100))).ShouldBeOfType<ChangeApplied>();
        ZoneVersion before = feeder.Version();

        ChangeRejected rejected = feeder.Feed(Messages.Ops($$"""{"op":"ADD","name":"other","ttl":60,"type":"A","rdata":"10.0.1.1"},{{Adds("big", 101, 101)}}""")).ShouldBeOfType<ChangeRejected>();

        rejected.Reason.ShouldBe(RejectionReason.TooManyRecords);
        rejected.Message.ShouldBe("zone example.com.: big.example.com. A: the RRset would hold 101 records, more than the 100 one RRset may hold (MaxRecordsPerRRset, as BIND's max-records-per-type)");
        feeder.Version().ShouldBeSameAs(before);
        Messages.Lines(feeder.Version()).Count(line => line.StartsWith("big ", StringComparison.Ordinal)).ShouldBe(100);
        Messages.Lines(feeder.Version()).ShouldNotContain(line => line.StartsWith("other ", StringComparison.Ordinal));
    }

    [Test]
    public void SetAndCreateZone_WithMoreRecordsThanTheLimit_AreRejected()
    {
        Feeder feeder = Feeder.WithZone();
        string rdata = string.Join(',', Enumerable.Range(1, 101).Select(i => $"\"10.0.0.{i}\""));

        feeder.Feed(Messages.Ops($$"""{"op":"SET","name":"big","ttl":60,"type":"A","rdata":[{{rdata}}]}""")).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.TooManyRecords);
        ChangeRejected created = feeder.Feed(Messages.Create(zone: "other.test.", records: $"[{string.Join(',', Enumerable.Range(1, 101).Select(i => $"\"big 60 A 10.0.0.{i}\""))}]"), key: "other.test.")
            .ShouldBeOfType<ChangeRejected>();
        created.Reason.ShouldBe(RejectionReason.TooManyRecords);
        created.Message.ShouldContain("big.other.test. A: the RRset would hold 101 records");
        feeder.Materializer.TryGetZone(DomainName.Parse("other.test."), out _).ShouldBeFalse();
    }

    [Test]
    public void TheZonesOwnLimit_Decides_AndZeroMeansNone()
    {
        var unlimited = new Feeder(policies: new PolicySource((_, _) => ZonePolicies.Default, maxRecordsPerRRset: OversizedRRset.Unlimited));
        unlimited.Feed(Messages.Create()).ShouldBeOfType<ZoneCreated>();
        unlimited.Feed(Messages.Ops(Adds("big", 1, 500))).ShouldBeOfType<ChangeApplied>();

        var five = new Feeder(policies: new PolicySource((_, _) => ZonePolicies.Default, maxRecordsPerRRset: 5));
        five.Feed(Messages.Create(records: $"[{string.Join(',', Enumerable.Range(1, 6).Select(i => $"\"big 60 A 10.0.0.{i}\""))}]")).ShouldBeOfType<ChangeRejected>()
            .Reason.ShouldBe(RejectionReason.TooManyRecords);
        five.Feed(Messages.Create()).ShouldBeOfType<ZoneCreated>();
        five.Feed(Messages.Ops(Adds("big", 1, 5))).ShouldBeOfType<ChangeApplied>();
        five.Feed(Messages.Ops(Adds("big", 6, 6))).ShouldBeOfType<ChangeRejected>().Message.ShouldContain("would hold 6 records, more than the 5");
    }

    [Test]
    public void AnRRsetOverALoweredLimit_IsKept_CanShrink_AndOtherRRsetsStillChange_ButItCannotGrow()
    {
        // A zone that took 150 records under no limit, then read by a primary whose limit is 100 (its snapshot, say).
        Feeder unlimited = new(policies: new PolicySource((_, _) => ZonePolicies.Default, maxRecordsPerRRset: OversizedRRset.Unlimited));
        unlimited.Feed(Messages.Create()).ShouldBeOfType<ZoneCreated>();
        unlimited.Feed(Messages.Ops(Adds("big", 1, 150))).ShouldBeOfType<ChangeApplied>();
        var feeder = new Feeder();
        // Its snapshot includes everything before the feeder's first record (offset 0).
        feeder.Materializer.Load(unlimited.Version(), SerialPolicy.Increment, new ChangeLog.LogPosition(0, -1), ZoneStatus.Current);

        feeder.Feed(Messages.Ops("""{"op":"ADD","name":"www","ttl":60,"type":"A","rdata":"192.0.2.80"}""")).ShouldBeOfType<ChangeApplied>();
        feeder.Feed(Messages.Ops("""{"op":"DEL","name":"big","type":"A","rdata":"10.0.0.2"}""")).ShouldBeOfType<ChangeApplied>();
        feeder.Feed(Messages.Ops(Adds("big", 1, 1))).ShouldBeOfType<ChangeRejected>().Message.ShouldContain("would hold 150 records, more than the 100");
        Messages.Lines(feeder.Version()).Count(line => line.StartsWith("big ", StringComparison.Ordinal)).ShouldBe(149);
    }

    /// <summary>ADD operations of A records 10.0.x.y at <paramref name="owner"/>, numbered <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static string Adds(string owner, int from, int to) =>
        string.Join(',', Enumerable.Range(from, to - from + 1).Select(i => $$"""{"op":"ADD","name":"{{owner}}","ttl":60,"type":"A","rdata":"10.0.{{i / 250}}.{{i % 250 + 1}}"}"""));
}
