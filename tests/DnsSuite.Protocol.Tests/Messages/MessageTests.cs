using System.Buffers.Binary;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using static DnsSuite.TestSupport.Records;

namespace DnsSuite.Protocol.Tests.Messages;

public class MessageTests
{
    private static Message Parse(byte[] wire)
    {
        Message.TryParse(wire, out Message? message, out string? error).ShouldBeTrue(error);
        return message!;
    }

    private static string ParseError(byte[] wire)
    {
        Message.TryParse(wire, out Message? message, out string? error).ShouldBeFalse();
        message.ShouldBeNull();
        return error!;
    }

    private static Message FullResponse() => new()
    {
        Id = 0x1234,
        Flags = HeaderFlags.QR | HeaderFlags.AA | HeaderFlags.RD | HeaderFlags.AD | HeaderFlags.CD,
        ResponseCode = ResponseCode.NXDomain,
        Questions = { new Question(DomainName.Parse("www.example."), RecordType.A) },
        Answers =
        {
            Rr("www.example. 300 IN CNAME host.example."),
            Rr("host.example. 300 IN A 192.0.2.1"),
            Rr("host.example. 300 IN TXT \"hello world\" \"\""),
        },
        Authority =
        {
            Rr("example. 3600 IN NS ns1.example."),
            Rr("example. 300 IN SOA ns1.example. hostmaster.example. 2024010101 7200 3600 1209600 300"),
        },
        Additional = { Rr("ns1.example. 3600 IN A 192.0.2.53") },
        Edns = new Edns(4096, 0, true, [new EdnsOption(EdnsOption.Cookie, [1, 2, 3, 4, 5, 6, 7, 8]), new EdnsOption(EdnsOption.Nsid, [])]),
    };

    [Test]
    public void Query_RoundTrips()
    {
        Message query = Message.CreateQuery(DomainName.Parse("www.example."), RecordType.AAAA, 0xABCD);
        byte[] wire = query.ToArray();
        Convert.ToHexString(wire).ShouldBe("ABCD00000001000000000000" + "03777777076578616D706C6500" + "001C0001");
        MessageText.Describe(Parse(wire)).ShouldBe(MessageText.Describe(query));
        Parse(wire).IsResponse.ShouldBeFalse();
        Parse(wire).Question.ShouldBe(new Question(DomainName.Parse("www.example."), RecordType.AAAA));
    }

    [Test]
    public void Response_WithEverySection_RoundTrips()
    {
        Message response = FullResponse();
        Message parsed = Parse(response.ToArray());
        MessageText.Describe(parsed).ShouldBe(MessageText.Describe(response));
        parsed.Answers.ShouldBe(response.Answers);
        parsed.Authority.ShouldBe(response.Authority);
        parsed.Additional.ShouldBe(response.Additional);
        parsed.IsResponse.ShouldBeTrue();
        parsed.TsigOffset.ShouldBe(-1);
    }

    [Test]
    public void Header_CarriesOpCodeFlagsAndCounts()
    {
        Message update = new() { Id = 9, OpCode = OpCode.Update, Flags = HeaderFlags.TC | HeaderFlags.RA, ResponseCode = ResponseCode.NotZone };
        byte[] wire = update.ToArray();
        DnsHeader.TryRead(wire, out DnsHeader header).ShouldBeTrue();
        header.OpCode.ShouldBe(OpCode.Update);
        header.ResponseCodeLow.ShouldBe((byte)ResponseCode.NotZone);
        header.Has(HeaderFlags.TC).ShouldBeTrue();
        header.Has(HeaderFlags.QR).ShouldBeFalse();
        header.Flags.ShouldBe((ushort)(0x2800 | 0x0200 | 0x0080 | 10));
        MessageText.Describe(Parse(wire)).ShouldBe(MessageText.Describe(update));
    }

    [Test]
    public void Parse_IgnoresTheReservedZBit()
    {
        byte[] wire = Message.CreateQuery(DomainName.Root, RecordType.NS).ToArray();
        wire[3] |= 0x40;
        Parse(wire).Flags.ShouldBe(HeaderFlags.None);
    }

