using System.Buffers.Binary;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Protocol.Tests.Records;

public class RdataAccessorTests
{
    [Test]
    public void Tsig_ExposesEveryField()
    {
        var tsig = (TsigRdata)Rdata.Parse(RecordType.TSIG, "hmac-sha256. 1700000000 300 4 AQIDBA== 4660 BADSIG 6 AABlU/EA");

        tsig.Algorithm.ShouldBe(DomainName.Parse("hmac-sha256."));
        tsig.TimeSigned.ShouldBe(1700000000UL);
        tsig.Fudge.ShouldBe((ushort)300);
        tsig.Mac.ToArray().ShouldBe(new byte[] { 1, 2, 3, 4 });
        tsig.OriginalId.ShouldBe((ushort)4660);
        tsig.Error.ShouldBe(ResponseCode.BadSig);
        tsig.OtherData.ToArray().ShouldBe(new byte[] { 0, 0, 0x65, 0x53, 0xF1, 0 });
        tsig.ToString().ShouldBe("hmac-sha256. 1700000000 300 4 AQIDBA== 4660 BADSIG 6 AABlU/EA");
    }

    [Test]
    public void Dnskey_KeyTag_MatchesRfc4034AppendixB()
    {
        // dnssec-dsfromkey prints key tag 23180 for this key.
        var key = (DnskeyRdata)Rdata.Parse(RecordType.DNSKEY, "257 3 8 AwEAAag/AwEAAag/");

        key.KeyTag.ShouldBe((ushort)23180);
    }

    [Test]
    public void Svcb_ParametersDecodeInKeyOrder()
    {
        var https = (SvcbRdata)Rdata.Parse(RecordType.HTTPS, "1 . port=8443 alpn=h2");

        https.IsAliasMode.ShouldBeFalse();
        https.Parameters.Select(p => p.Key).ShouldBe([SvcParamKey.Alpn, SvcParamKey.Port]);
        https.TryGetParameter(SvcParamKey.Port, out ReadOnlySpan<byte> port).ShouldBeTrue();
        BinaryPrimitives.ReadUInt16BigEndian(port).ShouldBe((ushort)8443);
        https.TryGetParameter(SvcParamKey.Ech, out _).ShouldBeFalse();
    }

    [Test]
    public void Svcb_Constructor_SortsParametersAndRejectsDuplicates()
    {
        var built = new SvcbRdata(RecordType.SVCB, 1, DomainName.Root,
            [new SvcParam(SvcParamKey.Port, new byte[] { 0, 53 }), new SvcParam(SvcParamKey.Alpn, new byte[] { 2, (byte)'h', (byte)'2' })]);

        built.ToString().ShouldBe("1 . alpn=\"h2\" port=53");
        Should.Throw<ArgumentException>(() => new SvcbRdata(RecordType.SVCB, 1, DomainName.Root,
            [new SvcParam(SvcParamKey.Port, new byte[] { 0, 53 }), new SvcParam(SvcParamKey.Port, new byte[] { 0, 54 })]))
            .Message.ShouldContain("duplicate key port");
    }

    [Test]
    public void Nsec_TypesAndHasType_ReadTheBitmap()
    {
        var nsec = new NsecRdata(DomainName.Parse("next.example."), [RecordType.NSEC, RecordType.A, (RecordType)1234]);

        nsec.Types.ShouldBe([RecordType.A, RecordType.NSEC, (RecordType)1234]);
        nsec.HasType(RecordType.NSEC).ShouldBeTrue();
        nsec.HasType(RecordType.MX).ShouldBeFalse();
        nsec.ShouldBe(Rdata.Parse(RecordType.NSEC, "next.example. A NSEC TYPE1234"));
    }

    [Test]
    public void Nsec3_OptOutAndTypes()
    {
        var nsec3 = (Nsec3Rdata)Rdata.Parse(RecordType.NSEC3, "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG");

        nsec3.IsOptOut.ShouldBeTrue();
        nsec3.Salt.ToArray().ShouldBe(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD });
        nsec3.NextHashedOwner.Length.ShouldBe(20);
        nsec3.Types.ShouldBe([RecordType.A, RecordType.RRSIG]);
    }

    [Test]
    public void Rdata_EqualityIgnoresCaseOfCanonicallyLoweredNames()
    {
        Rdata.Parse(RecordType.MX, "10 MAIL.example.").ShouldBe(Rdata.Parse(RecordType.MX, "10 mail.example."));
        Rdata.Parse(RecordType.NSEC, "NEXT.example. A").ShouldNotBe(Rdata.Parse(RecordType.NSEC, "next.example. A"));
    }

    [TestCase("", "")]
    [TestCase("f", "CO")]
    [TestCase("fo", "CPNG")]
    [TestCase("foo", "CPNMU")]
    [TestCase("foob", "CPNMUOG")]
    [TestCase("fooba", "CPNMUOJ1")]
    [TestCase("foobar", "CPNMUOJ1E8")]
    public void Base32Hex_MatchesRfc4648Vectors(string plain, string encoded)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(plain);

        Base32Hex.Encode(bytes).ShouldBe(encoded);
        Base32Hex.TryDecode(encoded.ToLowerInvariant(), out byte[] decoded).ShouldBeTrue();
        decoded.ShouldBe(bytes);
    }

    [TestCase("C")]
    [TestCase("CP")]
    [TestCase("CPNMUOJ1E8W")]
    [TestCase("CO=")]
    public void Base32Hex_RejectsBadLengthsPadBitsAndCharacters(string text)
    {
        Base32Hex.TryDecode(text, out _).ShouldBeFalse();
    }
}
