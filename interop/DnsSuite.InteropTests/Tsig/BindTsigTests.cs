using System.Text;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.InteropTests.Tsig;

/// <summary>
/// Our TSIG against BIND 9: BIND verifies what we sign, and we verify what BIND signs, for single
/// answers over UDP and for a multi-message AXFR over TCP. Keys come from tsig-keygen.
/// </summary>
[TestFixture]
[Category("Interop")]
public class BindTsigTests
{
    private const string Apex = "example.com.";

    [TestCase("hmac-sha256")]
    [TestCase("hmac-sha512")]
    [TestCase("hmac-sha224")]
    [TestCase("hmac-md5")]
    [TestCase("hmac-sha1")]
    [TestCase("hmac-sha384")]
    public async Task SignedQuery_BindVerifiesIt_AndWeVerifyBindsSignedAnswer(string algorithm)
    {
        using var dir = new TempDir("tsig-interop");
        TsigKey key = await GenerateKeyAsync(dir, algorithm, "query-key");
        using BindServer bind = await StartBindAsync(dir, key, ZoneText());

        byte[] signed = TsigSigner.SignRequest(Query("www.example.com.", RecordType.A, 0x4242), key, DateTimeOffset.UtcNow, out TsigState state);
        byte[] answer = await RawDns.UdpExchangeAsync(bind.EndPoint, signed);

        TsigVerifyResult verified = TsigSigner.VerifyResponse(answer, state, DateTimeOffset.UtcNow);
        verified.Status.ShouldBe(TsigStatus.Verified, $"{verified}\n{bind.Log}");
        verified.Record!.Error.ShouldBe(ResponseCode.NoError);
        verified.Record.Mac.Length.ShouldBe(key.Algorithm.HashSize);
        Message response = Parse(answer);
        response.ResponseCode.ShouldBe(ResponseCode.NoError);
        response.Answers.ShouldHaveSingleItem().Data.ToString().ShouldBe("192.0.2.1");
    }

    [Test]
    public async Task UnsignedQuery_IsRefused_AndQueryWithUnknownKey_GetsUnsignedBadKey()
    {
        using var dir = new TempDir("tsig-interop");
        TsigKey key = await GenerateKeyAsync(dir, "hmac-sha256", "query-key");
        using BindServer bind = await StartBindAsync(dir, key, ZoneText());

        Parse(await RawDns.UdpExchangeAsync(bind.EndPoint, Query("www.example.com.", RecordType.A, 7))).ResponseCode.ShouldBe(ResponseCode.Refused);

        var stranger = new TsigKey(DomainName.Parse("stranger."), TsigAlgorithm.HmacSha256, key.Secret.ToArray());
        byte[] signed = TsigSigner.SignRequest(Query("www.example.com.", RecordType.A, 8), stranger, DateTimeOffset.UtcNow, out TsigState state);
        byte[] answer = await RawDns.UdpExchangeAsync(bind.EndPoint, signed);

        Parse(answer).ResponseCode.ShouldBe(ResponseCode.NotAuth);
        TsigVerifyResult verified = TsigSigner.VerifyResponse(answer, state, DateTimeOffset.UtcNow);
        verified.Status.ShouldBe(TsigStatus.Failed);
        verified.Error.ShouldBe(ResponseCode.BadKey);
    }

    [Test]
    public async Task QuerySignedWithWrongSecret_GetsUnsignedBadSig()
    {
        using var dir = new TempDir("tsig-interop");
        TsigKey key = await GenerateKeyAsync(dir, "hmac-sha256", "query-key");
        using BindServer bind = await StartBindAsync(dir, key, ZoneText());
        var forged = new TsigKey(key.Name, key.Algorithm, key.Secret.ToArray().Select(b => (byte)~b).ToArray());

        byte[] signed = TsigSigner.SignRequest(Query("www.example.com.", RecordType.A, 9), forged, DateTimeOffset.UtcNow, out TsigState state);
        byte[] answer = await RawDns.UdpExchangeAsync(bind.EndPoint, signed);

        Parse(answer).ResponseCode.ShouldBe(ResponseCode.NotAuth);
        TsigSigner.VerifyResponse(answer, state, DateTimeOffset.UtcNow).Error.ShouldBe(ResponseCode.BadSig);
    }

    [Test]
    public async Task QuerySignedAnHourAgo_GetsSignedBadTimeWithBindsClock()
    {
        using var dir = new TempDir("tsig-interop");
        TsigKey key = await GenerateKeyAsync(dir, "hmac-sha256", "query-key");
        using BindServer bind = await StartBindAsync(dir, key, ZoneText());
        DateTimeOffset past = DateTimeOffset.UtcNow.AddHours(-1);

        byte[] signed = TsigSigner.SignRequest(Query("www.example.com.", RecordType.A, 10), key, past, out TsigState state);
        byte[] answer = await RawDns.UdpExchangeAsync(bind.EndPoint, signed);

        TsigVerifyResult verified = TsigSigner.VerifyResponse(answer, state, past);
        verified.Status.ShouldBe(TsigStatus.Verified, verified.ToString());
        verified.Record!.Error.ShouldBe(ResponseCode.BadTime);
        verified.Record.OtherData.Length.ShouldBe(6);
    }

