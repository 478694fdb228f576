using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Zones;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

public class ChangeApplierTests
{
    [Test]
    public void CreateZone_BuildsSoaNsAndRecords_WithTheSoaSerial()
    {
        var feeder = Feeder.WithZone();
        ZoneVersion zone = feeder.Version();
        zone.Serial.ShouldBe(1u);
        zone.SoaTtl.ShouldBe(3600u);
        Lines(zone).ShouldBe(["@ 3600 NS ns1.example.com.", "ns1 3600 A 192.0.2.53"]);
    }

    [Test]
    public void CreateZone_FromAZoneFile_TakesItsContentAndSerial()
    {
        var feeder = new Feeder();
        const string zonefile = "$TTL 300\n@ 3600 SOA ns1 hostmaster 7 3600 600 1209600 300\n@ 7200 NS ns1\nns1 A 192.0.2.53\nwww A 192.0.2.80\n";
        feeder.Feed(Ops($$"""{"op":"CREATE_ZONE","zonefile":{{System.Text.Json.JsonSerializer.Serialize(zonefile)}}}""")).ShouldBeOfType<ZoneCreated>();
        ZoneVersion zone = feeder.Version();
        zone.Serial.ShouldBe(7u);
        zone.SoaTtl.ShouldBe(3600u);
        Lines(zone).ShouldBe(["@ 7200 NS ns1.example.com.", "ns1 300 A 192.0.2.53", "www 300 A 192.0.2.80"]);
    }

    [TestCase("""{"op":"CREATE_ZONE","zonefile":"@ 60 SOA ns1 h 1 1 1 1 1\n@ 60 NS ns1\n","ttl":60}""", RejectionReason.InvalidMessage)]
    [TestCase("""{"op":"CREATE_ZONE","ttl":60}""", RejectionReason.InvalidMessage)]
    [TestCase("""{"op":"CREATE_ZONE","zonefile":"@ 60 NS ns1\n"}""", RejectionReason.ZoneValidation)]
    [TestCase("""{"op":"CREATE_ZONE","zonefile":"@ 60 SOA ns1 h 1 1 1 1 1\n@ 60 NS ns1\nwww.example.org. 60 A 192.0.2.1\n"}""", RejectionReason.OutOfZone)]
    [TestCase("""{"op":"CREATE_ZONE","zonefile":"@ 60 SOA ns1 h 1 1 1 1 1\n$INCLUDE /etc/passwd\n"}""", RejectionReason.InvalidZoneFile)]
    public void CreateZone_WithBadZoneFileOrMixedForms_IsRejected(string operation, RejectionReason reason)
    {
        var feeder = new Feeder();
        feeder.Feed(Ops(operation)).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(reason);
        feeder.Materializer.Zones.ShouldBeEmpty();
    }

