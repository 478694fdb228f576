using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests.Updates;

/// <summary>The apply of messages with <c>"rfc2136": true</c>: RFC 2136 §3.4.2 where it differs from the strict rules.</summary>
public class Rfc2136ApplyTests
{
    private static string Update(string operations, string prerequisites = "") =>
        prerequisites.Length == 0
            ? $$"""{"version":1,"zone":"{{Apex}}","rfc2136":true,"operations":[{{operations}}]}"""
            : $$"""{"version":1,"zone":"{{Apex}}","rfc2136":true,"prerequisites":[{{prerequisites}}],"operations":[{{operations}}]}""";

    [Test]
    public void AddCname_BesideOtherData_IsIgnoredAsUpdateButRejectedStrictly()
    {
        var feeder = Feeder.WithZone();
        const string add = """{"op":"ADD","name":"ns1","ttl":300,"type":"CNAME","rdata":"www"}""";
        feeder.Feed(Ops(add)).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.CnameConflict);
        feeder.Feed(Update(add)).ShouldBe(NoChange.Instance);
        feeder.Version().Serial.ShouldBe(1u);
    }

    [Test]
    public void AddOtherData_BesideACname_IsIgnored_WhileTheRestOfTheMessageApplies()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Update("""{"op":"ADD","name":"alias","ttl":300,"type":"CNAME","rdata":"ns1"}""")).ShouldBeOfType<ChangeApplied>();
        feeder.Feed(Update("""{"op":"ADD","name":"alias","ttl":300,"type":"A","rdata":"192.0.2.1"},{"op":"ADD","name":"b","ttl":300,"type":"A","rdata":"192.0.2.2"}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).ShouldBe(["@ 3600 NS ns1.example.com.", "alias 300 CNAME ns1.example.com.", "b 300 A 192.0.2.2", "ns1 3600 A 192.0.2.53"]);
    }

    [Test]
    public void AddCname_WhereACnameIs_ReplacesIt()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Update("""{"op":"ADD","name":"alias","ttl":300,"type":"CNAME","rdata":"ns1"}"""));
        feeder.Feed(Update("""{"op":"ADD","name":"alias","ttl":300,"type":"CNAME","rdata":"www"}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).ShouldContain("alias 300 CNAME www.example.com.");
        Lines(feeder.Version()).ShouldNotContain("alias 300 CNAME ns1.example.com.");
    }

    [TestCase("""{"op":"DEL","name":"@","type":"SOA"}""")]
    [TestCase("""{"op":"DEL","name":"@","type":"NS"}""")]
    [TestCase("""{"op":"DEL","name":"@","type":"NS","rdata":"ns1"}""")]
    [TestCase("""{"op":"DEL","name":"@"}""")]
    public void DeleteOfApexSoaOrLastNs_IsIgnored(string delete)
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Update(delete)).ShouldBe(NoChange.Instance);
        Lines(feeder.Version()).ShouldContain("@ 3600 NS ns1.example.com.");
    }

    [Test]
    public void DeleteOfOneApexNs_OfSeveral_IsApplied_ButTheLastStays()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Update("""{"op":"ADD","name":"@","ttl":3600,"type":"NS","rdata":"ns2"}""")).ShouldBeOfType<ChangeApplied>();
        feeder.Feed(Update("""{"op":"DEL","name":"@","type":"NS","rdata":"ns1"},{"op":"DEL","name":"@","type":"NS","rdata":"ns2"}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).Where(line => line.StartsWith("@ ", StringComparison.Ordinal)).ShouldBe(["@ 3600 NS ns2.example.com."]);
    }

    [Test]
    public void AddSoa_WithAnOlderSerial_IsIgnored()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Update("""{"op":"ADD","name":"@","ttl":3600,"type":"SOA","rdata":"ns9 other 1 1 1 1 1"}""")).ShouldBe(NoChange.Instance);
        feeder.Version().Soa.ToString().ShouldStartWith("ns1.example.com.");
    }

    [Test]
    public void AddSoa_WithANewerSerial_ReplacesTheSoaAndTakesTheSerial()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Update("""{"op":"ADD","name":"@","ttl":3600,"type":"SOA","rdata":"ns1 other 100 3600 600 1209600 300"}""")).ShouldBeOfType<ChangeApplied>();
        feeder.Version().Serial.ShouldBe(100u);
        feeder.Version().Soa.ToString().ShouldBe("ns1.example.com. other.example.com. 100 3600 600 1209600 300");
    }

    [Test]
    public void SeveralSoaAdditions_AreAppliedInSequence_EachAgainstTheSerialBefore_Rfc2136Section3_4_2()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Update(
            """{"op":"ADD","name":"@","ttl":3600,"type":"SOA","rdata":"ns1 first 100 3600 600 1209600 300"},""" +
            """{"op":"ADD","name":"@","ttl":3600,"type":"SOA","rdata":"ns1 older 50 3600 600 1209600 300"},""" +
            """{"op":"ADD","name":"@","ttl":3600,"type":"SOA","rdata":"ns1 third 200 3600 600 1209600 300"},""" +
            """{"op":"ADD","name":"@","ttl":3600,"type":"SOA","rdata":"ns1 same 200 3600 600 1209600 300"}""")).ShouldBeOfType<ChangeApplied>();

        // 50 is older than the 100 before it, and the second 200 is not newer than the first: both ignored.
        feeder.Version().Soa.ToString().ShouldBe("ns1.example.com. third.example.com. 200 3600 600 1209600 300");
    }

    [Test]
    public void PrerequisitesAlone_AreChecked_AndChangeNothing()
    {
        var feeder = Feeder.WithZone();
        string holds = $$"""{"version":1,"zone":"{{Apex}}","rfc2136":true,"prerequisites":[{"require":"name-in-use","name":"ns1"}],"operations":[]}""";
        string fails = $$"""{"version":1,"zone":"{{Apex}}","rfc2136":true,"prerequisites":[{"require":"rrset-exists","name":"ns1","type":"TXT"}],"operations":[]}""";
        feeder.Feed(holds).ShouldBe(NoChange.Instance);
        feeder.Feed(fails).ShouldBeOfType<ChangeRejected>().Prerequisite!.ResponseCode.ShouldBe(ResponseCode.NXRRSet);
    }

    [Test]
    public void Rfc2136_OnAZoneOperation_IsAnInvalidMessage()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed($$"""{"version":1,"zone":"{{Apex}}","rfc2136":true,"operations":[{"op":"DELETE_ZONE"}]}""")
            .ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.InvalidMessage);
    }

    [Test]
    public void Rfc2136Flag_IsWrittenOnlyWhenSet()
    {
        var operations = new ChangeOperation[] { new DeleteOperation { Name = "www" } };
        System.Text.Encoding.UTF8.GetString(ChangeLogJson.Serialize(new ChangeMessage { Zone = Apex, Operations = operations })).ShouldNotContain("rfc2136");
        byte[] flagged = ChangeLogJson.Serialize(new ChangeMessage { Zone = Apex, Operations = operations, Rfc2136 = true });
        System.Text.Encoding.UTF8.GetString(flagged).ShouldContain("\"rfc2136\":true");
        ChangeLogJson.TryParseChange(flagged, out ChangeMessage? parsed, out _, out _).ShouldBeTrue();
        parsed!.Rfc2136.ShouldBeTrue();
    }
}
