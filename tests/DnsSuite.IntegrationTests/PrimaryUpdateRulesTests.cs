using System.Globalization;
using System.Net.Sockets;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// RFC 2136/2181 rules of UPDATE on the real <c>dnssuite primary</c>, driven by the real <c>nsupdate</c>, and by
/// hand-made messages where nsupdate cannot send what the rule is about (a malformed prerequisite, a TTL of 2^31).
/// One primary serves every test of the class, which run one after another.
/// </summary>
public sealed class PrimaryUpdateRulesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly TsigKey Key = new(DomainName.Parse("ddns-key."), TsigAlgorithm.HmacSha256, Convert.FromBase64String(PrimaryUpdateTests.Secret));

    private TempDir _dir = null!;
    private DnsSuiteProcess _primary = null!;

    [OneTimeSetUp]
    public async Task StartPrimary()
    {
        _dir = new TempDir();
        _dir.WriteFile("zones/a.test.zone", PrimaryUpdateTests.ZoneText);
        _dir.WriteFile("ddns.key", PrimaryUpdateTests.KeyFile);
        _primary = await DnsSuiteProcess.StartAsync(
            ["primary", "--listen", "127.0.0.1:0", "--data", _dir.Combine("data"), "--zones", _dir.Combine("zones"), "--key-file", _dir.Combine("ddns.key")],
            new Dictionary<string, string> { ["DNSSUITE__Update__Policy__0"] = "grant ddns-key. zonesub ANY" });
    }

    [OneTimeTearDown]
    public async Task StopPrimary()
    {
        await _primary.DisposeAsync();
        _dir.Dispose();
    }

    // RFC 2136 §3.2.5: prerequisites are processed in order and the first one that fails decides. A value-dependent
    // one (yxrrset with RDATA) is compared once the section has been read (§3.2.3), so a malformed record after it wins.
    [TestCase("prereq yxdomain absent.a.test.\nprereq nxdomain www.other.test.", "NXDOMAIN")]
    [TestCase("prereq nxdomain www.other.test.\nprereq yxdomain absent.a.test.", "NOTZONE")]
    [TestCase("prereq yxrrset www.a.test. TXT\nprereq yxdomain absent.a.test.", "NXRRSET")]
    [TestCase("prereq yxdomain absent.a.test.\nprereq yxrrset www.a.test. TXT", "NXDOMAIN")]
    [TestCase("prereq yxrrset www.a.test. A 192.0.2.99\nprereq nxdomain www.other.test.", "NOTZONE")]
    [TestCase("prereq yxdomain absent.a.test.\nupdate add www.other.test. 60 A 192.0.2.1", "NXDOMAIN")]
    public async Task Prerequisites_AreProcessedInOrder_TheFirstFailureDecides_Rfc2136Section3_2_5(string commands, string expected)
    {
        uint serial = await SerialAsync();

        ToolResult update = await NsupdateAsync($"{commands}\nupdate add web.a.test. 60 A 192.0.2.7\nsend");

        update.ExitCode.ShouldNotBe(0);
        update.StdErr.ShouldContain($"update failed: {expected}");
        (await SerialAsync()).ShouldBe(serial);
    }

    [Test]
    public async Task FailingPrerequisite_BeforeAMalformedOne_DecidesTheRcode_Rfc2136Section3_2_5()
    {
        ResourceRecord failing = Empty("absent.a.test.", RecordClass.ANY, RecordType.ANY, ttl: 0);
        ResourceRecord malformed = Empty("www.a.test.", RecordClass.ANY, RecordType.ANY, ttl: 60);

        (await SendAsync([failing, malformed], [])).ShouldBe(ResponseCode.NXDomain);
        (await SendAsync([malformed, failing], [])).ShouldBe(ResponseCode.FormErr);
    }

    [Test]
    public async Task AddedRecord_WithTheTtlsTopBitSet_IsServedWithTtlZero_Rfc2181Section8()
    {
        // nsupdate itself refuses such a TTL ("out of range"), so the message is made here.
        ResourceRecord record = new(DomainName.Parse("bigttl.a.test."), 0x80000000u, new ARdata(System.Net.IPAddress.Parse("192.0.2.31")));

        (await SendAsync([], [record])).ShouldBe(ResponseCode.NoError);

        (await DigAsync("bigttl.a.test.", "A", "+noall", "+answer")).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).ShouldBe(["bigttl.a.test.", "0", "IN", "A", "192.0.2.31"]);
        (await NsupdateAsync("update add bigttl.a.test. 2147483648 A 192.0.2.32\nsend")).StdErr.ShouldContain("out of range");
    }

    [Test]
    public async Task SeveralSoaAdditions_AreAppliedInSequence_Rfc2136Section3_4_2()
    {
        uint serial = await SerialAsync();
        uint first = serial + 100, older = serial + 50, last = serial + 200;

        ToolResult update = await NsupdateAsync(string.Create(CultureInfo.InvariantCulture, $"""
            update add a.test. 60 SOA ns.a.test. first.a.test. {first} 60 60 600 60
            update add a.test. 60 SOA ns.a.test. older.a.test. {older} 60 60 600 60
            update add a.test. 60 SOA ns.a.test. last.a.test. {last} 60 60 600 60
            send
            """));

        update.ExitCode.ShouldBe(0, update.ToString());
        (await DigAsync("a.test.", "SOA", "+short")).ShouldBe(string.Create(CultureInfo.InvariantCulture, $"ns.a.test. last.a.test. {last} 60 60 600 60"));
    }

    [Test]
    public async Task NoOpAndFailingUpdates_LeaveTheSerial()
    {
        uint serial = await SerialAsync();

        ToolResult noOp = await NsupdateAsync("update add www.a.test. 60 A 192.0.2.10\nupdate delete absent.a.test. A\nsend");
        ToolResult failing = await NsupdateAsync("prereq nxdomain www.a.test.\nupdate add www.a.test. 60 A 192.0.2.11\nsend");

        noOp.ExitCode.ShouldBe(0, noOp.ToString());
        failing.StdErr.ShouldContain("update failed: YXDOMAIN");
        (await SerialAsync()).ShouldBe(serial, "neither made a new version");
        _primary.StandardOutput.ShouldContain("nothing written to the log");
    }

    [Test]
    public async Task WrongTsigSecret_IsLoggedAsBadSig()
    {
        string forged = Path.Combine(_dir.Path, "forged.key");
        await File.WriteAllTextAsync(forged, "key \"ddns-key.\" {\n  algorithm hmac-sha256;\n  secret \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\";\n};\n");

        ToolResult update = await ExternalTool.RunAsync("nsupdate", ["-k", forged], Timeout, $"server 127.0.0.1 {Port}\nzone a.test.\nupdate add web.a.test. 60 A 192.0.2.7\nsend");

        update.ExitCode.ShouldNotBe(0);
        await Wait.UntilAsync(() => _primary.StandardOutput.Contains("TSIG verification failed: Failed BADSIG", StringComparison.Ordinal), Timeout, "the BADSIG log line");
        _primary.StandardOutput.ShouldNotContain("BadVers");
    }

    private string Port => _primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture);

    private static ResourceRecord Empty(string name, RecordClass @class, RecordType type, uint ttl) => new(DomainName.Parse(name), @class, ttl, new UnknownRdata(type, []));

    private Task<ToolResult> NsupdateAsync(string commands) =>
        ExternalTool.RunAsync("nsupdate", ["-k", _dir.Combine("ddns.key")], Timeout, $"server 127.0.0.1 {Port}\nzone a.test.\n{commands}");

    private async Task<string> DigAsync(string name, string type, params string[] options) =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port, "+tries=1", "+time=5", .. options, name, type], Timeout)).StdOut.Trim();

    private async Task<uint> SerialAsync() => uint.Parse((await DigAsync("a.test.", "SOA", "+short")).Split(' ')[2], CultureInfo.InvariantCulture);

    // A signed UPDATE of a.test. over UDP; the answer's RCODE.
    private async Task<ResponseCode> SendAsync(IEnumerable<ResourceRecord> prerequisites, IEnumerable<ResourceRecord> updates)
    {
        var message = new Message { Id = 7, OpCode = OpCode.Update };
        message.Questions.Add(new Question(DomainName.Parse("a.test."), RecordType.SOA));
        message.Answers.AddRange(prerequisites);
        message.Authority.AddRange(updates);
        byte[] signed = TsigSigner.SignRequest(message.ToArray(), Key, DateTimeOffset.UtcNow, out _);
        using var client = new UdpClient(System.Net.Sockets.AddressFamily.InterNetwork);
        using var deadline = new CancellationTokenSource(Timeout);
        await client.SendAsync(signed, _primary.UdpEndPoint, deadline.Token);
        UdpReceiveResult answer = await client.ReceiveAsync(deadline.Token);
        Message.TryParse(answer.Buffer, out Message? response, out string? error).ShouldBeTrue(error);
        return response.ResponseCode;
    }
}
