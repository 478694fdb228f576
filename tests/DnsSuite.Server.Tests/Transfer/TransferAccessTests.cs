using System.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Query;
using DnsSuite.Server.Transfer;
using DnsSuite.Zones.Policies;

namespace DnsSuite.Server.Tests.Transfer;

public class TransferAccessTests
{
    private static readonly IPEndPoint Inside = new(IPAddress.Parse("10.1.2.3"), 4000);
    private static readonly IPEndPoint Outside = new(IPAddress.Parse("192.0.2.200"), 4000);

    [TestCase("10.0.0.0/8", "10.1.2.3", true)]
    [TestCase("10.0.0.0/8", "11.1.2.3", false)]
    [TestCase("::1", "::1", true)]
    [TestCase("127.0.0.1", "::ffff:127.0.0.1", true)]
    [TestCase("key:xfr-key.", "10.1.2.3", false)]
    public void AccessList_MatchesAddresses(string entry, string address, bool allowed) =>
        AccessList.Parse([entry]).Allows(IPAddress.Parse(address), null).ShouldBe(allowed);

    [Test]
    public void AccessList_InvalidEntry_IsRejectedByName() =>
        Should.Throw<FormatException>(() => AccessList.Parse(["10.0.0.0/33"])).Message.ShouldContain("10.0.0.0/33");