    [Test]
    public void Edns_BadVers_IsHeaderZeroAndExtendedOne()
    {
        Message response = new() { Id = 1, Flags = HeaderFlags.QR, ResponseCode = ResponseCode.BadVers, Edns = new Edns(1232) };
        byte[] wire = response.ToArray();
        (wire[3] & 0xF).ShouldBe(0);
        // The OPT record follows the header: root owner, TYPE, CLASS = payload, then TTL = ext-rcode, version, flags.
        Convert.ToHexString(wire.AsSpan(12)).ShouldBe("00" + "0029" + "04D0" + "01000000" + "0000");
        Parse(wire).ResponseCode.ShouldBe(ResponseCode.BadVers);
    }

    [Test]
    public void Edns_PayloadVersionAndDnssecOk_RoundTrip()
    {
        Message query = Message.CreateQuery(DomainName.Parse("example."), RecordType.SOA, 5, new Edns(65535, 1, true, [new EdnsOption(EdnsOption.Expire, [])]));
        byte[] wire = query.ToArray();
        Convert.ToHexString(wire.AsSpan(wire.Length - 15)).ShouldBe("00" + "0029" + "FFFF" + "00018000" + "0004" + "00090000");
        Edns edns = Parse(wire).Edns!;
        (edns.UdpPayloadSize, edns.Version, edns.DnssecOk).ShouldBe(((ushort)65535, (byte)1, true));
        edns.OptionList.Single().Code.ShouldBe(EdnsOption.Expire);
        edns.OptionList.Single().Data.ShouldBeEmpty();
    }

    [Test]
    public void ExtendedResponseCode_WithoutOptInTheInput_IsTheHeaderValue()
    {
        byte[] wire = new Message { Flags = HeaderFlags.QR, ResponseCode = ResponseCode.Refused }.ToArray();
        Parse(wire).ResponseCode.ShouldBe(ResponseCode.Refused);
        Parse(wire).Edns.ShouldBeNull();
    }

    private static ResourceRecord Tsig(ushort originalId) => new(
        DomainName.Parse("key.example."), RecordClass.ANY, 0,
        new TsigRdata(DomainName.Parse("hmac-sha256."), 1_700_000_000, 300, new byte[32], originalId, ResponseCode.NoError, []));

    [Test]
    public void Tsig_AsTheLastRecord_IsKeptLastWithItsOffset()
    {
        Message signed = FullResponse();
        signed.Additional.Add(Tsig(0x1234));
        byte[] wire = signed.ToArray();
        Message parsed = Parse(wire);
        parsed.Additional[^1].Type.ShouldBe(RecordType.TSIG);
        parsed.TsigOffset.ShouldBeGreaterThan(DnsHeader.Size);

        // What follows TsigOffset is exactly the TSIG record, and it ends the message.
        var reader = new DnsSuite.Protocol.Wire.DnsReader(wire);
        reader.TryReadBytes(parsed.TsigOffset, out _).ShouldBeTrue();
        ResourceRecord.TryRead(ref reader, out ResourceRecord? tsig).ShouldBeTrue(reader.Error);
        tsig.ShouldBe(signed.Additional[^1]);
        reader.Remaining.ShouldBe(0);
    }

    [Test]
    public void Tsig_BeforeAnotherRecord_IsRejected()
    {
        Message signed = new() { Id = 1, Additional = { Tsig(1), Rr("a.example. 1 IN A 192.0.2.1") } };
        ParseError(signed.ToArray()).ShouldBe("additional record 1: TSIG record is not the last record");
    }

    [Test]
    public void TwoOptRecords_AreRejected()
    {
        Message twice = new() { Edns = new Edns(), Additional = { new ResourceRecord(DomainName.Root, (RecordClass)1232, 0, new UnknownRdata(RecordType.OPT, [])) } };
        ParseError(twice.ToArray()).ShouldBe("additional record 2: more than one OPT record");
    }