    [Test]
    public async Task SignedAxfrOfFiveThousandRecords_EveryMessageVerifies()
    {
        using var dir = new TempDir("tsig-interop");
        TsigKey key = await GenerateKeyAsync(dir, "hmac-sha256", "transfer-key");
        string[] hosts = Enumerable.Range(0, 5000)
            .Select(i => $"host{i} IN A 10.{i / 65536}.{i / 256 % 256}.{i % 256}")
            .ToArray();
        using BindServer bind = await StartBindAsync(dir, key, ZoneText(hosts));

        byte[] signed = TsigSigner.SignRequest(Query(Apex, RecordType.AXFR, 11), key, DateTimeOffset.UtcNow, out TsigState state);
        using var verifier = new TsigStreamVerifier(state);
        var statuses = new List<TsigStatus>();
        int records = 0;
        int soas = 0;
        await RawDns.TcpExchangeAsync(bind.EndPoint, signed, message =>
        {
            TsigVerifyResult result = verifier.Verify(message, DateTimeOffset.UtcNow);
            result.Status.ShouldNotBe(TsigStatus.Failed, $"message {statuses.Count + 1}: {result}\n{bind.Log}");
            statuses.Add(result.Status);
            Message parsed = Parse(message);
            parsed.ResponseCode.ShouldBe(ResponseCode.NoError);
            records += parsed.Answers.Count;
            soas += parsed.Answers.Count(r => r.Type == RecordType.SOA);
            return soas < 2;
        });

        verifier.Complete().IsVerified.ShouldBeTrue();
        statuses.Count.ShouldBeGreaterThan(1, "5,000 records need several messages");
        statuses[0].ShouldBe(TsigStatus.Verified);
        statuses[^1].ShouldBe(TsigStatus.Verified);
        records.ShouldBe(5000 + 4 + 1);
    }

    [Test]
    public async Task UnsignedAxfr_IsRefused()
    {
        using var dir = new TempDir("tsig-interop");
        TsigKey key = await GenerateKeyAsync(dir, "hmac-sha256", "transfer-key");
        using BindServer bind = await StartBindAsync(dir, key, ZoneText());
        ResponseCode? code = null;

        await RawDns.TcpExchangeAsync(bind.EndPoint, Query(Apex, RecordType.AXFR, 12), message =>
        {
            code = Parse(message).ResponseCode;
            return false;
        });

        code.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public async Task DigWithTheKeyFileWeParsed_GetsAVerifiedAnswer()
    {
        using var dir = new TempDir("tsig-interop");
        string keyFile = await GenerateKeyFileAsync(dir, "hmac-sha512", "dig-key");
        TsigKey key = TsigKeyFile.Load(keyFile).ShouldHaveSingleItem();
        key.Name.ShouldBe(DomainName.Parse("dig-key."));
        key.Algorithm.ShouldBeSameAs(TsigAlgorithm.HmacSha512);
        using BindServer bind = await StartBindAsync(dir, key, ZoneText());

        ToolResult dig = await bind.DigAsync(["-k", keyFile, "www.example.com.", "A"]);

        dig.Succeeded.ShouldBeTrue(dig.ToString());
        dig.StdOut.ShouldContain("status: NOERROR", customMessage: dig.ToString());
        dig.StdOut.ShouldContain("192.0.2.1");
        dig.StdOut.ShouldContain("\tTSIG\thmac-sha512. ", customMessage: dig.ToString());
        dig.StdOut.ShouldNotContain("Couldn't verify", customMessage: dig.ToString());
    }

    private static async Task<string> GenerateKeyFileAsync(TempDir dir, string algorithm, string name)
    {
        ToolResult generated = (await ExternalTool.RunAsync("tsig-keygen", "-a", algorithm, name)).EnsureSuccess();
        return dir.WriteFile($"{name}-{algorithm}.key", generated.StdOut);
    }

    private static async Task<TsigKey> GenerateKeyAsync(TempDir dir, string algorithm, string name) =>
        TsigKeyFile.Load(await GenerateKeyFileAsync(dir, algorithm, name)).ShouldHaveSingleItem();

    /// <summary>BIND as primary of example.com, answering queries and transfers signed with <paramref name="key"/> only.</summary>
    private static Task<BindServer> StartBindAsync(TempDir dir, TsigKey key, string zoneText) =>
        BindServer.StartPrimaryAsync(
            [new PeerZone(Apex, dir.WriteFile("example.com.zone", zoneText))],
            tsig: new PeerTsigKey(key.Name.ToString(), key.Algorithm.ShortName, Convert.ToBase64String(key.Secret)),
            queriesRequireKey: true);

    private static string ZoneText(params string[] extra)
    {
        var text = new StringBuilder()
            .AppendLine("$ORIGIN example.com.")
            .AppendLine("$TTL 300")
            .AppendLine("@ IN SOA ns1.example.com. hostmaster.example.com. 2024010101 3600 600 86400 300")
            .AppendLine("@ IN NS ns1.example.com.")
            .AppendLine("ns1 IN A 127.0.0.1")
            .AppendLine("www IN A 192.0.2.1");
        foreach (string line in extra)
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    private static byte[] Query(string name, RecordType type, ushort id) =>
        Message.CreateQuery(DomainName.Parse(name), type, id).ToArray();

    private static Message Parse(byte[] data)
    {
        Message.TryParse(data, out Message? message, out string? error).ShouldBeTrue(error);
        return message;
    }
}