    [Test]
    public async Task Axfr_NothingConfigured_IsRefused()
    {
        using var harness = new TransferHarness(new TransferOptions());

        (await harness.SendAsync(TransferHarness.AxfrRequest())).Single().ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public async Task Axfr_ByCidr_AllowsInsideAndRefusesOutside()
    {
        using var harness = new TransferHarness(new TransferOptions { AllowTransfer = ["10.0.0.0/8"] });

        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Inside)).Single().ResponseCode.ShouldBe(ResponseCode.NoError);
        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Outside)).Single().ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public async Task Axfr_PerZoneList_ReplacesTheGlobalOne()
    {
        var options = new TransferOptions
        {
            AllowTransfer = ["10.0.0.0/8"],
            Zones = { ["example.com."] = new ZoneTransferOptions { AllowTransfer = ["192.0.2.0/24"] } },
        };
        using var harness = new TransferHarness(options);

        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Inside)).Single().ResponseCode.ShouldBe(ResponseCode.Refused);
        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Outside)).Single().ResponseCode.ShouldBe(ResponseCode.NoError);
    }

    [Test]
    public async Task Axfr_KeyRequired_SignedWithTheKeyStreamsEveryMessageSigned()
    {
        string[] records = [.. Enumerable.Range(0, 3000).Select(i => $"host{i} 300 IN TXT \"padding padding padding padding padding {i}\"")];
        using var harness = new TransferHarness(new TransferOptions { AllowTransfer = ["key:xfr-key."] }, records);
        byte[] request = TsigSigner.SignRequest(TransferHarness.AxfrRequest().ToArray(), TransferHarness.Key, DateTimeOffset.UtcNow, out TsigState state);

        List<byte[]> messages = await harness.SendAsync(request, remote: Outside);

        messages.Count.ShouldBeGreaterThan(1);
        using var verifier = new TsigStreamVerifier(state);
        foreach (byte[] message in messages)
        {
            TsigVerifyResult result = verifier.Verify(message, DateTimeOffset.UtcNow);
            result.IsVerified.ShouldBeTrue(result.ToString());
            result.Record.ShouldNotBeNull("every message is signed");
        }

        verifier.Complete().IsVerified.ShouldBeTrue();
        TransferHarness.Parse(messages[^1]).Answers[^1].Type.ShouldBe(RecordType.SOA);
    }

    [Test]
    public async Task Axfr_KeyRequired_UnsignedIsRefused()
    {
        using var harness = new TransferHarness(new TransferOptions { AllowTransfer = ["key:xfr-key."] });

        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Inside)).Single().ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public async Task Axfr_SignedWithAWrongSecret_IsNotAuthBadSig()
    {
        using var harness = new TransferHarness(new TransferOptions { AllowTransfer = ["key:xfr-key."] });
        var forged = new TsigKey(TransferHarness.Key.Name, TsigAlgorithm.HmacSha256, new byte[32]);
        byte[] request = TsigSigner.SignRequest(TransferHarness.AxfrRequest().ToArray(), forged, DateTimeOffset.UtcNow, out _);

        Message response = TransferHarness.Parse((await harness.SendAsync(request)).Single());

        response.ResponseCode.ShouldBe(ResponseCode.NotAuth);
        var tsig = (TsigRdata)response.Additional[^1].Data;
        tsig.Error.ShouldBe(ResponseCode.BadSig);
    }

    [Test]
    public async Task Axfr_SignedWithAnUnknownKey_IsNotAuthBadKey()
    {
        using var harness = new TransferHarness(new TransferOptions { AllowTransfer = ["key:xfr-key."] });
        var unknown = new TsigKey(DomainName.Parse("other-key."), TsigAlgorithm.HmacSha256, new byte[32]);
        byte[] request = TsigSigner.SignRequest(TransferHarness.AxfrRequest().ToArray(), unknown, DateTimeOffset.UtcNow, out _);

        Message response = TransferHarness.Parse((await harness.SendAsync(request)).Single());

        response.ResponseCode.ShouldBe(ResponseCode.NotAuth);
        ((TsigRdata)response.Additional[^1].Data).Error.ShouldBe(ResponseCode.BadKey);
    }

    [Test]
    public async Task SoaQuery_SignedWithTheKey_IsAnsweredAndSigned()
    {
        using var harness = new TransferHarness(new TransferOptions { AllowTransfer = ["key:xfr-key."] });
        byte[] request = TsigSigner.SignRequest(Message.CreateQuery(TransferHarness.Origin, RecordType.SOA, 5).ToArray(), TransferHarness.Key, DateTimeOffset.UtcNow, out TsigState state);

        byte[] wire = (await harness.SendAsync(request, DnsSuite.Net.DnsTransport.Udp)).Single();

        TsigSigner.VerifyResponse(wire, state, DateTimeOffset.UtcNow).IsVerified.ShouldBeTrue();
        Message response = TransferHarness.Parse(wire);
        response.ResponseCode.ShouldBe(ResponseCode.NoError);
        response.Answers.Single().Type.ShouldBe(RecordType.SOA);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task SignedUdpAnswer_ThatTheTsigWouldPushPastTheLimit_IsQuestionAndTsigWithTc(bool edns)
    {
        // An RRset whose unsigned answer fits the client's limit (512, or 600 with EDNS) only without the TSIG.
        int limit = edns ? 600 : 512;
        (TransferHarness harness, int unsignedLength) = HarnessWithAnswerJustUnder(limit, edns);
        using (harness)
        {
            unsignedLength.ShouldBeInRange(limit - 60, limit);
            byte[] request = TsigSigner.SignRequest(BigQuery(edns, limit).ToArray(), TransferHarness.Key, DateTimeOffset.UtcNow, out TsigState state);

            byte[] wire = (await harness.SendAsync(request, DnsSuite.Net.DnsTransport.Udp)).Single();

            wire.Length.ShouldBeLessThanOrEqualTo(limit);
            TsigSigner.VerifyResponse(wire, state, DateTimeOffset.UtcNow).IsVerified.ShouldBeTrue();
            Message response = TransferHarness.Parse(wire);
            response.Flags.HasFlag(HeaderFlags.TC).ShouldBeTrue();
            response.ResponseCode.ShouldBe(ResponseCode.NoError);
            response.Questions.Single().Name.ShouldBe(DomainName.Parse("big.example.com."));
            response.Answers.ShouldBeEmpty();

            byte[] overTcp = (await harness.SendAsync(request, DnsSuite.Net.DnsTransport.Tcp)).Single();
            TsigSigner.VerifyResponse(overTcp, state, DateTimeOffset.UtcNow).IsVerified.ShouldBeTrue();
            TransferHarness.Parse(overTcp).Answers.Count.ShouldBeGreaterThan(1, "over TCP the whole RRset comes signed");
        }
    }

    private static Message BigQuery(bool edns, int limit)
    {
        Message query = Message.CreateQuery(DomainName.Parse("big.example.com."), RecordType.TXT, 9);
        if (edns)
        {
            query.Edns = new Edns { UdpPayloadSize = (ushort)limit };
        }

        return query;
    }

    private static (TransferHarness Harness, int UnsignedLength) HarnessWithAnswerJustUnder(int limit, bool edns)
    {
        for (int count = 1; ; count++)
        {
            var harness = new TransferHarness(null, [.. Enumerable.Range(0, count).Select(i => $"big 300 IN TXT \"{i:D2}-{new string('x', 36)}\"")]);
            byte[] response = new byte[ushort.MaxValue];
            int length = new QueryEngine(harness.Zones, new QueryEngineOptions()).Answer(BigQuery(edns, limit).ToArray(), response, DnsSuite.Net.DnsTransport.Udp);
            if (length + 60 > limit || count == 40)
            {
                return (harness, length);
            }

            harness.Dispose();
        }
    }
}
