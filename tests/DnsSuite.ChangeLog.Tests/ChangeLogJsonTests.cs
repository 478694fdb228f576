using System.Text;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Zones;

namespace DnsSuite.ChangeLog.Tests;

public class ChangeLogJsonTests
{
    [Test]
    public void DocumentedExample_Parses()
    {
        const string json = """
            { "version": 1, "zone": "example.com.",
              "prerequisites": [ {"require": "name-in-use", "name": "www"}, {"require": "name-not-in-use", "name": "new"},
                                 {"require": "rrset-exists", "name": "www", "type": "A"},
                                 {"require": "rrset-equals", "name": "www", "type": "A", "rdata": ["192.0.2.1"]},
                                 {"require": "rrset-not-exists", "name": "www", "type": "AAAA"} ],
              "operations": [ {"op": "ADD", "name": "www", "ttl": 300, "type": "A", "rdata": "192.0.2.1"},
                              {"op": "SET", "name": "www", "ttl": 300, "type": "A", "rdata": ["192.0.2.1", "192.0.2.2"]},
                              {"op": "DEL", "name": "www", "type": "A", "rdata": "192.0.2.1"},
                              {"op": "DEL", "name": "www", "type": "A"},
                              {"op": "DEL", "name": "www"} ],
              "source": "free text for operators (who/what produced it)" }
            """;
        ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out ChangeMessage? message, out string? error, out _).ShouldBeTrue(error);
        message.Prerequisites.Select(p => p.GetType().Name).ShouldBe(["NameInUsePrerequisite", "NameNotInUsePrerequisite", "RRsetExistsPrerequisite", "RRsetEqualsPrerequisite", "RRsetNotExistsPrerequisite"]);
        message.Operations.Select(o => o.GetType().Name).ShouldBe(["AddOperation", "SetOperation", "DeleteOperation", "DeleteOperation", "DeleteOperation"]);
        message.Operations[4].ShouldBe(new DeleteOperation { Name = "www" });
        message.Source.ShouldBe("free text for operators (who/what produced it)");
    }

    [Test]
    public void Discriminator_MayComeAfterOtherMembers()
    {
        const string json = """{"zone":"example.com.","operations":[{"name":"www","type":"A","ttl":60,"rdata":"192.0.2.1","op":"ADD"}],"version":1}""";
        ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out ChangeMessage? message, out string? error, out _).ShouldBeTrue(error);
        message.Operations[0].ShouldBeOfType<AddOperation>().Ttl.ShouldBe(60u);
    }

    [Test]
    public void Message_RoundTrips()
    {
        var message = new ChangeMessage
        {
            Zone = "example.com.",
            Prerequisites = [new RRsetEqualsPrerequisite { Name = "www", Type = "A", Rdata = ["192.0.2.1"] }],
            Operations = [new CreateZoneOperation { Soa = "ns1 hostmaster 1 3600 600 1209600 300", Ttl = 3600, Ns = ["ns1"], SerialPolicy = SerialPolicy.DateSerial }],
        };
        string json = Encoding.UTF8.GetString(ChangeLogJson.Serialize(message));
        json.ShouldBe("""{"version":1,"zone":"example.com.","prerequisites":[{"require":"rrset-equals","type":"A","rdata":["192.0.2.1"],"name":"www"}],"operations":[{"op":"CREATE_ZONE","soa":"ns1 hostmaster 1 3600 600 1209600 300","ttl":3600,"ns":["ns1"],"serial_policy":"dateserial"}]}""");
        ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out ChangeMessage? back, out _, out _).ShouldBeTrue();
        ((CreateZoneOperation)back.Operations[0]).SerialPolicy.ShouldBe(SerialPolicy.DateSerial);
    }

    [Test]
    public void NullWhereAStringBelongs_IsAnError()
    {
        const string json = """{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":null}]}""";
        ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out _, out string? error, out bool unsupported).ShouldBeFalse();
        unsupported.ShouldBeFalse();
        error.ShouldNotBeNullOrEmpty();
    }

    [Test]
    public void Snapshot_WritesDeletedOnlyForMarkers()
    {
        string live = Encoding.UTF8.GetString(ChangeLogJson.Serialize(new ZoneSnapshot { Zone = "a.", Serial = 1, SerialPolicy = SerialPolicy.Increment, Position = new LogPosition(0, 3), Zonefile = "x" }));
        live.ShouldBe("""{"version":1,"zone":"a.","serial":1,"serial_policy":"increment","position":{"partition":0,"offset":3},"zonefile":"x"}""");
        string marker = Encoding.UTF8.GetString(ChangeLogJson.Serialize(new ZoneSnapshot { Zone = "a.", Serial = 1, Position = new LogPosition(0, 3), Deleted = true }));
        marker.ShouldBe("""{"version":1,"zone":"a.","serial":1,"position":{"partition":0,"offset":3},"deleted":true}""");
    }
}
