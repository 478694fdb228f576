using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Tests.Messages;

/// <summary>Packets captured from dig and BIND 9.18 (see tests/data/wire/README.md).</summary>
public class GoldenPacketTests
{
    private static byte[] Load(string name) =>
        Convert.FromHexString(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "wire", name + ".hex")).Trim());

    private static Message Parse(string name)
    {
        Message.TryParse(Load(name), out Message? message, out string? error).ShouldBeTrue(error);
        return message!;
    }

    [Test]
    public void DigQuery_WithCookie_Parses()
    {
        Message query = Parse("query-a-norec.query");
        query.IsResponse.ShouldBeFalse();
        query.Flags.ShouldBe(HeaderFlags.AD); // dig sets AD in queries (RFC 6840 §5.7), +norec clears RD
        query.Question.ShouldBe(new Question(DomainName.Parse("www.example."), RecordType.A));
        query.Edns!.UdpPayloadSize.ShouldBe((ushort)1232);
        query.Edns.OptionList.Single().Code.ShouldBe(EdnsOption.Cookie);
        query.Edns.OptionList.Single().Data.Length.ShouldBe(8);
    }

    [Test]
    public void Response_WithAllSections_HasTheRecordsDigShowed()
    {
        Message response = Parse("query-a-norec.response");
        response.Flags.ShouldBe(HeaderFlags.QR | HeaderFlags.AA);
        response.ResponseCode.ShouldBe(ResponseCode.NoError);
        response.Answers.Select(r => r.ToString()).ShouldBe(["www.example. 3600 IN A 192.0.2.10", "www.example. 3600 IN A 192.0.2.11"]);
        response.Authority.Select(r => r.ToString()).ShouldBe(["example. 3600 IN NS ns1.example.", "example. 3600 IN NS ns2.example."]);
        response.Additional.Select(r => r.ToString()).ShouldBe(["ns1.example. 3600 IN A 192.0.2.1", "ns2.example. 3600 IN A 192.0.2.2"]);
        response.Edns!.OptionList.Single().Data.Length.ShouldBe(24); // client and server cookie
    }

    [Test]
    public void Response_Cname_DnssecOk_EchoesTheClientCookie()
    {
        Message response = Parse("query-cname-dnssec-nsid-cookie.response");
        response.Flags.ShouldBe(HeaderFlags.QR | HeaderFlags.AA | HeaderFlags.RD);
        response.Answers[0].ToString().ShouldBe("alias.example. 3600 IN CNAME www.example.");
        response.Answers.Count.ShouldBe(3);
        response.Edns!.DnssecOk.ShouldBeTrue();
        Convert.ToHexString(response.Edns.OptionList.Single().Data.AsSpan(0, 8)).ShouldBe("0102030405060708");
    }

    [Test]
    public void Response_WithoutEdns_HasMxAndGlue()
    {
        Message response = Parse("query-mx-noedns.response");
        response.Edns.ShouldBeNull();
        response.Answers.Single().ToString().ShouldBe("example. 3600 IN MX 10 mail.example.");
        response.Additional.Single().ToString().ShouldBe("mail.example. 3600 IN A 192.0.2.20");
    }

    [Test]
    public void Response_NXDomain_HasTheSoa()
    {
        Message response = Parse("query-nxdomain.response");
        response.ResponseCode.ShouldBe(ResponseCode.NXDomain);
        response.Authority.Single().ToString().ShouldBe("example. 300 IN SOA ns1.example. hostmaster.example. 2024010101 7200 3600 1209600 300");
    }

    [Test]
    public void Response_BadVers_ComposesTheExtendedRcode()
    {
        Message query = Parse("query-badvers.query");
        query.Edns!.Version.ShouldBe((byte)1);
        byte[] wire = Load("query-badvers.response");
        (wire[3] & 0xF).ShouldBe(0);
        Message response = Parse("query-badvers.response");
        response.ResponseCode.ShouldBe(ResponseCode.BadVers);
        response.Edns!.Version.ShouldBe((byte)0);
    }

    [Test]
    public void Response_Referral_HasNsAndGlueButNoAa()
    {
        Message response = Parse("query-referral.response");
        response.Flags.ShouldBe(HeaderFlags.QR);
        response.Authority.Single().ToString().ShouldBe("sub.example. 3600 IN NS ns.sub.example.");
        response.Additional.Single().ToString().ShouldBe("ns.sub.example. 3600 IN A 192.0.2.53");
    }

    [Test]
    public void Response_Txt_KeepsBothStrings()
    {
        Parse("query-txt.response").Answers.Single().ToString().ShouldBe("txt.example. 3600 IN TXT \"hello world\" \"second string\"");
    }

    private static IEnumerable<string> AllPackets() =>
        Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "wire"), "*.hex")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(AllPackets))]
    public void EveryPacket_ReEncodesToTheSameMessage(string name)
    {
        Message original = Parse(name);
        byte[] ours = original.ToArray();
        Message.TryParse(ours, out Message? again, out string? error).ShouldBeTrue(error);
        MessageText.Describe(again!).ShouldBe(MessageText.Describe(original));
        ours.Length.ShouldBeLessThanOrEqualTo(Load(name).Length); // our compression is at least as good as BIND's here
    }

    [TestCaseSource(nameof(AllPackets))]
    public void EveryPacket_ReEncodedWithoutCompression_IsTheSameMessage(string name)
    {
        Message original = Parse(name);
        byte[] buffer = new byte[ushort.MaxValue];
        int length = original.WriteTo(buffer);
        Message.TryParse(buffer.AsSpan(0, length), out Message? again, out string? error).ShouldBeTrue(error);
        MessageText.Describe(again!).ShouldBe(MessageText.Describe(original));
        var header = new DnsReader(buffer.AsSpan(0, length));
        header.Remaining.ShouldBe(length);
    }
}