    [Test]
    public void Opt_NotOwnedByTheRoot_IsRejected()
    {
        Message misplaced = new() { Additional = { new ResourceRecord(DomainName.Parse("example."), (RecordClass)1232, 0, new UnknownRdata(RecordType.OPT, [])) } };
        ParseError(misplaced.ToArray()).ShouldBe("additional record 1: OPT record not owned by the root");
    }

    [Test]
    public void Opt_WithATruncatedOption_IsRejected()
    {
        Message query = Message.CreateQuery(DomainName.Root, RecordType.NS, 1, new Edns(1232, 0, false, [new EdnsOption(10, [1, 2, 3])]));
        byte[] wire = query.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(wire.AsSpan(wire.Length - 5), 4); // the option claims 4 octets, 3 are there
        ParseError(wire).ShouldStartWith("additional record 1: ");
    }

    [Test]
    public void TrailingOctets_AreRejected()
    {
        byte[] wire = [.. FullResponse().ToArray(), 0];
        ParseError(wire).ShouldBe("1 octets after the last record");
    }

    [TestCase(4, 1)]
    [TestCase(6, 1)]
    [TestCase(8, 1)]
    [TestCase(10, 1)]
    [TestCase(4, 0xFFFF)]
    [TestCase(10, 0xFFFF)]
    public void HeaderCount_LargerThanTheContent_IsRejected(int countOffset, int extra)
    {
        byte[] wire = FullResponse().ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(wire.AsSpan(countOffset), (ushort)Math.Min(0xFFFF, BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(countOffset)) + extra));
        ParseError(wire).ShouldNotBeNullOrEmpty();
    }

    [Test]
    public void AdditionalCount_OneMoreThanTheRecords_NamesTheMissingRecord()
    {
        byte[] wire = FullResponse().ToArray();
        wire[11]++;
        ParseError(wire).ShouldBe("additional record 3: truncated name");
    }

    [Test]
    public void HeaderCount_SmallerThanTheContent_LeavesTrailingOctets()
    {
        byte[] wire = FullResponse().ToArray();
        wire[7]--;
        ParseError(wire).ShouldEndWith("octets after the last record");
    }

    [TestCase(0)]
    [TestCase(11)]
    public void ShorterThanAHeader_IsRejected(int length)
    {
        ParseError(new byte[length]).ShouldBe($"message of {length} octets is shorter than the 12-octet header");
    }

    [Test]
    public void EveryTruncation_IsRejectedWithoutThrowing()
    {
        Message signed = FullResponse();
        signed.Additional.Add(Tsig(0x1234));
        byte[] wire = signed.ToArray();
        for (int length = 0; length < wire.Length; length++)
        {
            Message.TryParse(wire.AsSpan(0, length), out _, out string? error).ShouldBeFalse($"length {length}");
            error.ShouldNotBeNullOrEmpty();
        }
    }

    [Test]
    public void WriteTo_BufferTooSmall_ReturnsMinusOne()
    {
        Message response = FullResponse();
        int length = response.ToArray().Length;
        byte[] buffer = new byte[length];
        response.WriteTo(buffer, new DnsSuite.Protocol.Wire.CompressionTable()).ShouldBe(length);
        response.WriteTo(buffer.AsSpan(0, length - 1), new DnsSuite.Protocol.Wire.CompressionTable()).ShouldBe(-1);
        response.WriteTo(new byte[5]).ShouldBe(-1);
    }

    [Test]
    public void UpdateDeletions_WithEmptyRdataInClassesAnyAndNone_RoundTrip()
    {
        Message update = new()
        {
            Id = 3,
            OpCode = OpCode.Update,
            Questions = { new Question(DomainName.Parse("example."), RecordType.SOA) },
            Authority =
            {
                new ResourceRecord(DomainName.Parse("a.example."), RecordClass.ANY, 0, new UnknownRdata(RecordType.ANY, [])),
                new ResourceRecord(DomainName.Parse("b.example."), RecordClass.ANY, 0, new UnknownRdata(RecordType.A, [])),
                Rr("c.example. 0 NONE A 192.0.2.1"),
            },
        };
        MessageText.Describe(Parse(update.ToArray())).ShouldBe(MessageText.Describe(update));
    }
}