    [Test]
    public void Add_NewRecord_BumpsSerialAndYieldsChangeset()
    {
        var feeder = Feeder.WithZone();
        var applied = feeder.Feed(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}""")).ShouldBeOfType<ChangeApplied>();
        feeder.Version().Serial.ShouldBe(2u);
        applied.Changes.From.Serial.ShouldBe(1u);
        applied.Changes.To.Serial.ShouldBe(2u);
        applied.Changes.Removed.ShouldBeEmpty();
        applied.Changes.Added.Select(r => r.ToString()).ShouldBe(["www.example.com. 300 IN A 192.0.2.1"]);
    }

    [Test]
    public void Add_AbsoluteNameAndApexAt_ResolveInTheZone()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"ADD","name":"mail.example.com.","ttl":300,"type":"A","rdata":"192.0.2.9"},{"op":"ADD","name":"@","ttl":300,"type":"MX","rdata":"10 mail"}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).ShouldContain("@ 300 MX 10 mail.example.com.");
        Lines(feeder.Version()).ShouldContain("mail 300 A 192.0.2.9");
    }

    [Test]
    public void Add_ExistingRecord_IsNoChangeAndKeepsSerial()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"ADD","name":"ns1","ttl":3600,"type":"A","rdata":"192.0.2.53"}""")).ShouldBe(NoChange.Instance);
        feeder.Version().Serial.ShouldBe(1u);
    }

    [Test]
    public void Add_WithAnotherTtl_ChangesTheRRsetTtl()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"ADD","name":"ns1","ttl":3600,"type":"A","rdata":"192.0.2.54"}"""));
        var applied = feeder.Feed(Ops("""{"op":"ADD","name":"ns1","ttl":60,"type":"A","rdata":"192.0.2.53"}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).ShouldBe(["@ 3600 NS ns1.example.com.", "ns1 60 A 192.0.2.53", "ns1 60 A 192.0.2.54"]);
        applied.Changes.Removed.Count.ShouldBe(2);
        applied.Changes.Added.Count.ShouldBe(2);
    }

    [Test]
    public void Add_GenericRdata_IsDecodedWithTheTypesWireFormat()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"\\# 4 C0000201"},{"op":"ADD","name":"x","ttl":300,"type":"TYPE65400","rdata":"\\# 2 ABCD"}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).ShouldContain("www 300 A 192.0.2.1");
        Lines(feeder.Version()).ShouldContain("x 300 TYPE65400 \\# 2 ABCD");
    }

    [Test]
    public void Set_ReplacesTheRRset()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}"""));
        var applied = feeder.Feed(Ops("""{"op":"SET","name":"www","ttl":600,"type":"A","rdata":["192.0.2.2","192.0.2.3","192.0.2.2"]}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).Where(l => l.StartsWith("www", StringComparison.Ordinal)).ShouldBe(["www 600 A 192.0.2.2", "www 600 A 192.0.2.3"]);
        applied.Changes.Removed.Select(r => r.Data.ToString()).ShouldBe(["192.0.2.1"]);
    }

    [Test]
    public void Set_SameRRset_IsNoChange()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"SET","name":"ns1","ttl":3600,"type":"A","rdata":["192.0.2.53"]}""")).ShouldBe(NoChange.Instance);
    }

    [Test]
    public void Set_ApexSoa_ReplacesFieldsButTheSerialComesFromThePolicy()
    {
        var feeder = Feeder.WithZone();
        var applied = feeder.Feed(Ops("""{"op":"SET","name":"@","ttl":900,"type":"SOA","rdata":["ns1 admin 999999 7200 600 1209600 60"]}""")).ShouldBeOfType<ChangeApplied>();
        feeder.Version().Soa.ToString().ShouldBe("ns1.example.com. admin.example.com. 2 7200 600 1209600 60");
        feeder.Version().SoaTtl.ShouldBe(900u);
    }

    [Test]
    public void Set_ApexSoaDifferingOnlyInSerial_IsNoChange()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"SET","name":"@","ttl":3600,"type":"SOA","rdata":["ns1 hostmaster 77 3600 600 1209600 300"]}""")).ShouldBe(NoChange.Instance);
    }

    [Test]
    public void Del_Record_RRset_AndName()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"SET","name":"www","ttl":300,"type":"A","rdata":["192.0.2.1","192.0.2.2"]},{"op":"ADD","name":"www","ttl":300,"type":"TXT","rdata":"\"hi\""},{"op":"ADD","name":"www","ttl":300,"type":"AAAA","rdata":"2001:db8::1"}"""));
        feeder.Feed(Ops("""{"op":"DEL","name":"www","type":"A","rdata":"192.0.2.1"}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).Where(l => l.StartsWith("www", StringComparison.Ordinal)).Count().ShouldBe(3);
        feeder.Feed(Ops("""{"op":"DEL","name":"www","type":"A"}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).Where(l => l.StartsWith("www", StringComparison.Ordinal)).Count().ShouldBe(2);
        feeder.Feed(Ops("""{"op":"DEL","name":"www"}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).ShouldNotContain(l => l.StartsWith("www", StringComparison.Ordinal));
    }

    [Test]
    public void Del_Absent_IsNoChange()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"DEL","name":"nothing","type":"A","rdata":"192.0.2.1"},{"op":"DEL","name":"nothing"}""")).ShouldBe(NoChange.Instance);
        feeder.Version().Serial.ShouldBe(1u);
    }

    [Test]
    public void Del_AllAtApex_KeepsSoaAndNs()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"ADD","name":"@","ttl":300,"type":"TXT","rdata":"v=spf1 -all"}"""));
        feeder.Feed(Ops("""{"op":"DEL","name":"@"}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).ShouldBe(["@ 3600 NS ns1.example.com.", "ns1 3600 A 192.0.2.53"]);
    }

    [TestCase("""{"op":"DEL","name":"@","type":"SOA"}""")]
    [TestCase("""{"op":"DEL","name":"example.com.","type":"SOA","rdata":"ns1 hostmaster 1 3600 600 1209600 300"}""")]
    public void Del_ApexSoa_IsRejected(string operation)
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops(operation)).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.ApexSoaDeletion);
    }

    [TestCase("""{"op":"DEL","name":"@","type":"NS"}""")]
    [TestCase("""{"op":"DEL","name":"@","type":"NS","rdata":"ns1"}""")]
    public void Del_LastApexNs_IsRejected(string operation)
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops(operation)).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.LastApexNs);
        feeder.Version().Serial.ShouldBe(1u);
    }

    [Test]
    public void Del_ApexNsReplacedInTheSameMessage_IsApplied()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"DEL","name":"@","type":"NS"},{"op":"ADD","name":"@","ttl":3600,"type":"NS","rdata":"ns2.example.net."}""")).ShouldBeOfType<ChangeApplied>();
        Lines(feeder.Version()).ShouldContain("@ 3600 NS ns2.example.net.");
    }

    [TestCase("""{"op":"ADD","name":"ns1","ttl":300,"type":"CNAME","rdata":"elsewhere.example.net."}""")]
    [TestCase("""{"op":"ADD","name":"alias","ttl":300,"type":"CNAME","rdata":"a."},{"op":"ADD","name":"alias","ttl":300,"type":"CNAME","rdata":"b."}""")]
    [TestCase("""{"op":"ADD","name":"alias","ttl":300,"type":"CNAME","rdata":"a."},{"op":"ADD","name":"alias","ttl":300,"type":"TXT","rdata":"x"}""")]
    public void CnameBesideOtherData_IsRejected(string operations)
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops(operations)).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.CnameConflict);
    }

    [Test]
    public void Cname_ReplacingOtherDataInOneMessage_IsApplied()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"DEL","name":"ns1"},{"op":"ADD","name":"ns1","ttl":300,"type":"CNAME","rdata":"ns.example.net."},{"op":"ADD","name":"@","ttl":3600,"type":"NS","rdata":"ns.example.net."},{"op":"DEL","name":"@","type":"NS","rdata":"ns1"}""")).ShouldBeOfType<ChangeApplied>();
    }

    [Test]
    public void Batch_WithOneBadOperation_ChangesNothing()
    {
        var feeder = Feeder.WithZone();
        string before = Text(feeder.Version());
        feeder.Feed(Ops("""{"op":"ADD","name":"a","ttl":300,"type":"A","rdata":"192.0.2.1"},{"op":"DEL","name":"ns1"},{"op":"ADD","name":"b","ttl":300,"type":"A","rdata":"not-an-address"}""")).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.InvalidRdata);
        Text(feeder.Version()).ShouldBe(before);
    }

    [TestCase("""{"op":"ADD","name":"www.example.org.","ttl":300,"type":"A","rdata":"192.0.2.1"}""", RejectionReason.OutOfZone)]
    [TestCase("""{"op":"ADD","name":"bad..name","ttl":300,"type":"A","rdata":"192.0.2.1"}""", RejectionReason.InvalidName)]
    [TestCase("""{"op":"ADD","name":"raw space","ttl":300,"type":"A","rdata":"192.0.2.1"}""", RejectionReason.InvalidName)]
    [TestCase("""{"op":"ADD","name":"raw\ttab","ttl":300,"type":"A","rdata":"192.0.2.1"}""", RejectionReason.InvalidName)]
    [TestCase("""{"op":"ADD","name":"www","ttl":300,"type":"NOPE","rdata":"192.0.2.1"}""", RejectionReason.InvalidRdata)]
    [TestCase("""{"op":"ADD","name":"www","ttl":300,"type":"AXFR","rdata":"\\# 0"}""", RejectionReason.InvalidRdata)]
    [TestCase("""{"op":"ADD","name":"www","ttl":4294967295,"type":"A","rdata":"192.0.2.1"}""", RejectionReason.InvalidMessage)]
    [TestCase("""{"op":"SET","name":"www","ttl":300,"type":"A","rdata":[]}""", RejectionReason.InvalidMessage)]
    [TestCase("""{"op":"DEL","name":"www","rdata":"192.0.2.1"}""", RejectionReason.InvalidJson)]
    [TestCase("""{"op":"ADD","name":"sub","ttl":300,"type":"NS","rdata":"ns.example.net."},{"op":"ADD","name":"x.sub","ttl":300,"type":"TXT","rdata":"hidden"}""", RejectionReason.ZoneValidation)]
    [TestCase("""{"op":"DELETE_ZONE"},{"op":"DEL","name":"www"}""", RejectionReason.InvalidMessage)]
    [TestCase("", RejectionReason.InvalidMessage)]
    public void InvalidOperation_IsRejectedWithItsReason(string operations, RejectionReason reason)
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops(operations)).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(reason);
        feeder.Version().Serial.ShouldBe(1u);
    }

    [Test]
    public void RecordTooBigForDns_IsRejectedNamingIt()
    {
        var feeder = Feeder.WithZone();
        string rdata = string.Join(' ', Enumerable.Repeat(new string('x', 255), 260));

        var rejected = feeder.Feed(Ops($$"""{"op":"ADD","name":"big","ttl":300,"type":"TXT","rdata":"{{rdata}}"}""")).ShouldBeOfType<ChangeRejected>();

        rejected.Reason.ShouldBe(RejectionReason.InvalidRdata);
        rejected.Message.ShouldContain("RDLENGTH");
        rejected.Message.Length.ShouldBeLessThan(1000);
    }

    [TestCase("not json", RejectionReason.InvalidJson)]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"ADD","name":"www","type":"A","rdata":"192.0.2.1"}]}""", RejectionReason.InvalidJson)]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"ADD","name":"www","tll":300,"ttl":300,"type":"A","rdata":"192.0.2.1"}]}""", RejectionReason.InvalidJson)]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"RENAME","name":"www"}]}""", RejectionReason.InvalidJson)]
    [TestCase("""{"zone":"example.com.","operations":[{"op":"DEL","name":"www"}]}""", RejectionReason.InvalidJson)]
    [TestCase("""{"version":2,"zone":"example.com.","changes":{}}""", RejectionReason.UnsupportedVersion)]
    [TestCase("""{"version":1,"zone":"example.org.","operations":[{"op":"DEL","name":"www"}]}""", RejectionReason.KeyMismatch)]
    [TestCase("""{"version":1,"zone":"Example.COM.","operations":[{"op":"DEL","name":"www"}]}""", null)]
    [TestCase("""{"version":1,"zone":"example.com","operations":[{"op":"DEL","name":"www"}]}""", null)]
    [TestCase("""{"version":1,"zone":"ex\\097mple.com.","operations":[{"op":"DEL","name":"www"}]}""", null)]
    [TestCase("""{"version":1,"zone":"www.example.com.","operations":[{"op":"DEL","name":"www"}]}""", RejectionReason.KeyMismatch)]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"name":"www"}]}""", RejectionReason.InvalidJson)]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[null]}""", RejectionReason.InvalidJson)]
    public void Decode_ChecksJsonVersionAndKey(string json, RejectionReason? reason)
    {
        var feeder = Feeder.WithZone();
        ApplyResult? result = feeder.Feed(json);
        if (reason is null)
        {
            result.ShouldBe(NoChange.Instance);
        }
        else
        {
            result.ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(reason.Value);
        }
    }

    [TestCase("example.com.", "example.com.", null)]
    [TestCase("example.com.", "EXAMPLE.com", null)]
    [TestCase("example.com", "example.com", RejectionReason.KeyMismatch)]
    [TestCase("EXAMPLE.COM.", "EXAMPLE.COM.", RejectionReason.KeyMismatch)]
    [TestCase("example.com.", "example..com.", RejectionReason.InvalidName)]
    public void Decode_KeyMustBeTheZonesLowerCaseAbsoluteName(string key, string zone, RejectionReason? reason)
    {
        var feeder = Feeder.WithZone();
        ApplyResult? result = feeder.Feed($$"""{"version":1,"zone":"{{zone}}","operations":[{"op":"DEL","name":"www"}]}""", key: key);
        if (reason is null)
        {
            result.ShouldBe(NoChange.Instance);
        }
        else
        {
            result.ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(reason.Value);
        }
    }

    [Test]
    public void Tombstone_OnTheChangesTopic_IsInvalidJson()
    {
        var feeder = Feeder.WithZone();
        feeder.Materializer.Apply(new LogRecord(Apex, null, new LogPosition(0, 5), T0))
            .ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.InvalidJson);
    }

    [Test]
    public void Operation_OnUnknownZone_IsRejected()
    {
        new Feeder().Feed(Ops("""{"op":"DEL","name":"www"}""")).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.UnknownZone);
    }

    [Test]
    public void CreateZone_Twice_IsRejected()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Create()).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.ZoneExists);
    }

    [TestCase("""["www.example.org. 300 A 192.0.2.1"]""", RejectionReason.OutOfZone)]
    [TestCase("""["www 300 A 192.0.2.999"]""", RejectionReason.InvalidRdata)]
    [TestCase("""["$INCLUDE /etc/passwd"]""", RejectionReason.InvalidRdata)]
    [TestCase("""["www A 192.0.2.1", "www A 192.0.2.2"]""", null)]
    [TestCase("""["www CNAME a.", "www A 192.0.2.2"]""", RejectionReason.ZoneValidation)]
    public void CreateZone_Records(string records, RejectionReason? reason)
    {
        ApplyResult? result = new Feeder().Feed(Create(records: records));
        if (reason is null)
        {
            Lines(result.ShouldBeOfType<ZoneCreated>().Version).ShouldBe(["@ 3600 NS ns1.example.com.", "www 3600 A 192.0.2.1", "www 3600 A 192.0.2.2"]);
        }
        else
        {
            result.ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(reason.Value);
        }
    }

    [Test]
    public void CreateZone_WithPrerequisites_IsRejected()
    {
        string json = Create().Replace("\"operations\"", "\"prerequisites\":[{\"require\":\"name-not-in-use\",\"name\":\"@\"}],\"operations\"", StringComparison.Ordinal);
        new Feeder().Feed(json).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.InvalidMessage);
    }

    [Test]
    public void DeleteZone_RemovesItFromTheTable()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"DELETE_ZONE"}""")).ShouldBeOfType<ZoneDeleted>().LastSerial.ShouldBe(1u);
        feeder.Materializer.Table.TryGet(DomainName.Parse(Apex), out _).ShouldBeFalse();
        feeder.Events.Select(e => e.Kind).ShouldBe([ZoneChangeKind.Created, ZoneChangeKind.Deleted]);
    }

    [Test]
    public void ReplaceZone_YieldsTheDiffAsChangeset()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"ADD","name":"old","ttl":300,"type":"A","rdata":"192.0.2.1"}"""));
        var applied = feeder.Feed(Ops("""{"op":"REPLACE_ZONE","zonefile":"$TTL 3600\n@ SOA ns1 hostmaster 500 3600 600 1209600 300\n@ NS ns1\nns1 A 192.0.2.53\nnew 60 A 192.0.2.7\n"}""")).ShouldBeOfType<ChangeApplied>();
        feeder.Version().Serial.ShouldBe(3u);
        applied.Changes.Removed.Select(r => r.Name.ToString()).ShouldBe(["old.example.com."]);
        applied.Changes.Added.Select(r => r.ToString()).ShouldBe(["new.example.com. 60 IN A 192.0.2.7"]);
        Lines(feeder.Version()).ShouldBe(["@ 3600 NS ns1.example.com.", "new 60 A 192.0.2.7", "ns1 3600 A 192.0.2.53"]);
    }

    [Test]
    public void ReplaceZone_WithSameContent_IsNoChange()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"REPLACE_ZONE","zonefile":"example.com. 3600 SOA ns1 hostmaster 42 3600 600 1209600 300\nexample.com. 3600 NS ns1\nns1 3600 A 192.0.2.53"}""")).ShouldBe(NoChange.Instance);
    }

    [TestCase("""{"op":"REPLACE_ZONE","zonefile":"$INCLUDE other.zone"}""", RejectionReason.InvalidZoneFile)]
    [TestCase("""{"op":"REPLACE_ZONE","zonefile":"@ 3600 SOA ns1 hostmaster 1 3600 600 1209600 300\n"}""", RejectionReason.ZoneValidation)]
    [TestCase("""{"op":"REPLACE_ZONE","zonefile":"@ 3600 SOA ns1 hostmaster 1 3600 600 1209600 300\n@ 3600 NS ns1\nx.example.org. 3600 A 192.0.2.1\n"}""", RejectionReason.OutOfZone)]
    public void ReplaceZone_Invalid_IsRejected(string operation, RejectionReason reason)
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops(operation)).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(reason);
    }

    [TestCase("""{"require":"name-in-use","name":"ns1"}""", true, null)]
    [TestCase("""{"require":"name-in-use","name":"nobody"}""", false, ResponseCode.NXDomain)]
    [TestCase("""{"require":"name-not-in-use","name":"nobody"}""", true, null)]
    [TestCase("""{"require":"name-not-in-use","name":"ns1"}""", false, ResponseCode.YXDomain)]
    [TestCase("""{"require":"rrset-exists","name":"ns1","type":"A"}""", true, null)]
    [TestCase("""{"require":"rrset-exists","name":"ns1","type":"AAAA"}""", false, ResponseCode.NXRRSet)]
    [TestCase("""{"require":"rrset-not-exists","name":"ns1","type":"AAAA"}""", true, null)]
    [TestCase("""{"require":"rrset-not-exists","name":"ns1","type":"A"}""", false, ResponseCode.YXRRSet)]
    [TestCase("""{"require":"rrset-equals","name":"ns1","type":"A","rdata":["192.0.2.53"]}""", true, null)]
    [TestCase("""{"require":"rrset-equals","name":"ns1","type":"A","rdata":["192.0.2.53","192.0.2.54"]}""", false, ResponseCode.NXRRSet)]
    [TestCase("""{"require":"rrset-equals","name":"ns1","type":"A","rdata":["192.0.2.54"]}""", false, ResponseCode.NXRRSet)]
    public void Prerequisite_HoldsOrFailsWithItsRcode(string prerequisite, bool holds, ResponseCode? rcode)
    {
        var feeder = Feeder.WithZone();
        ApplyResult? result = feeder.Feed(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}""", """{"require":"name-in-use","name":"@"},""" + prerequisite));
        if (holds)
        {
            result.ShouldBeOfType<ChangeApplied>();
            return;
        }

        ChangeRejected rejected = result.ShouldBeOfType<ChangeRejected>();
        rejected.Reason.ShouldBe(RejectionReason.PrerequisiteFailed);
        rejected.Prerequisite.ShouldNotBeNull().Index.ShouldBe(1);
        rejected.Prerequisite.ResponseCode.ShouldBe(rcode!.Value);
        feeder.Version().Serial.ShouldBe(1u);
    }

    [Test]
    public void Prerequisites_SeeTheZoneBeforeTheOperations()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}""", """{"require":"name-in-use","name":"www"}"""))
            .ShouldBeOfType<ChangeRejected>().Prerequisite!.ResponseCode.ShouldBe(ResponseCode.NXDomain);
    }

    [Test]
    public void Prerequisite_EmptyNonTerminal_IsNotInUse()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"ADD","name":"a.b","ttl":300,"type":"A","rdata":"192.0.2.1"}"""));
        feeder.Feed(Ops("""{"op":"ADD","name":"b","ttl":300,"type":"A","rdata":"192.0.2.2"}""", """{"require":"name-not-in-use","name":"b"}""")).ShouldBeOfType<ChangeApplied>();
    }

    [Test]
    public void Prerequisite_OutOfZone_IsRejected()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"DEL","name":"www"}""", """{"require":"name-in-use","name":"www.example.org."}""")).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.OutOfZone);
    }
}
