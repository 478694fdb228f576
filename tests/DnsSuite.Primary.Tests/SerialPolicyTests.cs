using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.Zones;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

public class SerialPolicyTests
{
    private static readonly DateTimeOffset Noon = new(2024, 5, 17, 12, 0, 0, TimeSpan.Zero);

    [TestCase(SerialPolicy.Increment, 7u, 8u)]
    [TestCase(SerialPolicy.Increment, uint.MaxValue, 0u)]
    [TestCase(SerialPolicy.UnixTime, 7u, 1715947200u)]
    [TestCase(SerialPolicy.UnixTime, 1715947200u, 1715947201u)]
    [TestCase(SerialPolicy.DateSerial, 2024051500u, 2024051700u)]
    [TestCase(SerialPolicy.DateSerial, 2024051700u, 2024051701u)]
    [TestCase(SerialPolicy.DateSerial, 2024051799u, 2024051800u)]
    [TestCase(SerialPolicy.DateSerial, 2030010100u, 2030010101u)]
    public void Next_FollowsThePolicyAndNeverGoesBack(SerialPolicy policy, uint current, uint expected) =>
        Serials.Next(policy, current, Noon).ShouldBe(expected);

    [TestCase(SerialPolicy.Increment, null, 5u)]
    [TestCase(SerialPolicy.Increment, 9u, 10u)]
    [TestCase(SerialPolicy.Increment, 2u, 5u)]
    [TestCase(SerialPolicy.DateSerial, null, 2024051700u)]
    [TestCase(SerialPolicy.DateSerial, 2024051703u, 2024051704u)]
    [TestCase(SerialPolicy.UnixTime, null, 1715947200u)]
    public void First_StartsAboveTheDeletedZonesSerial(SerialPolicy policy, uint? floor, uint expected) =>
        Serials.First(policy, requested: 5, floor, Noon).ShouldBe(expected);

    [Test]
    public void DateSerial_WhenTimestampsGoBackwards_StaysMonotonic()
    {
        var feeder = new Feeder();
        feeder.Feed(Create(policy: "dateserial"), Noon).ShouldBeOfType<ZoneCreated>().Version.Serial.ShouldBe(2024051700u);
        uint[] serials = [.. new[] { Noon.AddDays(1), Noon.AddDays(-3), Noon.AddDays(1) }.Select((timestamp, i) =>
            feeder.Feed(Ops($$"""{"op":"ADD","name":"h{{i}}","ttl":60,"type":"A","rdata":"192.0.2.1"}"""), timestamp).ShouldBeOfType<ChangeApplied>().Changes.To.Serial)];
        serials.ShouldBe([2024051800u, 2024051801u, 2024051802u]);
    }

    [Test]
    public void DateSerial_MoreThan99ChangesADay_RollsIntoTheNextDaysNumbers()
    {
        var feeder = new Feeder();
        feeder.Feed(Create(policy: "dateserial"), Noon);
        uint serial = 0;
        for (int i = 0; i < 100; i++)
        {
            serial = feeder.Feed(Ops($$"""{"op":"ADD","name":"h{{i}}","ttl":60,"type":"A","rdata":"192.0.2.1"}"""), Noon).ShouldBeOfType<ChangeApplied>().Changes.To.Serial;
        }

        serial.ShouldBe(2024051800u);
    }

    [Test]
    public void UnixTime_UsesTheRecordTimestamp()
    {
        var feeder = new Feeder();
        feeder.Feed(Create(policy: "unixtime"), Noon).ShouldBeOfType<ZoneCreated>().Version.Serial.ShouldBe((uint)Noon.ToUnixTimeSeconds());
        feeder.Feed(Ops("""{"op":"ADD","name":"a","ttl":60,"type":"A","rdata":"192.0.2.1"}"""), Noon.AddSeconds(30))
            .ShouldBeOfType<ChangeApplied>().Changes.To.Serial.ShouldBe((uint)Noon.ToUnixTimeSeconds() + 30);
    }

    [Test]
    public void DeleteThenCreate_ContinuesAboveTheDeletedSerial()
    {
        var feeder = Feeder.WithZone();
        for (int i = 0; i < 5; i++)
        {
            feeder.Feed(Ops($$"""{"op":"ADD","name":"h{{i}}","ttl":60,"type":"A","rdata":"192.0.2.1"}"""));
        }

        feeder.Feed(Ops("""{"op":"DELETE_ZONE"}""")).ShouldBeOfType<ZoneDeleted>().LastSerial.ShouldBe(6u);
        feeder.Feed(Create(serial: 1)).ShouldBeOfType<ZoneCreated>().Version.Serial.ShouldBe(7u);
    }
}
