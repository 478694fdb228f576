using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Tests.Records;

/// <summary>Malformed RDATA must be refused with a reason: on the wire by returning false, in text by a ZoneFormatException.</summary>
public class RdataMalformedTests
{
    private static TestCaseData Wire(string type, string hex, string reason) =>
        new TestCaseData(type, hex, reason).SetArgDisplayNames(type, hex.Length > 30 ? hex[..30] : hex, reason);

    private static readonly TestCaseData[] MalformedWire =
    [
        Wire("A", "C00002", "truncated"),
        Wire("A", "C000020101", "beyond its fields"),
        Wire("AAAA", "20010DB80000000000000000000000", "truncated"),
        Wire("NS", "036E73", "truncated"),
        Wire("SOA", "026E7300026E730000000001", "truncated"),
        Wire("TXT", "", "truncated"),
        Wire("TXT", "05616263", "truncated"),
        Wire("SPF", "0261", "truncated"),
        Wire("MX", "000A", "truncated"),
        Wire("KX", "000A03", "truncated"),
        Wire("AFSDB", "0001", "truncated"),
        Wire("MINFO", "00", "truncated"),
        Wire("RP", "000000", "beyond its fields"),
        Wire("HINFO", "025043", "truncated"),
        Wire("SRV", "0000000513C4", "truncated"),
        Wire("NAPTR", "0064000A0153", "truncated"),
        Wire("CAA", "0000", "CAA tag"),
        Wire("CAA", "00012D", "CAA tag"),
        Wire("CAA", "0005697373", "truncated"),
        Wire("URI", "000A0001", "URI target"),
        Wire("SSHFP", "0101", "SSHFP fingerprint"),
        Wire("TLSA", "030101", "TLSA certificate association data"),
        Wire("SMIMEA", "0301", "truncated"),
        Wire("DS", "30390802AABB", "digest of type 2 must be 32 octets"),
        Wire("DS", "30390800", "DS digest is empty"),
        Wire("CDS", "0000", "truncated"),
        Wire("DNSKEY", "01010308", "DNSKEY public key"),
        Wire("CDNSKEY", "000003", "truncated"),
        Wire("RRSIG", "000108020000012C65920080656922003039076578616D706C6500", "RRSIG signature"),
        Wire("RRSIG", "0001080200", "truncated"),
        Wire("NSEC", "00", "NSEC type bitmap is empty"),
        Wire("NSEC", "000000", "bitmap length 0"),
        Wire("NSEC", "000021" + new string('F', 66), "bitmap length 33"),
        Wire("NSEC", "00010140000140", "increasing order"),
        Wire("NSEC", "00000140000140", "increasing order"),
        Wire("NSEC", "000002400000", "trailing zero"),
        Wire("NSEC", "0000034000", "truncated bitmap"),
        Wire("NSEC", "0000", "truncated window block"),
        Wire("NSEC3", "010000000000", "next hashed owner name is empty"),
        Wire("NSEC3", "0100000005AABB", "truncated"),
        Wire("NSEC3", "010000000014AABB", "truncated"),
        Wire("NSEC3", "0100000000" + "01AA" + "0000", "NSEC3 type bitmap"),
        Wire("NSEC3PARAM", "0100000005AABB", "truncated"),
        Wire("NSEC3PARAM", "010000", "truncated"),
        Wire("NSEC3PARAM", "0100000000FF", "beyond its fields"),
        Wire("SVCB", "00010000030002003500010003026832", "out of increasing order"),
        Wire("SVCB", "000100000300020035000300020035", "duplicate key port"),
        Wire("SVCB", "000100000100010" + "0", "alpn"),
        Wire("SVCB", "0001000003000300" + "0035", "port: length must be 2"),
        Wire("SVCB", "0001000004000" + "5C000020101", "ipv4hint"),
        Wire("SVCB", "000100000600" + "0420010DB8", "ipv6hint"),
        Wire("SVCB", "00010000000002" + "0000", "must not list itself"),
        Wire("SVCB", "000100000000040003" + "0001", "mandatory: keys not in strictly increasing order"),
        Wire("SVCB", "000100000200" + "0100", "no-default-alpn"),
        Wire("SVCB", "00010000030004" + "0035", "truncated value"),
        Wire("HTTPS", "000100000300", "truncated key or length"),
        Wire("HTTPS", "00010000050000", "ech: empty value"),
        Wire("SVCB", "0001", "truncated"),
        Wire("TSIG", "00" + "00006553F100" + "012C" + "0004" + "0102", "truncated"),
        Wire("TSIG", "00" + "00006553F100" + "012C" + "0000" + "1234" + "0000", "truncated"),
    ];

    private static TestCaseData Text(string type, string text, string reason) =>
        new TestCaseData(type, text, reason).SetArgDisplayNames(type, text, reason);

