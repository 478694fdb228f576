using System.Diagnostics.Metrics;
using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Query;
using DnsSuite.Server.Tests.Transfer;
using DnsSuite.Server.Update;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Zones;
using DnsSuite.Zones;
using DnsSuite.Zones.Updates;
using DnsSuite.TestSupport.Metrics;
using Microsoft.Extensions.DependencyInjection;
using DnsSuite.TestSupport.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Server.Tests.Update;

/// <summary>UPDATE through the <see cref="RequestPipeline"/>: TSIG, policy, checks, then the processor or the forwarder.</summary>
public class UpdateResponderTests
{
    private static readonly RequestContext Tcp = new(new IPEndPoint(IPAddress.Loopback, 5300), new IPEndPoint(IPAddress.Loopback, 53), DnsTransport.Tcp);
    private static readonly TsigKey Key = new(DomainName.Parse("ddns-key."), TsigAlgorithm.HmacSha256, [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
    private FakeProcessor _processor = null!;

    [SetUp]
    public void CreateProcessor() => _processor = new FakeProcessor();

    private static RequestPipeline Pipeline(IUpdateProcessor? processor, IUpdateForwarder? forwarder = null, UpdateMetrics? metrics = null, ILogger<UpdateResponder>? logger = null)
    {
        ZoneTable table = QueryTestZones.CreateTable();
        var policy = new UpdatePolicy(new UpdateOptions { Policy = ["grant ddns-key. zonesub ANY"] });
        var responder = new UpdateResponder(table, policy, TimeProvider.System, logger ?? NullLogger<UpdateResponder>.Instance, processor, forwarder, metrics);
        return new RequestPipeline(new QueryEngine(table, new QueryEngineOptions()), NullLogger<RequestPipeline>.Instance, keys: new TsigKeyRing([Key]), updates: responder);
    }

    private static Message AddWww(string zone = "example.com.", string record = "new.example.com. 60 IN A 192.0.2.7")
    {
        Message request = UpdateParserTests.Update(zone, id: 42);
        request.Authority.Add(Records.Rr(record));
        return request;
    }

    [Test]
    public async Task SignedAuthorizedUpdate_GoesToTheProcessor_AndItsRcodeIsAnsweredSigned()
    {
        _processor.Outcome = new UpdateOutcome(ResponseCode.YXRRSet, "prerequisite failed");
        byte[] signed = TsigSigner.SignRequest(AddWww().ToArray(), Key, DateTimeOffset.UtcNow, out TsigState state);

        byte[] answer = await HandleAsync(Pipeline(_processor), signed);

        TsigSigner.VerifyResponse(answer, state, DateTimeOffset.UtcNow).IsVerified.ShouldBeTrue();
        Message response = Parse(answer);
        (response.ResponseCode, response.OpCode, response.Id).ShouldBe((ResponseCode.YXRRSet, OpCode.Update, (ushort)42));
        response.Question!.Name.ShouldBe(DomainName.Parse("example.com."));
        UpdateRequest received = _processor.Requests.ShouldHaveSingleItem();
        received.Updates.ShouldHaveSingleItem().ToString().ShouldBe("new.example.com. 60 IN A 192.0.2.7");
        received.Source.ShouldContain("key ddns-key.");
    }

    [Test]
    public async Task UnsignedUpdate_IsRefused_WithoutReachingTheProcessor()
    {
        Parse(await HandleAsync(Pipeline(_processor), AddWww().ToArray())).ResponseCode.ShouldBe(ResponseCode.Refused);
        _processor.Requests.ShouldBeEmpty();
    }

    [Test]
    public async Task UpdateWithABadSignature_IsNotAuthWithBadSig()
    {
        var forged = new TsigKey(Key.Name, Key.Algorithm, new byte[32]);
        byte[] signed = TsigSigner.SignRequest(AddWww().ToArray(), forged, DateTimeOffset.UtcNow, out _);

        byte[] answer = await HandleAsync(Pipeline(_processor), signed);

        Message response = Parse(answer);
        response.ResponseCode.ShouldBe(ResponseCode.NotAuth);
        response.Additional[^1].Data.ShouldBeOfType<DnsSuite.Protocol.Records.TsigRdata>().Error.ShouldBe(ResponseCode.BadSig);
        _processor.Requests.ShouldBeEmpty();
    }

    [TestCase("example.net.", "www.example.net. 60 IN A 192.0.2.7", ResponseCode.NotAuth)]
    [TestCase("example.com.", "www.example.org. 60 IN A 192.0.2.7", ResponseCode.NotZone)]
    [TestCase("example.com.", "www.example.com. 60 IN TSIG \\# 0", ResponseCode.FormErr)]
    public async Task UpdateFailingTheChecks_IsAnsweredWithoutReachingTheProcessor(string zone, string record, ResponseCode expected)
    {
        Message request = UpdateParserTests.Update(zone, id: 42);
        request.Authority.Add(record.Contains("TSIG", StringComparison.Ordinal)
            ? UpdateParserTests.Empty("www.example.com.", RecordClass.IN, RecordType.TSIG)
            : Records.Rr(record));
        byte[] signed = TsigSigner.SignRequest(request.ToArray(), Key, DateTimeOffset.UtcNow, out _);

        Parse(await HandleAsync(Pipeline(_processor), signed)).ResponseCode.ShouldBe(expected);
        _processor.Requests.ShouldBeEmpty();
    }

    [Test]
    public async Task RejectedUpdates_LogTheZoneSectionAndTheSigner_NeverNull()
    {
        var logger = new RecordingLogger<UpdateResponder>();
        Message noZone = AddWww();
        noZone.Questions.Clear();
        Message notServed = AddWww("example.net.", "www.example.net. 60 IN A 192.0.2.7");

        Parse(await HandleAsync(Pipeline(_processor, logger: logger), noZone.ToArray())).ResponseCode.ShouldBe(ResponseCode.FormErr);
        Parse(await HandleAsync(Pipeline(_processor, logger: logger), TsigSigner.SignRequest(notServed.ToArray(), Key, DateTimeOffset.UtcNow, out _))).ResponseCode.ShouldBe(ResponseCode.NotAuth);

        string[] lines = [.. logger.Lines.Select(line => line.Text)];
        lines.Length.ShouldBe(2);
        lines[0].ShouldStartWith("UPDATE of (a zone section of 0 entries) from 127.0.0.1:5300 (unsigned) answered FormErr");
        lines[1].ShouldStartWith("UPDATE of example.net. from 127.0.0.1:5300 (key ddns-key.) answered NotAuth: zone example.net. is not served here");
        string.Concat(lines).ShouldNotContain("(null)");
    }

    [Test]
    public async Task UpdateOfAZoneOfAnotherClass_IsNotAuth()
    {
        Message request = AddWww();
        request.Questions[0] = request.Questions[0] with { Class = RecordClass.CH };
        byte[] signed = TsigSigner.SignRequest(request.ToArray(), Key, DateTimeOffset.UtcNow, out _);

        Parse(await HandleAsync(Pipeline(_processor), signed)).ResponseCode.ShouldBe(ResponseCode.NotAuth);
        _processor.Requests.ShouldBeEmpty();
    }

    [Test]
    public async Task UpdateOnAServerWithoutProcessor_ForAForwardedZone_IsRelayedAsReceived()
    {
        var forwarder = new FakeForwarder();
        // Signed with a key this server does not have: the primary verifies it, not the forwarder.
        var foreign = new TsigKey(DomainName.Parse("primary-only."), TsigAlgorithm.HmacSha256, new byte[32]);
        byte[] signed = TsigSigner.SignRequest(AddWww().ToArray(), foreign, DateTimeOffset.UtcNow, out _);

        byte[] answer = await HandleAsync(Pipeline(null, forwarder), signed);

        forwarder.Received.ShouldBe(signed);
        answer.ShouldBe(forwarder.Answer);
    }

    [Test]
    public async Task UpdateOnAServerWithoutProcessor_ForAZoneNotForwarded_IsRefused()
    {
        byte[] signed = TsigSigner.SignRequest(AddWww("child.example.com.", "a.child.example.com. 60 IN A 192.0.2.7").ToArray(), Key, DateTimeOffset.UtcNow, out _);

        Parse(await HandleAsync(Pipeline(null, new FakeForwarder()), signed)).ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public async Task Answers_AreCountedByResponseCode_RelayedOnesByThePrimarysAnswer()
    {
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory factory = services.GetRequiredService<IMeterFactory>();
        using var recorder = new MeasurementRecorder(UpdateMetrics.MeterName, factory);
        var metrics = new UpdateMetrics(factory);
        byte[] signed = TsigSigner.SignRequest(AddWww().ToArray(), Key, DateTimeOffset.UtcNow, out _);

        await HandleAsync(Pipeline(_processor, metrics: metrics), signed);
        await HandleAsync(Pipeline(_processor, metrics: metrics), AddWww().ToArray());
        await HandleAsync(Pipeline(_processor, metrics: metrics), AddWww().ToArray());
        _processor.Outcome = new UpdateOutcome(ResponseCode.YXRRSet, "prerequisite failed");
        await HandleAsync(Pipeline(_processor, metrics: metrics), signed);
        await HandleAsync(Pipeline(null, new FakeForwarder(), metrics), signed);

        recorder.Sum("dnssuite.updates", ("rcode", "NOERROR")).ShouldBe(2, "one applied here, one the primary answered NOERROR to");
        recorder.Sum("dnssuite.updates", ("rcode", "REFUSED")).ShouldBe(2);
        recorder.Sum("dnssuite.updates", ("rcode", "YXRRSET")).ShouldBe(1);
        recorder.Of("dnssuite.updates").Count.ShouldBe(5);
    }

    private static async Task<byte[]> HandleAsync(RequestPipeline pipeline, byte[] request)
    {
        var sink = new CapturingSink();
        await pipeline.HandleAsync(request, sink, Tcp, CancellationToken.None);
        return sink.Messages.ShouldHaveSingleItem();
    }

    private static Message Parse(byte[] answer)
    {
        Message.TryParse(answer, out Message? response, out string? error).ShouldBeTrue(error);
        return response;
    }

    private sealed class FakeProcessor : IUpdateProcessor
    {
        public List<UpdateRequest> Requests { get; } = [];

        public UpdateOutcome Outcome { get; set; } = new(ResponseCode.NoError, "applied");

        public Task<UpdateOutcome> ProcessAsync(Zone zone, UpdateRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(Outcome);
        }

        public UpdateOutcome? FirstFailedPrerequisite(Zone zone, UpdateRequest request) => null;
    }

    private sealed class FakeForwarder : IUpdateForwarder
    {
        public byte[]? Received { get; private set; }

        public byte[] Answer { get; } = [0, 42, 0xA8, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

        public bool Forwards(DomainName zone) => zone == DomainName.Parse("example.com.");

        public Task<byte[]?> ForwardAsync(DomainName zone, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
        {
            Received = request.ToArray();
            return Task.FromResult<byte[]?>(Answer);
        }
    }
}
