using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Secondary.Tests;

public class UpdateForwarderTests
{
    private static readonly DomainName Forwarded = DomainName.Parse("forwarded.example.");
    private static readonly DomainName Kept = DomainName.Parse("kept.example.");

    [Test]
    public void Forwards_FollowsTheZoneSetting_ElseTheGlobalOne()
    {
        var options = new SecondaryOptions
        {
            ForwardUpdates = true,
            Zones = [new SecondaryZoneOptions { Name = "kept.example", ForwardUpdates = false }],
        };
        var forwarder = new UpdateForwarder([Settings(Forwarded, 53), Settings(Kept, 53)], options, new DnsClient(), NullLogger<UpdateForwarder>.Instance);

        forwarder.Forwards(Forwarded).ShouldBeTrue();
        forwarder.Forwards(Kept).ShouldBeFalse();
        forwarder.Forwards(DomainName.Parse("other.example.")).ShouldBeFalse();
        new UpdateForwarder([Settings(Forwarded, 53)], new SecondaryOptions(), new DnsClient(), NullLogger<UpdateForwarder>.Instance).Forwards(Forwarded).ShouldBeFalse();
    }

    [Test]
    public async Task ForwardAsync_SendsTheOctetsUnchanged_ToTheFirstPrimaryThatAnswers_AndReturnsItsAnswer()
    {
        var primary = new AnsweringPrimary();
        await using DnsListener listener = DnsListener.Start(new IPEndPoint(IPAddress.Loopback, 0), primary, new DnsListenerOptions(), NullLoggerFactory.Instance);
        int closedPort = FreePort.Next();
        var settings = new SecondaryZoneSettings(Forwarded, [
            new PrimaryServer(new IPEndPoint(IPAddress.Loopback, closedPort), null),
            new PrimaryServer(listener.LocalEndPoint, null),
        ]);
        var forwarder = new UpdateForwarder([settings], new SecondaryOptions { ForwardUpdates = true }, new DnsClient(), NullLogger<UpdateForwarder>.Instance);
        var update = new Message { Id = 4711, OpCode = OpCode.Update };
        update.Questions.Add(new Question(Forwarded, RecordType.SOA));
        update.Authority.Add(Records.Rr("www.forwarded.example. 60 IN A 192.0.2.1"));
        byte[] request = update.ToArray();

        byte[]? answer = await forwarder.ForwardAsync(Forwarded, request, CancellationToken.None);

        primary.Received.ShouldBe(request);
        Message.TryParse(answer, out Message? response, out _).ShouldBeTrue();
        (response.Id, response.OpCode, response.ResponseCode).ShouldBe(((ushort)4711, OpCode.Update, ResponseCode.YXRRSet));
    }

    private static SecondaryZoneSettings Settings(DomainName origin, int port) => new(origin, [new PrimaryServer(new IPEndPoint(IPAddress.Loopback, port), null)]);

    private sealed class AnsweringPrimary : IDnsRequestHandler
    {
        public byte[]? Received { get; private set; }

        public int TryHandle(ReadOnlySpan<byte> request, Span<byte> response, in RequestContext context) => -1;

        public async Task HandleAsync(ReadOnlyMemory<byte> request, IResponseSink sink, RequestContext context, CancellationToken cancellationToken)
        {
            Received = request.ToArray();
            Message.TryParse(request.Span, out Message? update, out _).ShouldBeTrue();
            var answer = new Message { Id = update.Id, OpCode = OpCode.Update, Flags = HeaderFlags.QR, ResponseCode = ResponseCode.YXRRSet };
            answer.Questions.AddRange(update.Questions);
            await sink.SendAsync(answer.ToArray(), cancellationToken);
        }
    }
}
