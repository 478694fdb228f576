using System.Buffers.Binary;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Server.Query;
using DnsSuite.TestSupport.Zones;
using DnsSuite.Zones;

namespace DnsSuite.Server.Tests.Query;

[TestFixture]
public class QueryEngineProtocolTests
{
    private readonly QueryEngineHarness _harness = new();

    [Test]
    public void Query_EchoesQuestionCaseAndOwnerCase()
    {
        byte[] query = QueryEngineHarness.Query("WwW.ExAmPlE.CoM.", RecordType.A);

        (_, byte[] response) = _harness.AnswerRaw(query);
        Message.TryParse(response, out Message? message, out _).ShouldBeTrue();

        response.AsSpan(12, 17).ToArray().ShouldBe(query.AsSpan(12, 17).ToArray());
        message.Id.ShouldBe((ushort)4242);
        message.Question!.Name.ToString().ShouldBe("WwW.ExAmPlE.CoM.");
        message.Answers.Count.ShouldBe(2);
        message.Answers.ShouldAllBe(r => r.Name.ToString() == "WwW.ExAmPlE.CoM.");
    }

    [Test]
    public void Query_CopiesRdAndCd_AndNeverSetsRa()
    {
        byte[] query = QueryEngineHarness.Query("www.example.com.", RecordType.A);
        query[2] |= 0x01; // RD
        query[3] |= 0x10; // CD

        Message response = _harness.Ask(query);

        response.Flags.ShouldBe(HeaderFlags.QR | HeaderFlags.AA | HeaderFlags.RD | HeaderFlags.CD);
    }

    [Test]
    public void Edns_WhenQueryHasOpt_EchoesOptWithOurPayloadSizeAndDoBit()
    {
        Message response = _harness.Ask("www.example.com.", RecordType.A, new Edns(UdpPayloadSize: 4096, DnssecOk: true));

        response.Edns.ShouldNotBeNull();
        response.Edns.UdpPayloadSize.ShouldBe((ushort)1232);
        response.Edns.Version.ShouldBe((byte)0);
        response.Edns.DnssecOk.ShouldBeTrue();
        response.Answers.Count.ShouldBe(2);
    }

    [Test]
    public void Edns_WhenQueryHasNoOpt_AnswersWithoutOpt()
    {
        Message response = _harness.Ask("www.example.com.", RecordType.A);

        response.Edns.ShouldBeNull();
    }

    [Test]
    public void Edns_UnknownVersion_AnswersBadVersWithOpt()
    {
        Message response = _harness.Ask("www.example.com.", RecordType.A, new Edns(Version: 1));

        response.ResponseCode.ShouldBe(ResponseCode.BadVers);
        response.Edns.ShouldNotBeNull();
        response.Edns.Version.ShouldBe((byte)0);
        response.Answers.ShouldBeEmpty();
        response.Flags.HasFlag(HeaderFlags.AA).ShouldBeFalse();
    }

    [Test]
    public void Truncation_WithoutEdns_SetsTcWithinFiveHundredTwelveOctets()
    {
        (int length, byte[] raw) = _harness.AnswerRaw(QueryEngineHarness.Query("big.example.com.", RecordType.TXT));

        length.ShouldBeLessThanOrEqualTo(512);
        Message.TryParse(raw, out Message? response, out string? error).ShouldBeTrue(error);
        response.Flags.HasFlag(HeaderFlags.TC).ShouldBeTrue();
        response.Answers.ShouldBeEmpty("the only RRset does not fit whole");
        response.Question!.Name.ToString().ShouldBe("big.example.com.");
    }

    [Test]
    public void Truncation_WithSmallEdnsPayload_KeepsTheOpt()
    {
        (int length, byte[] raw) = _harness.AnswerRaw(QueryEngineHarness.Query("big.example.com.", RecordType.TXT, new Edns(UdpPayloadSize: 600)));

        length.ShouldBeLessThanOrEqualTo(600);
        Message.TryParse(raw, out Message? response, out string? error).ShouldBeTrue(error);
        response.Flags.HasFlag(HeaderFlags.TC).ShouldBeTrue();
        response.Edns.ShouldNotBeNull();
    }

