using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Tests.Records;

/// <summary>
/// Every RDATA type checked both ways against a table of (presentation, wire). The presentation is
/// what BIND 9's named-compilezone prints for the same wire (verified when the table was written;
/// BIND splits long DS digests, this codec does not).
/// </summary>
public class RdataFormatTests
{
    private static TestCaseData Case(string type, string text, string hex) =>
        new TestCaseData(type, text, hex).SetArgDisplayNames(type, text.Length > 40 ? text[..40] : text);

    private static readonly TestCaseData[] CanonicalCases =
    [
        Case("A", @"192.0.2.1", "C0000201"),
        Case("NS", @"ns1.example.", "036E7331076578616D706C6500"),
        Case("CNAME", @"Target.Example.", "06546172676574074578616D706C6500"),
        Case("PTR", @"host.example.", "04686F7374076578616D706C6500"),
        Case("DNAME", @"other.example.", "056F74686572076578616D706C6500"),
        Case("MB", @"mb.example.", "026D62076578616D706C6500"),
        Case("SOA", @"ns.example. hostmaster.example. 2024010101 7200 3600 1209600 300", "026E73076578616D706C65000A686F73746D6173746572076578616D706C650078A3F17500001C2000000E10001275000000012C"),
        Case("TXT", @"""hello world"" ""b\""c"" ""\255""", "0B68656C6C6F20776F726C640362226301FF"),
        Case("TXT", @"""""", "00"),
        Case("SPF", @"""v=spf1 -all""", "0B763D73706631202D616C6C"),
        Case("TYPE65280", @"\# 3 010203", "010203"),
        Case("TYPE65280", @"\# 0", ""),
        Case("AAAA", @"2001:db8::1", "20010DB8000000000000000000000001"),
        Case("AAAA", @"::ffff:192.0.2.1", "00000000000000000000FFFFC0000201"),
        Case("MX", @"10 mail.example.", "000A046D61696C076578616D706C6500"),
        Case("KX", @"10 kx.example.", "000A026B78076578616D706C6500"),
        Case("AFSDB", @"1 afs.example.", "000103616673076578616D706C6500"),
        Case("MINFO", @"rmail.example. email.example.", "05726D61696C076578616D706C650005656D61696C076578616D706C6500"),
        Case("RP", @"mbox.example. txt.example.", "046D626F78076578616D706C650003747874076578616D706C6500"),
        Case("HINFO", @"""PC"" ""Linux OS""", "025043084C696E7578204F53"),
        Case("SRV", @"0 5 5060 sip.example.", "0000000513C403736970076578616D706C6500"),
        Case("NAPTR", @"100 10 ""S"" ""SIP+D2U"" ""!^.*$!sip:x@y!"" _sip._udp.example.", "0064000A0153075349502B4432550E215E2E2A24217369703A78407921045F736970045F756470076578616D706C6500"),
        Case("CAA", @"0 issue ""ca.example""", "0005697373756563612E6578616D706C65"),
        Case("CAA", @"128 tbs ""a\""b;c""", "80037462736122623B63"),
        Case("URI", @"10 1 ""https://example.com/x""", "000A000168747470733A2F2F6578616D706C652E636F6D2F78"),
        Case("SSHFP", @"1 1 DD465C09CFA51FB45020CC83316FFF21B9EC74AC", "0101DD465C09CFA51FB45020CC83316FFF21B9EC74AC"),
        Case("TLSA", @"3 1 1 0C72AC70", "0301010C72AC70"),
        Case("SMIMEA", @"3 1 1 0C72AC70", "0301010C72AC70"),
        Case("SVCB", @"0 foo.example.", "000003666F6F076578616D706C6500"),
        Case("SVCB", @"2 . key65000=""abc""", "000200FDE80003616263"),
        Case("SVCB", @"1 . alpn=""f\\\\oo\\,bar,h2"" no-default-alpn key667=""hello"" key668", "0001000001000C08665C6F6F2C62617202683200020000029B000568656C6C6F029C0000"),
        Case("HTTPS", @"1 . mandatory=alpn,port alpn=""h2,h3"" port=8443 ipv4hint=192.0.2.1,192.0.2.2 ech=AEX+DQ== ipv6hint=2001:db8::1,2001:db8::2", "0001000000000400010003000100060268320268330003000220FB00040008C0000201C0000202000500040045FE0D0006002020010DB800000000000000000000000120010DB8000000000000000000000002"),
        Case("DS", @"12345 8 2 2BB183AF5F22588179A53B0A98631FAD1A292118A8A1C6E9B3A1A1A1A1A1A1A1", "303908022BB183AF5F22588179A53B0A98631FAD1A292118A8A1C6E9B3A1A1A1A1A1A1A1"),
        Case("CDS", @"0 0 0 00", "0000000000"),
        Case("DNSKEY", @"257 3 8 AwEAAag/AwEAAag/", "0101030803010001A83F03010001A83F"),
        Case("CDNSKEY", @"0 3 0 AA==", "0000030000"),
        Case("RRSIG", @"A 8 2 300 20240101000000 20231201000000 12345 example. AwEAAag/", "000108020000012C65920080656922003039076578616D706C650003010001A83F"),
        Case("RRSIG", @"TYPE65000 8 2 300 20231114221320 20231201000000 12345 example. AwEAAag/", "FDE808020000012C6553F100656922003039076578616D706C650003010001A83F"),
        Case("NSEC", @"next.example. A MX RRSIG NSEC TYPE1234", "046E657874076578616D706C65000006400100000003041B000000000000000000000000000000000000000000000000000020"),
        Case("NSEC3", @"1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG", "0101000C04AABBCCDD14174EB2409FE28BCB4887A1836F957F0A8425E27B0006400000000002"),
        Case("NSEC3", @"1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR", "010000000014174EB2409FE28BCB4887A1836F957F0A8425E27B"),
        Case("NSEC3PARAM", @"1 0 0 -", "0100000000"),
        Case("NSEC3PARAM", @"1 0 10 ABCD", "0100000A02ABCD"),
        Case("TSIG", @"hmac-sha256. 1700000000 300 4 AQIDBA== 4660 NOERROR 0", "0B686D61632D7368613235360000006553F100012C000401020304123400000000"),
        Case("TSIG", @"hmac-md5.sig-alg.reg.int. 1700000000 300 0 4660 BADTIME 6 AABlU/EA", "08686D61632D6D6435077369672D616C670372656703696E740000006553F100012C000012340012000600006553F100"),
    ];