    private static readonly TestCaseData[] MalformedText =
    [
        Text("A", "192.0.2", "IPv4"),
        Text("A", @"\# 2 0102", "not valid A data"),
        Text("AAAA", "192.0.2.1", "IPv6"),
        Text("MX", "mail.example.", "16-bit"),
        Text("SRV", "0 0 70000 sip.example.", "16-bit"),
        Text("TXT", "\"" + new string('a', 256) + "\"", "longer than 255"),
        Text("HINFO", "PC", "missing field"),
        Text("CAA", "0 is-sue \"x\"", "CAA tag"),
        Text("CAA", "256 issue \"x\"", "8-bit"),
        Text("URI", "10 1 \"\"", "URI target is empty"),
        Text("SSHFP", "1 1 XYZ", "hexadecimal"),
        Text("TLSA", "3 1 1 ABC", "odd number"),
        Text("DS", "1 8 2 AABB", "DS digest of type 2 must be 32 octets"),
        Text("DNSKEY", "257 3 8 !!!!", "base64"),
        Text("RRSIG", "BOGUS 8 2 300 1 1 1 example. AA==", "RRSIG type covered"),
        Text("RRSIG", "A 8 2 300 2024130100000x 1 1 example. AA==", "RRSIG expiration"),
        Text("RRSIG", "A 8 2 300 1 20241301000000 1 example. AA==", "RRSIG inception"),
        Text("NSEC", "next.example. A BOGUS", "NSEC type bitmap: unknown type 'BOGUS'"),
        Text("NSEC", "next.example.", "NSEC type bitmap is empty"),
        Text("NSEC3", "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJW A", "NSEC3 next hashed owner name"),
        Text("NSEC3", "1 0 0 XYZ 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR", "NSEC3 salt"),
        Text("NSEC3", "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR FOO", "NSEC3 type bitmap"),
        Text("NSEC3PARAM", "1 0 0 ABC", "NSEC3PARAM salt"),
        Text("SVCB", "1 . alpn=h2 alpn=h3", "duplicate key alpn"),
        Text("SVCB", "1 . foo=bar", "SvcParam key: unknown key 'foo'"),
        Text("SVCB", "1 . key65535=x", "unknown key 'key65535'"),
        Text("SVCB", "1 . port=99999", "SvcParam port"),
        Text("SVCB", "1 . port", "SvcParam port"),
        Text("SVCB", "1 . mandatory=port", "mandatory: key port is not present"),
        Text("SVCB", "1 . mandatory=alpn,alpn alpn=h2", "listed twice"),
        Text("SVCB", "1 . mandatory=mandatory,alpn alpn=h2", "must not list itself"),
        Text("SVCB", "1 . ipv4hint=192.0.2", "SvcParam ipv4hint"),
        Text("SVCB", "1 . ipv6hint=192.0.2.1", "SvcParam ipv6hint"),
        Text("SVCB", "1 . no-default-alpn", "no-default-alpn: requires alpn"),
        Text("SVCB", "1 . no-default-alpn=x alpn=h2", "no-default-alpn: value must be empty"),
        Text("HTTPS", "1 . alpn=h2,,h3", "SvcParam alpn"),
        Text("HTTPS", "1 . ech=!!", "SvcParam ech"),
        Text("HTTPS", "1 . \"alpn\"", "SvcParam key"),
        Text("TSIG", "hmac-sha256. 281474976710656 300 0 1 NOERROR 0", "TSIG time signed"),
        Text("TSIG", "hmac-sha256. 1 300 5 AQIDBA== 1 NOERROR 0", "TSIG MAC"),
        Text("TSIG", "hmac-sha256. 1 300 0 1 BOGUS 0", "TSIG error"),
        Text("TSIG", "hmac-sha256. 1 300 0 1 NOERROR 2 !!", "TSIG other data"),
        Text("TYPE65280", "abc", "no presentation format"),
    ];

    [TestCaseSource(nameof(MalformedWire))]
    public void TryRead_MalformedWire_ReturnsFalseWithReason(string type, string hex, string reason)
    {
        byte[] wire = Convert.FromHexString(hex);
        var reader = new DnsReader(wire);

        bool ok = Rdata.TryRead(RdataFormatTests.TypeOf(type), ref reader, out Rdata? value);

        ok.ShouldBeFalse();
        value.ShouldBeNull();
        reader.Error.ShouldNotBeNull().ShouldContain(reason);
    }

    [TestCaseSource(nameof(MalformedText))]
    public void Parse_MalformedText_ThrowsNamingTheField(string type, string text, string reason)
    {
        ZoneFormatException error = Should.Throw<ZoneFormatException>(() => Rdata.Parse(RdataFormatTests.TypeOf(type), text));

        error.Message.ShouldContain(reason);
    }
}
