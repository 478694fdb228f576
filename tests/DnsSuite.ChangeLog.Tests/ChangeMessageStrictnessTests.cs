using System.Text;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Zones;

namespace DnsSuite.ChangeLog.Tests;

public class ChangeMessageStrictnessTests
{
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"ADD","name":"www","tll":300,"ttl":300,"type":"A","rdata":"192.0.2.1"}]}""", "$.operations[0]: unknown member 'tll'")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"ADD","name":"www","type":"A","rdata":"192.0.2.1"}]}""", "$.operations[0]: ADD lacks the required member \"ttl\"")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":"www","rdata":"192.0.2.1"}]}""", "$.operations[0]: DEL has \"rdata\" but no \"type\"")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":"www","type":null,"rdata":"192.0.2.1"}]}""", "$.operations[0]: DEL has \"rdata\" but no \"type\"")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"name":"www"}]}""", "$.operations[0]: the object has no \"op\"")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"RENAME","name":"www"}]}""", "$.operations[0].op: unknown value 'RENAME'")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"del","name":"www"}]}""", "$.operations[0].op: unknown value 'del'")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":1,"name":"www"}]}""", "$.operations[0].op: must be a string")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":"www","op":"DEL"}]}""", "$.operations[0].op: appears twice")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":"www","name":"ftp"}]}""", "$.operations[0].name: appears twice")]
    [TestCase("""{"version":1,"zone":"example.com.","zone":"example.org.","operations":[{"op":"DEL","name":"www"}]}""", "$.zone: appears twice")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":"www"}],"version":2}""", "$.version: appears twice")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":null}]}""", "$.operations[0].name: must not be null")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":null}""", "$.operations: must not be null")]
    [TestCase("""{"version":1,"zone":"example.com.","prerequisites":null,"operations":[{"op":"DEL","name":"www"}]}""", "$.prerequisites: must not be null")]
    [TestCase("""{"version":1,"zone":"example.com.","rfc2136":null,"operations":[{"op":"DEL","name":"www"}]}""", "$.rfc2136: must not be null")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[null]}""", "$.operations[0]: must be an object")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":{"op":"DEL","name":"www"}}""", "$.operations: must be an array")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"SET","name":"www","ttl":300,"type":"A","rdata":["192.0.2.1",null]}]}""", "$.operations[0].rdata[1]: must be a string")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"SET","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}]}""", "$.operations[0].rdata: must be an array of strings")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":["192.0.2.1"]}]}""", "$.operations[0].rdata: must be a string")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"ADD","name":"www","ttl":"300","type":"A","rdata":"192.0.2.1"}]}""", "$.operations[0].ttl: must be an integer from 0 to 2147483647 (RFC 2181 §8)")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"ADD","name":"www","ttl":-1,"type":"A","rdata":"192.0.2.1"}]}""", "$.operations[0].ttl: must be an integer from 0 to 2147483647 (RFC 2181 §8)")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"ADD","name":"www","ttl":300.5,"type":"A","rdata":"192.0.2.1"}]}""", "$.operations[0].ttl: must be an integer from 0 to 2147483647 (RFC 2181 §8)")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"CREATE_ZONE","zonefile":"x","serial_policy":1}]}""", "$.operations[0].serial_policy: must be \"increment\", \"unixtime\" or \"dateserial\"")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"CREATE_ZONE","zonefile":"x","serial_policy":"UnixTime"}]}""", "$.operations[0].serial_policy: must be \"increment\"")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"CREATE_ZONE","zonefile":"x","serial_policy":null}]}""", "$.operations[0].serial_policy: must not be null")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"CREATE_ZONE","zonefile":"x","metadata":{"tsig_secret":"c2VjcmV0"}}]}""", "$.operations[0].metadata: unknown member 'tsig_secret'")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"SET_METADATA","metadata":{"also_notify":["127.0.0.1:53",5]}}]}""", "$.operations[0].metadata.also_notify[1]: must be a string")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"SET_METADATA","metadata":null}]}""", "$.operations[0].metadata: must not be null")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"SET_METADATA"}]}""", "$.operations[0]: SET_METADATA lacks the required member \"metadata\"")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"REPLACE_ZONE"}]}""", "$.operations[0]: REPLACE_ZONE lacks the required member \"zonefile\"")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DELETE_ZONE","name":"www"}]}""", "$.operations[0]: unknown member 'name'")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":"www","ttl":300}]}""", "$.operations[0]: unknown member 'ttl'")]
    [TestCase("""{"version":1,"zone":"example.com.","prerequisites":[{"name":"www","require":"rrset-exist"}],"operations":[]}""", "$.prerequisites[0].require: unknown value 'rrset-exist'")]
    [TestCase("""{"version":1,"zone":"example.com.","prerequisites":[{"name":"www"}],"operations":[]}""", "$.prerequisites[0]: the object has no \"require\"")]
    [TestCase("""{"version":1,"zone":"example.com.","prerequisites":[{"require":"rrset-exists","name":"www"}],"operations":[]}""", "$.prerequisites[0]: rrset-exists lacks the required member \"type\"")]
    [TestCase("""{"version":1,"zone":"example.com.","prerequisites":[{"require":"name-in-use","name":"www","type":"A"}],"operations":[]}""", "$.prerequisites[0]: unknown member 'type'")]
    [TestCase("""{"version":1,"operations":[{"op":"DEL","name":"www"}]}""", "$: the message lacks the required member \"zone\"")]
    [TestCase("""{"version":1,"zone":"example.com."}""", "$: the message lacks the required member \"operations\"")]
    [TestCase("""{"zone":"example.com.","operations":[{"op":"DEL","name":"www"}]}""", "the message has no \"version\"")]
    [TestCase("""{"version":"1","zone":"example.com.","operations":[{"op":"DEL","name":"www"}]}""", "$.version: must be an integer")]
    [TestCase("""{"version":1,"zone":42,"operations":[{"op":"DEL","name":"www"}]}""", "$.zone: must be a string")]
    [TestCase("""{"version":1,"zone":"example.com.","rfc2136":"yes","operations":[{"op":"DEL","name":"www"}]}""", "$.rfc2136: must be true or false")]
    [TestCase("""[{"version":1}]""", "$: must be an object")]
    [TestCase("null", "the value is JSON null")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":"www"}]} x""", "invalid JSON: 'x' is invalid after a single JSON value")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":"www"}""", "invalid JSON")]
    [TestCase("""{"version":1,"zone":"example.com.","operations":[{"op":"DEL","name":"www",}]}""", "invalid JSON")]
    public void InvalidMessage_IsRejectedWithAnErrorNamingTheMember(string json, string expected)
    {
        ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out ChangeMessage? message, out string? error, out bool unsupported).ShouldBeFalse();
        message.ShouldBeNull();
        unsupported.ShouldBeFalse();
        error.ShouldStartWith(expected);
    }

    [Test]
    public void InvalidUtf8InAString_IsInvalidJson()
    {
        byte[] json = [.. """{"version":1,"zone":"ex"""u8, 0xC3, 0x28, .. """.com.","operations":[]}"""u8];
        ChangeLogJson.TryParseChange(json, out _, out string? error, out bool unsupported).ShouldBeFalse();
        unsupported.ShouldBeFalse();
        error.ShouldStartWith("invalid JSON at $: ");
    }

    [TestCase("""{"version":2,"zone":"example.com.","operations":[{"op":"DEL","name":"www"}]}""")]
    [TestCase("""{"changes":{"anything":[1,2]},"version":2}""")]
    [TestCase("""{"zone":"example.com.","operations":[{"op":"MOVE"}],"version":3,"more":""")]
    public void OtherFormatVersion_IsUnsupportedWhereverItStands(string json)
    {
        ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out _, out string? error, out bool unsupported).ShouldBeFalse();
        unsupported.ShouldBeTrue();
        error.ShouldContain("is not supported");
    }

    [Test]
    public void Discriminators_MayComeLast()
    {
        const string json = """
            {"operations":[{"name":"www","rdata":["192.0.2.1"],"ttl":60,"type":"A","op":"SET"},{"metadata":{"group":"blue"},"op":"SET_METADATA"}],
             "prerequisites":[{"name":"www","type":"A","rdata":["192.0.2.1"],"require":"rrset-equals"}],"zone":"example.com.","version":1}
            """;
        ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out ChangeMessage? message, out string? error, out _).ShouldBeTrue(error);
        message.Operations[0].ShouldBeOfType<SetOperation>().Rdata.ShouldBe(["192.0.2.1"]);
        message.Operations[1].ShouldBeOfType<SetMetadataOperation>().Metadata.Group.ShouldBe("blue");
        message.Prerequisites[0].ShouldBeOfType<RRsetEqualsPrerequisite>().Type.ShouldBe("A");
    }

    [Test]
    public void NullWhereTheModelAllowsIt_MeansAbsent()
    {
        const string json = """
            {"version":1,"zone":"example.com.","source":null,"operations":[
              {"op":"DEL","name":"www","type":null,"rdata":null},
              {"op":"SET_METADATA","metadata":{"group":null,"also_notify":null,"transfer_acl":null,"transfer_key":null},"serial_policy":null},
              {"op":"CREATE_ZONE","zonefile":"x","soa":null,"ttl":null,"ns":null,"records":null,"metadata":null}]}
            """;
        ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out ChangeMessage? message, out string? error, out _).ShouldBeTrue(error);
        message.Source.ShouldBeNull();
        message.Operations[0].ShouldBe(new DeleteOperation { Name = "www" });
        var metadata = message.Operations[1].ShouldBeOfType<SetMetadataOperation>();
        metadata.Metadata.IsEmpty.ShouldBeTrue();
        metadata.SerialPolicy.ShouldBeNull();
        var create = message.Operations[2].ShouldBeOfType<CreateZoneOperation>();
        create.Ttl.ShouldBeNull();
        create.SerialPolicy.ShouldBe(SerialPolicy.Increment);
    }

    [Test]
    public void EscapedMemberNamesAndStrings_AreUnescaped()
    {
        const string json = """{"version":1,"zone":"example.com.","operations":[{"o\u0070":"ADD","na\u006de":"w\u0077w","ttl":1,"type":"TXT","rdata":"\"a b\""}]}""";
        ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out ChangeMessage? message, out string? error, out _).ShouldBeTrue(error);
        message.Operations[0].ShouldBe(new AddOperation { Name = "www", Ttl = 1, Type = "TXT", Rdata = "\"a b\"" });
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(3)]
    public void Operations_KeepTheirCountAndOrder(int count)
    {
        string operations = string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"op":"DEL","name":"n{{i}}"}"""));
        string json = $$"""{"version":1,"zone":"example.com.","operations":[{{operations}}]}""";
        ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out ChangeMessage? message, out string? error, out _).ShouldBeTrue(error);
        message.Operations.Select(operation => ((DeleteOperation)operation).Name).ShouldBe(Enumerable.Range(0, count).Select(i => $"n{i}"));
    }

    [Test]
    public void EveryKind_RoundTripsThroughTheWriter()
    {
        var message = new ChangeMessage
        {
            Zone = "example.com.",
            Rfc2136 = true,
            Source = "test",
            Prerequisites =
            [
                new NameInUsePrerequisite { Name = "a" }, new NameNotInUsePrerequisite { Name = "b" },
                new RRsetExistsPrerequisite { Name = "c", Type = "A" }, new RRsetNotExistsPrerequisite { Name = "d", Type = "MX" },
                new RRsetEqualsPrerequisite { Name = "e", Type = "A", Rdata = ["192.0.2.1", "192.0.2.2"] },
            ],
            Operations =
            [
                new AddOperation { Name = "www", Ttl = 300, Type = "A", Rdata = "192.0.2.1" },
                new SetOperation { Name = "www", Ttl = 60, Type = "AAAA", Rdata = ["2001:db8::1"] },
                new DeleteOperation { Name = "old", Type = "TXT", Rdata = "\"x\"" },
                new CreateZoneOperation
                {
                    Soa = "ns1 hostmaster 1 3600 600 1209600 300", Ttl = 3600, Ns = ["ns1"], Records = ["ns1 A 192.0.2.53"], SerialPolicy = SerialPolicy.UnixTime,
                    Metadata = new ZoneMetadata { Group = "g", AlsoNotify = ["127.0.0.1:5300"], TransferAcl = "acl", TransferKey = "key" },
                },
                new CreateZoneOperation { Zonefile = "$TTL 60\n" },
                new DeleteZoneOperation(),
                new ReplaceZoneOperation { Zonefile = "@ SOA ns1 hostmaster 2 1 1 1 1\n" },
                new SetMetadataOperation { Metadata = new ZoneMetadata { Group = "h" }, SerialPolicy = SerialPolicy.DateSerial },
            ],
        };
        byte[] written = ChangeLogJson.Serialize(message);
        ChangeLogJson.TryParseChange(written, out ChangeMessage? back, out string? error, out _).ShouldBeTrue(error);
        Encoding.UTF8.GetString(ChangeLogJson.Serialize(back)).ShouldBe(Encoding.UTF8.GetString(written));
    }
}