    private static readonly TestCaseData[] InputVariantCases =
    [
        Variant("A", @"\# 4 C0000201", "192.0.2.1"),
        Variant("AAAA", "2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        Variant("MX", "10 mail", "10 mail.example."),
        Variant("SRV", "0 5 5060 @", "0 5 5060 example."),
        Variant("TXT", "unquoted", @"""unquoted"""),
        Variant("HINFO", "PC Linux", @"""PC"" ""Linux"""),
        Variant("SOA", "ns h 1 2h 1h 1w 5m", "ns.example. h.example. 1 7200 3600 604800 300"),
        Variant("CAA", "0 issue ca.example", @"0 issue ""ca.example"""),
        Variant("DNSKEY", "257 3 8 ( AwEA Aag/AwEAAag/ )", "257 3 8 AwEAAag/AwEAAag/"),
        Variant("DS", "12345 8 2 2bb183af5f22588179a53b0a98631fad 1a292118a8a1c6e9b3a1a1a1a1a1a1a1",
            "12345 8 2 2BB183AF5F22588179A53B0A98631FAD1A292118A8A1C6E9B3A1A1A1A1A1A1A1"),
        Variant("RRSIG", "A 8 2 1h 1704067200 1701388800 12345 @ AwEA Aag/",
            "A 8 2 3600 20240101000000 20231201000000 12345 example. AwEAAag/"),
        Variant("NSEC", "next RRSIG a TYPE1 NSEC", "next.example. A RRSIG NSEC"),
        Variant("NSEC3", "1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr RRSIG A", "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG"),
        Variant("NSEC3PARAM", "1 0 10 abcd", "1 0 10 ABCD"),
        Variant("SVCB", "1 svc port=53 key1=h2 ipv6hint=2001:DB8::1", @"1 svc.example. alpn=""h2"" port=53 ipv6hint=2001:db8::1"),
        Variant("HTTPS", @"1 . alpn=""h2"" mandatory=""alpn""", @"1 . mandatory=alpn alpn=""h2"""),
        Variant("HTTPS", @"1 . alpn=h2\\,x,h3 ech=""AEX+DQ==""", @"1 . alpn=""h2\\,x,h3"" ech=AEX+DQ=="),
        Variant("TSIG", "hmac-sha256. 1700000000 300 0 4660 18 0", "hmac-sha256. 1700000000 300 0 4660 BADTIME 0"),
    ];

    private static TestCaseData Variant(string type, string input, string expected) =>
        new TestCaseData(type, input, expected).SetArgDisplayNames(type, input);

    private static readonly DomainName Origin = DomainName.Parse("example.");

    internal static RecordType TypeOf(string mnemonic)
    {
        ResourceRecord.TryParseType(mnemonic, out RecordType type).ShouldBeTrue();
        return type;
    }

    internal static string WireHex(Rdata rdata, bool canonical = false)
    {
        var buffer = new byte[ushort.MaxValue];
        var writer = new DnsWriter(buffer);
        rdata.WriteTo(ref writer, canonical);
        return Convert.ToHexString(writer.Written);
    }

    [TestCaseSource(nameof(CanonicalCases))]
    public void Parse_PresentationText_WritesExpectedWire(string type, string text, string hex)
    {
        WireHex(Rdata.Parse(TypeOf(type), text)).ShouldBe(hex);
    }

    [TestCaseSource(nameof(CanonicalCases))]
    public void FromWire_ExpectedWire_PrintsPresentationText(string type, string text, string hex)
    {
        Rdata rdata = Rdata.FromWire(TypeOf(type), Convert.FromHexString(hex));

        rdata.Type.ShouldBe(TypeOf(type));
        rdata.ToString().ShouldBe(text);
    }

    [TestCaseSource(nameof(CanonicalCases))]
    public void TextWireText_RoundTrips(string type, string text, string hex)
    {
        RecordType rrtype = TypeOf(type);
        Rdata parsed = Rdata.Parse(rrtype, text);
        Rdata decoded = Rdata.FromWire(rrtype, Convert.FromHexString(WireHex(parsed)));

        decoded.ToString().ShouldBe(text);
        decoded.ShouldBe(parsed);
        Rdata.Parse(rrtype, decoded.ToString()).ShouldBe(parsed);
    }

    [TestCaseSource(nameof(CanonicalCases))]
    public void GenericForm_OfExpectedWire_ParsesToSameRdata(string type, string text, string hex)
    {
        Rdata generic = Rdata.Parse(TypeOf(type), $@"\# {hex.Length / 2} {hex}");

        generic.ToString().ShouldBe(text);
    }

    [TestCaseSource(nameof(InputVariantCases))]
    public void Parse_InputVariants_PrintCanonicalPresentation(string type, string input, string expected)
    {
        Rdata.Parse(TypeOf(type), input, Origin).ToString().ShouldBe(expected);
    }

    [TestCase("0.0.0.0", "0.0.0.0")]
    [TestCase("255.255.255.255", "255.255.255.255")]
    [TestCase("  10.20.30.40\t", "10.20.30.40")]
    public void Parse_IPv4DottedQuad_ReadsTheAddress(string text, string expected)
    {
        Rdata.Parse(RecordType.A, text, Origin).ToString().ShouldBe(expected);
    }

    // RFC 1035 §3.4.1 and inet_pton: four decimal octets; IPAddress.Parse would take the shortened, octal and hex forms.
    [TestCase("192.0.2")]
    [TestCase("192.0.2.1.")]
    [TestCase("192.0.2.256")]
    [TestCase("192.0.2.01")]
    [TestCase("0x0a.0.0.1")]
    [TestCase("3221225985")]
    [TestCase("192.0..1")]
    [TestCase("1234.0.2.1")]
    public void Parse_IPv4NotADottedQuad_IsRejectedNamingTheText(string text)
    {
        Should.Throw<FormatException>(() => Rdata.Parse(RecordType.A, text, Origin)).Message.ShouldContain("IPv4");
    }

    [Test]
    public void OptRecord_ReadThroughRdata_IsUnknownRdata()
    {
        Rdata rdata = Rdata.FromWire(RecordType.OPT, Convert.FromHexString("000A00080102030405060708"));

        rdata.ShouldBeOfType<UnknownRdata>();
        WireHex(rdata).ShouldBe("000A00080102030405060708");
    }
}