    [Test]
    public void Truncation_ClientPayloadBelow512_IsRaisedTo512()
    {
        (int length, byte[] raw) = _harness.AnswerRaw(QueryEngineHarness.Query("manymx.example.com.", RecordType.MX, new Edns(UdpPayloadSize: 100)));

        Message.TryParse(raw, out Message? response, out _).ShouldBeTrue();
        length.ShouldBeGreaterThan(100);
        length.ShouldBeLessThanOrEqualTo(512);
        response.Answers.Count.ShouldBe(4);
    }

    [Test]
    public void Truncation_OverTcp_DoesNotApply()
    {
        Message response = _harness.Ask(QueryEngineHarness.Query("big.example.com.", RecordType.TXT), DnsTransport.Tcp);

        response.Flags.HasFlag(HeaderFlags.TC).ShouldBeFalse();
        response.Answers.Count.ShouldBe(4);
    }

    [Test]
    public void Truncation_OfAdditionalOnly_DropsWholeRRsetsWithoutTc()
    {
        (int length, byte[] raw) = _harness.AnswerRaw(QueryEngineHarness.Query("manymx.example.com.", RecordType.MX));
        Message.TryParse(raw, out Message? response, out _).ShouldBeTrue();
        Message full = _harness.Ask(QueryEngineHarness.Query("manymx.example.com.", RecordType.MX), DnsTransport.Tcp);

        length.ShouldBeLessThanOrEqualTo(512);
        response.Flags.HasFlag(HeaderFlags.TC).ShouldBeFalse();
        response.Answers.Count.ShouldBe(4);
        full.Additional.Count.ShouldBe(24);
        response.Additional.Count.ShouldBeLessThan(24);
        (response.Additional.Count % 6).ShouldBe(0, "each target's AAAA RRset (6 records) is kept or dropped whole");
    }

    [Test]
    public void Query_OutsideEveryZone_IsRefusedWithoutAa()
    {
        Message response = _harness.Ask("www.example.org.", RecordType.A);

        response.ResponseCode.ShouldBe(ResponseCode.Refused);
        response.Flags.HasFlag(HeaderFlags.AA).ShouldBeFalse();
        response.Answers.ShouldBeEmpty();
    }

