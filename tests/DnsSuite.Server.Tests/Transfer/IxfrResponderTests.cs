using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones;

namespace DnsSuite.Server.Tests.Transfer;

public class IxfrResponderTests
{
    [TestCase(3u)]
    [TestCase(4u)]
    public async Task Ixfr_ClientUpToDateOrAhead_GetsTheCurrentSoaAlone(uint clientSerial)
    {
        using var harness = new TransferHarness();
        harness.Publish(["a 300 IN A 192.0.2.1"]);
        harness.Publish(["b 300 IN A 192.0.2.2"]);

        List<Message> messages = await harness.SendAsync(TransferHarness.IxfrRequest(clientSerial));

        ResourceRecord soa = messages.Single().Answers.Single();
        ((SoaRdata)soa.Data).Serial.ShouldBe(3u);
    }

    [Test]
    public async Task Ixfr_HistoryCoversTheClient_DiffAppliedToTheOldVersionYieldsTheCurrentOne()
    {
        using var harness = new TransferHarness(null, "old 300 IN A 192.0.2.7", "gone 300 IN TXT \"bye\"");
        ZoneVersion clientVersion = harness.Zone.Current;
        harness.Publish(["a 300 IN A 192.0.2.1", "tmp 300 IN A 192.0.2.50"]);
        harness.Publish(["b 300 IN AAAA 2001:db8::2", "old 600 IN A 192.0.2.7"], ["gone 300 IN TXT \"bye\""]);
        harness.Publish(["c 300 IN MX 10 mail"], ["tmp 300 IN A 192.0.2.50"]);

        List<Message> messages = await harness.SendAsync(TransferHarness.IxfrRequest(1));

        List<ResourceRecord> records = [.. messages.SelectMany(message => message.Answers)];
        Serials(records).ShouldBe([4u, 1u, 4u, 4u], "current, condensed from, condensed to, current");
        records.ShouldNotContain(record => record.Name.ToString() == "tmp.example.com.", "added and removed within the span");
        ZoneVersion applied = Apply(clientVersion, records);
        applied.EnumerateRecords().ShouldBe(harness.Zone.Current.EnumerateRecords());
    }

    [Test]
    public async Task Ixfr_HistoryMissing_FallsBackToAxfr()
    {
        using var harness = new TransferHarness(null, "x 300 IN A 192.0.2.1");
        harness.Publish(["a 300 IN A 192.0.2.1"]);
        harness.Zone.Journal.Clear();

        List<Message> messages = await harness.SendAsync(TransferHarness.IxfrRequest(1));

        List<ResourceRecord> records = [.. messages.SelectMany(message => message.Answers)];
        messages[0].Question!.Type.ShouldBe(RecordType.IXFR);
        records[0].Type.ShouldBe(RecordType.SOA);
        records[1].Type.ShouldNotBe(RecordType.SOA, "AXFR format: the SOA is followed by the zone's records");
        records.SkipLast(1).ShouldBe(harness.Zone.Current.EnumerateRecords(), ignoreOrder: true);
    }

    [Test]
    public async Task Ixfr_WithoutSoaInAuthority_IsFormErr()
    {
        using var harness = new TransferHarness();

        List<Message> messages = await harness.SendAsync(Message.CreateQuery(TransferHarness.Origin, RecordType.IXFR, 9));

        messages.Single().ResponseCode.ShouldBe(ResponseCode.FormErr);
    }

    [Test]
    public async Task Ixfr_ClientSoaOfAnotherClass_IsFormErr()
    {
        using var harness = new TransferHarness();
        Message request = Message.CreateQuery(TransferHarness.Origin, RecordType.IXFR, 9);
        ResourceRecord soa = TransferHarness.IxfrRequest(1).Authority.Single();
        request.Authority.Add(new ResourceRecord(soa.Name, RecordClass.CH, soa.Ttl, soa.Data));

        List<Message> messages = await harness.SendAsync(request);

        messages.Single().ResponseCode.ShouldBe(ResponseCode.FormErr);
    }

    [Test]
    public async Task IxfrOverUdp_SmallDiff_IsAnsweredInOneDatagram()
    {
        using var harness = new TransferHarness();
        harness.Publish(["a 300 IN A 192.0.2.1"]);

        List<Message> messages = await harness.SendAsync(TransferHarness.IxfrRequest(1), DnsTransport.Udp);

        Serials(messages.Single().Answers).ShouldBe([2u, 1u, 2u, 2u]);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task IxfrOverUdp_AnswerTooLargeOrHistoryMissing_IsTheCurrentSoaAlone(bool historyMissing)
    {
        using var harness = new TransferHarness();
        harness.Publish([.. Enumerable.Range(0, 100).Select(i => $"h{i} 300 IN A 192.0.2.{i}")]);
        if (historyMissing)
        {
            harness.Zone.Journal.Clear();
        }

        Message request = TransferHarness.IxfrRequest(historyMissing ? 0u : 1u);
        List<Message> messages = await harness.SendAsync(request, DnsTransport.Udp);

        ResourceRecord soa = messages.Single().Answers.Single();
        ((SoaRdata)soa.Data).Serial.ShouldBe(2u, "RFC 1995 §2: the single SOA tells the client to use TCP");
    }

    private static uint[] Serials(IEnumerable<ResourceRecord> records) => [.. records.Select(record => record.Data).OfType<SoaRdata>().Select(soa => soa.Serial)];

    /// <summary>Applies an IXFR answer (RFC 1995 §4: current SOA, then per difference old SOA, deletions, new SOA, additions, then the current SOA).</summary>
    private static ZoneVersion Apply(ZoneVersion basis, List<ResourceRecord> records)
    {
        ((SoaRdata)records[0].Data).Serial.ShouldNotBe(basis.Serial);
        ZoneVersion version = basis;
        int i = 1;
        while (i < records.Count - 1)
        {
            ((SoaRdata)records[i].Data).Serial.ShouldBe(version.Serial);
            var transaction = new ZoneTransaction(version);
            for (i++; records[i].Type != RecordType.SOA; i++)
            {
                transaction.Remove(records[i]).ShouldBeTrue($"{records[i]} is in the old version");
            }

            uint serial = ((SoaRdata)records[i].Data).Serial;
            for (i++; records[i].Type != RecordType.SOA; i++)
            {
                transaction.Add(records[i]).ShouldBeTrue($"{records[i]} is new");
            }

            version = transaction.Commit(serial).Version;
        }

        version.Serial.ShouldBe(((SoaRdata)records[^1].Data).Serial);
        return version;
    }
}
