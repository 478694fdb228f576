using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Server.Query;
using DnsSuite.Server.Tests.Query;
using DnsSuite.TestSupport.Zones;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Server.Tests;

[TestFixture]
public class RequestPipelineTests
{
    private static readonly RequestContext Udp = new(new IPEndPoint(IPAddress.Loopback, 5300), new IPEndPoint(IPAddress.Loopback, 53), DnsTransport.Udp);

    private readonly RequestPipeline _pipeline = new(
        new QueryEngine(QueryTestZones.CreateTable(), new QueryEngineOptions()),
        NullLogger<RequestPipeline>.Instance);

    [Test]
    public void TryHandle_OrdinaryQuery_IsAnsweredOnTheFastPath()
    {
        byte[] query = Message.CreateQuery(DomainName.Parse("www.example.com."), RecordType.A, 1).ToArray();
        var response = new byte[ushort.MaxValue];

        int length = _pipeline.TryHandle(query, response, Udp);

        Message.TryParse(response.AsSpan(0, length), out Message? message, out _).ShouldBeTrue();
        message.Answers.Count.ShouldBe(2);
    }

    [TestCase(OpCode.Query, RecordType.AXFR, ResponseCode.Refused)]
    [TestCase(OpCode.Query, RecordType.IXFR, ResponseCode.Refused)]
    [TestCase(OpCode.Update, RecordType.SOA, ResponseCode.Refused)]
    [TestCase(OpCode.Notify, RecordType.SOA, ResponseCode.NotImp)]
    public async Task SlowPath_UnconfiguredFeature_IsAnsweredExplicitly(OpCode opCode, RecordType type, ResponseCode expected)
    {
        var request = Message.CreateQuery(DomainName.Parse("example.com."), type, 77);
        request.OpCode = opCode;
        byte[] query = request.ToArray();
        _pipeline.TryHandle(query, new byte[ushort.MaxValue], Udp).ShouldBe(QueryEngine.NeedsSlowPath);

        Message response = await HandleAsync(query);

        response.ResponseCode.ShouldBe(expected);
        response.OpCode.ShouldBe(opCode);
        response.Id.ShouldBe((ushort)77);
        response.Question!.Type.ShouldBe(type);
    }

    [Test]
    public async Task SlowPath_TsigSignedQuery_IsNotAuth()
    {
        Message response = await HandleAsync(QueryEngineHarness.TsigSignedQuery("www.example.com.", RecordType.A, 5));

        response.ResponseCode.ShouldBe(ResponseCode.NotAuth);
    }

    [Test]
    public async Task SlowPath_MalformedRequest_IsFormErr()
    {
        byte[] query = Message.CreateQuery(DomainName.Parse("example.com."), RecordType.AXFR, 3).ToArray();

        Message response = await HandleAsync(query.AsMemory(0, query.Length - 2));

        response.ResponseCode.ShouldBe(ResponseCode.FormErr);
        response.Id.ShouldBe((ushort)3);
    }

    private async Task<Message> HandleAsync(ReadOnlyMemory<byte> query)
    {
        var sink = new CapturingSink();
        await _pipeline.HandleAsync(query, sink, Udp, CancellationToken.None);
        sink.Messages.Count.ShouldBe(1);
        Message.TryParse(sink.Messages[0], out Message? response, out string? error).ShouldBeTrue(error);
        return response;
    }

    private sealed class CapturingSink : IResponseSink
    {
        public List<byte[]> Messages { get; } = [];

        public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            Messages.Add(message.ToArray());
            return ValueTask.CompletedTask;
        }
    }
}