    [TestCase(RecordClass.HS)]
    [TestCase(RecordClass.ANY)]
    public void Query_OtherClass_IsRefused(RecordClass @class)
    {
        Message response = _harness.Ask(QueryEngineHarness.Query("www.example.com.", RecordType.A, @class: @class));

        response.ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public void Query_InAZoneAwaitingData_IsServFailWithoutAa_ThenAnsweredOnceServed_AndRefusedOnceRemoved()
    {
        ZoneTable table = QueryTestZones.CreateTable();
        var harness = new QueryEngineHarness(zones: table);
        DomainName origin = DomainName.Parse("example.org.");
        var zone = new Zone(origin);
        table.AddOrReplace(zone);

        Message waiting = harness.Ask("www.example.org.", RecordType.A);
        waiting.ResponseCode.ShouldBe(ResponseCode.ServFail);
        waiting.Flags.HasFlag(HeaderFlags.AA).ShouldBeFalse();
        harness.Ask("example.org.", RecordType.SOA).ResponseCode.ShouldBe(ResponseCode.ServFail);

        zone.Commit(ZoneVersion.Create(origin, ZoneFileReader.Read("@ 3600 IN SOA ns1 admin 1 100 50 1000 60\n@ 3600 IN NS ns1\nwww 3600 IN A 192.0.2.10\n", origin)), []);
        Message served = harness.Ask("www.example.org.", RecordType.A);
        served.ResponseCode.ShouldBe(ResponseCode.NoError);
        served.Flags.HasFlag(HeaderFlags.AA).ShouldBeTrue();
        served.Answers.Count.ShouldBe(1);

        table.Remove(origin).ShouldBeTrue();
        harness.Ask("www.example.org.", RecordType.A).ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public void Query_BelowAServedZone_InAChildZoneAwaitingData_IsServFail_AndTheParentStillAnswers()
    {
        ZoneTable table = QueryTestZones.CreateTable();
        var harness = new QueryEngineHarness(zones: table);
        table.AddOrReplace(new Zone(DomainName.Parse("pending.example.com.")));

        harness.Ask("www.pending.example.com.", RecordType.A).ResponseCode.ShouldBe(ResponseCode.ServFail);
        table.TryFind(DomainName.Parse("www.pending.example.com."), out _).ShouldBeFalse("the closest zone has no data");
        table.TryGet(DomainName.Parse("pending.example.com."), out _).ShouldBeFalse();
        table.Zones.ShouldNotContain(zone => zone.Origin == DomainName.Parse("pending.example.com."));
        Message parent = harness.Ask("www.example.com.", RecordType.A);
        parent.ResponseCode.ShouldBe(ResponseCode.NoError);
        parent.Flags.HasFlag(HeaderFlags.AA).ShouldBeTrue();
    }

    [Test]
    public void AddOrReplace_OfTheZoneItServes_LeavesItServed()
    {
        ZoneTable table = QueryTestZones.CreateTable();
        table.TryGet(DomainName.Parse("example.com."), out Zone? served).ShouldBeTrue();
        table.AddOrReplace(served);

        table.IsAwaitingData(DomainName.Parse("example.com.")).ShouldBeFalse();
        new QueryEngineHarness(zones: table).Ask("www.example.com.", RecordType.A).ResponseCode.ShouldBe(ResponseCode.NoError);
    }

    [Test]
    public void Dname_WhenSubstitutionExceeds255Octets_AnswersYxDomain()
    {
        DomainName origin = DomainName.Parse("long.test.");
        string label = new('t', 63);
        var zones = new ZoneTable();
        zones.AddOrReplace(new Zone(ZoneVersion.Create(origin, ZoneFileReader.Read($"""
            @ 300 SOA ns hostmaster 1 2 3 4 5
            @ 300 NS ns
            ns 300 A 192.0.2.1
            d 300 DNAME {label}.{label}.{label}.long.test.
            """, origin))));
        var harness = new QueryEngineHarness(zones: zones);

        Message response = harness.Ask($"{new string('x', 60)}.d.long.test.", RecordType.A);

        response.ResponseCode.ShouldBe(ResponseCode.YXDomain);
        QueryEngineHarness.Lines(response.Answers).ShouldBe([ResourceRecord.Parse($"d.long.test. 300 IN DNAME {label}.{label}.{label}.long.test.").ToString()]);
    }

    [TestCase(OpCode.IQuery)]
    [TestCase(OpCode.Status)]
    [TestCase(OpCode.DSO)]
    public void Opcode_NotImplemented_AnswersNotImp(OpCode opCode)
    {
        byte[] query = QueryEngineHarness.Query("www.example.com.", RecordType.A);
        query[2] = (byte)((query[2] & 0x87) | ((int)opCode << 3));

        (_, byte[] raw) = _harness.AnswerRaw(query);
        Message.TryParse(raw, out Message? response, out _).ShouldBeTrue();

        response.ResponseCode.ShouldBe(ResponseCode.NotImp);
        response.OpCode.ShouldBe(opCode);
        response.Id.ShouldBe((ushort)4242);
        response.IsResponse.ShouldBeTrue();
    }

    [TestCase(OpCode.Notify, RecordType.SOA)]
    [TestCase(OpCode.Update, RecordType.SOA)]
    [TestCase(OpCode.Query, RecordType.AXFR)]
    [TestCase(OpCode.Query, RecordType.IXFR)]
    public void SlowPathRequests_ReturnMinusOne(OpCode opCode, RecordType type)
    {
        byte[] query = QueryEngineHarness.Query("example.com.", type);
        query[2] = (byte)((query[2] & 0x87) | ((int)opCode << 3));

        _harness.AnswerRaw(query).Result.ShouldBe(QueryEngine.NeedsSlowPath);
    }

    [Test]
    public void TsigSignedQuery_ReturnsMinusOne()
    {
        _harness.AnswerRaw(QueryEngineHarness.TsigSignedQuery("www.example.com.", RecordType.A, 7)).Result.ShouldBe(QueryEngine.NeedsSlowPath);
    }

    [Test]
    public void Malformed_TwoQuestions_AnswersFormErr()
    {
        var message = Message.CreateQuery(DomainName.Parse("www.example.com."), RecordType.A, 9);
        message.Questions.Add(new Question(DomainName.Parse("mail.example.com."), RecordType.A));

        (_, byte[] raw) = _harness.AnswerRaw(message.ToArray());
        Message.TryParse(raw, out Message? response, out _).ShouldBeTrue();

        response.ResponseCode.ShouldBe(ResponseCode.FormErr);
        response.Id.ShouldBe((ushort)9);
    }

    [Test]
    public void Malformed_TruncatedQuestion_AnswersFormErr()
    {
        byte[] query = QueryEngineHarness.Query("www.example.com.", RecordType.A);

        (_, byte[] raw) = _harness.AnswerRaw(query.AsSpan(0, query.Length - 3));
        Message.TryParse(raw, out Message? response, out _).ShouldBeTrue();

        response.ResponseCode.ShouldBe(ResponseCode.FormErr);
    }

    [Test]
    public void Malformed_TwoOptRecords_AnswersFormErr()
    {
        byte[] query = QueryEngineHarness.Query("www.example.com.", RecordType.A, new Edns());
        byte[] twice = [.. query, .. query.AsSpan(query.Length - 11)];
        BinaryPrimitives.WriteUInt16BigEndian(twice.AsSpan(10), 2);

        (_, byte[] raw) = _harness.AnswerRaw(twice);
        Message.TryParse(raw, out Message? response, out _).ShouldBeTrue();

        response.ResponseCode.ShouldBe(ResponseCode.FormErr);
    }

    [Test]
    public void Malformed_ShorterThanHeader_IsDropped()
    {
        _harness.AnswerRaw(new byte[11]).Result.ShouldBe(0);
    }

    [Test]
    public void Response_IsNeverAnswered()
    {
        byte[] query = QueryEngineHarness.Query("www.example.com.", RecordType.A);
        query[2] |= 0x80;

        _harness.AnswerRaw(query).Result.ShouldBe(0);
    }

    [TestCase("version.bind.", "DnsSuite 1.0")]
    [TestCase("VERSION.server.", "DnsSuite 1.0")]
    [TestCase("id.server.", "ns-a")]
    [TestCase("hostname.bind.", "ns-a")]
    public void Chaos_WhenConfigured_AnswersTxt(string name, string expected)
    {
        var harness = new QueryEngineHarness(new QueryEngineOptions { ChaosVersion = "DnsSuite 1.0", ChaosId = "ns-a" });

        Message response = harness.Ask(QueryEngineHarness.Query(name, RecordType.TXT, @class: RecordClass.CH));

        response.ResponseCode.ShouldBe(ResponseCode.NoError);
        response.Answers.Count.ShouldBe(1);
        response.Answers[0].Class.ShouldBe(RecordClass.CH);
        response.Answers[0].Name.ToString().ShouldBe(name);
        response.Answers[0].Data.ToString().ShouldBe($"\"{expected}\"");
    }

    [TestCase("version.bind.")]
    [TestCase("id.server.")]
    [TestCase("other.bind.")]
    public void Chaos_ByDefault_IsRefused(string name)
    {
        Message response = _harness.Ask(QueryEngineHarness.Query(name, RecordType.TXT, @class: RecordClass.CH));

        response.ResponseCode.ShouldBe(ResponseCode.Refused);
        response.Answers.ShouldBeEmpty();
    }

    [Test]
    public void Options_PayloadOutOfRange_IsRejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new QueryEngine(new ZoneTable(), new QueryEngineOptions { MaxUdpPayload = 100 }));
    }

    [Test]
    public void Answer_AfterWarmUp_DoesNotAllocate()
    {
        byte[][] queries =
        [
            QueryEngineHarness.Query("www.example.com.", RecordType.A, new Edns()),
            QueryEngineHarness.Query("nothere.example.com.", RecordType.A),
            QueryEngineHarness.Query("chain1.example.com.", RecordType.AAAA),
            QueryEngineHarness.Query("a.wild.example.com.", RecordType.MX, new Edns()),
            QueryEngineHarness.Query("host.sub.example.com.", RecordType.A),
            QueryEngineHarness.Query("x.indn.example.com.", RecordType.A),
            QueryEngineHarness.Query("big.example.com.", RecordType.TXT),
            QueryEngineHarness.Query("www.example.org.", RecordType.A),
        ];
        var buffer = new byte[ushort.MaxValue];
        QueryEngine engine = _harness.Engine;
        foreach (byte[] query in queries)
        {
            engine.Answer(query, buffer, DnsTransport.Udp).ShouldBeGreaterThan(0);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 10_000; i++)
        {
            total += engine.Answer(queries[i % queries.Length], buffer, DnsTransport.Udp);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        total.ShouldBeGreaterThan(0);
        allocated.ShouldBe(0);
    }
}
