using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Network;

using static DnsSuite.Net.Tests.Loopback;

namespace DnsSuite.Net.Tests;

public sealed class TcpDnsListenerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task SeveralQueries_OnOneConnection_AreAllAnswered()
    {
        await using DnsListener server = Listen(new TestRequestHandler());
        using RawTcpConnection connection = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);

        for (ushort id = 1; id <= 3; id++)
        {
            await connection.SendAsync(RawTcpConnection.Frame(Query("www.example.", id)));
            Message response = await connection.ReadMessageAsync();
            response.Id.ShouldBe(id);
            response.Question!.Name.ShouldBe(DomainName.Parse("www.example."));
        }
    }

    [Test]
    public async Task PipelinedQueries_AreAnsweredOutOfOrder_WhenTheFirstIsSlow()
    {
        var handler = new TestRequestHandler();
        await using DnsListener server = Listen(handler);
        using RawTcpConnection connection = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);

        await connection.SendAsync(RawTcpConnection.Frame(Query("slow.example.", 1), Query("www.example.", 2)));

        (await connection.ReadMessageAsync()).Id.ShouldBe((ushort)2);
        handler.ReleaseSlow();
        (await connection.ReadMessageAsync()).Id.ShouldBe((ushort)1);
    }

    [Test]
    public async Task IdleConnection_IsClosedByTheServer()
    {
        await using DnsListener server = Listen(new TestRequestHandler(), new DnsListenerOptions { TcpIdleTimeout = TimeSpan.FromMilliseconds(200) });
        using RawTcpConnection connection = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);
        await connection.SendAsync(RawTcpConnection.Frame(Query("www.example.", 1)));
        (await connection.ReadMessageAsync()).Id.ShouldBe((ushort)1);

        (await connection.WaitForCloseAsync()).ShouldBeTrue();
    }

    [Test]
    public async Task AtTheLimit_ANewConnectionTakesThePlaceOfTheOneQuietLongest()
    {
        await using DnsListener server = Listen(new TestRequestHandler(), new DnsListenerOptions { MaxTcpConnections = 2 });
        using RawTcpConnection first = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);
        using RawTcpConnection second = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);
        foreach (RawTcpConnection accepted in new[] { first, second })
        {
            await accepted.SendAsync(RawTcpConnection.Frame(Query("www.example.", 1)));
            (await accepted.ReadMessageAsync()).Id.ShouldBe((ushort)1);
        }

        using RawTcpConnection third = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);

        (await first.WaitForCloseAsync()).ShouldBeTrue("the connection quiet longest makes room");
        await ShouldAnswerAsync(third, 3);
        await ShouldAnswerAsync(second, 2);
    }

    [Test]
    public async Task AtTheLimit_WithEveryConnectionAnsweringARequest_ANewOneIsClosed()
    {
        var handler = new TestRequestHandler();
        await using DnsListener server = Listen(handler, new DnsListenerOptions { MaxTcpConnections = 1 });
        using RawTcpConnection busy = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);
        await busy.SendAsync(RawTcpConnection.Frame(Query("slow.example.", 1)));
        await Wait.UntilAsync(() => handler.SlowRequestsStarted == 1, Timeout, "the slow request to start");

        using RawTcpConnection refused = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);

        (await refused.WaitForCloseAsync()).ShouldBeTrue();
        handler.ReleaseSlow();
        (await busy.ReadMessageAsync()).Id.ShouldBe((ushort)1);
    }

    [Test]
    public async Task ConnectionsFromOneClientBeyondItsLimit_AreClosed_WhileOtherClientsGetIn()
    {
        await using DnsListener server = Listen(new TestRequestHandler(), new DnsListenerOptions { MaxTcpConnectionsPerClient = 2 });
        IPAddress attacker = IPAddress.Parse("127.0.0.2");
        using RawTcpConnection first = await RawTcpConnection.ConnectAsync(server.LocalEndPoint, attacker);
        using RawTcpConnection second = await RawTcpConnection.ConnectAsync(server.LocalEndPoint, attacker);
        await Wait.UntilAsync(() => server.Tcp.ConnectionCount == 2, Timeout, "both connections to be accepted");

        using RawTcpConnection third = await RawTcpConnection.ConnectAsync(server.LocalEndPoint, attacker);
        using RawTcpConnection other = await RawTcpConnection.ConnectAsync(server.LocalEndPoint, IPAddress.Loopback);

        (await third.WaitForCloseAsync()).ShouldBeTrue();
        await ShouldAnswerAsync(other, 7);
        await ShouldAnswerAsync(first, 1);
    }

    [Test]
    public async Task HalfFull_IdleConnectionsTimeOutSooner()
    {
        var options = new DnsListenerOptions { MaxTcpConnections = 4, TcpIdleTimeout = TimeSpan.FromHours(1), TcpBusyIdleTimeout = TimeSpan.FromMilliseconds(200) };
        await using DnsListener server = Listen(new TestRequestHandler(), options);
        using RawTcpConnection first = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);
        using RawTcpConnection second = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);
        await Wait.UntilAsync(() => server.Tcp.ConnectionCount == 2, Timeout, "both connections to be accepted");

        await first.SendAsync(RawTcpConnection.Frame(Query("www.example.", 1)));
        (await first.ReadMessageAsync()).Id.ShouldBe((ushort)1);

        (await first.WaitForCloseAsync()).ShouldBeTrue("two of four open: the busy idle timeout applies to the next wait");
    }

    [Test]
    public async Task ClientThatStopsReading_IsResetAfterTheSendTimeout_AndDeliveryEnds()
    {
        var handler = new StreamingHandler(messages: 4);
        await using DnsListener server = Listen(handler, new DnsListenerOptions { TcpSendTimeout = TimeSpan.FromMilliseconds(300) });
        using RawTcpConnection stalled = await RawTcpConnection.ConnectAsync(server.LocalEndPoint, receiveBuffer: 4096);

        await stalled.SendAsync(RawTcpConnection.Frame(Query("stream.example.", 1)));

        await handler.Delivered.Task.WaitAsync(Timeout);
        handler.Sent.ShouldBe(4, "everything fits the kernel's buffers, so it counts as sent long before it is read");
        await Wait.UntilAsync(() => stalled.WasReset, Timeout, "the stalled client to be reset");
    }

    [Test]
    public async Task ClientThatReads_IsDeliveredToWithoutBeingCutOff()
    {
        var handler = new StreamingHandler(messages: 4);
        await using DnsListener server = Listen(handler, new DnsListenerOptions { TcpSendTimeout = TimeSpan.FromSeconds(5) });
        using RawTcpConnection reader = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);
        await reader.SendAsync(RawTcpConnection.Frame(Query("stream.example.", 1)));

        for (int i = 0; i < 4; i++)
        {
            (await reader.ReadMessageAsync()).Id.ShouldBe((ushort)1);
        }

        await handler.Delivered.Task.WaitAsync(Timeout);
        await ShouldAnswerAsync(reader, 2);
    }

    [TestCase(new byte[] { 0, 5, 1, 2, 3, 4, 5 }, TestName = "LengthPrefixShorterThanAHeader_ClosesTheConnection")]
    [TestCase(new byte[] { 0, 0 }, TestName = "ZeroLengthPrefix_ClosesTheConnection")]
    public async Task MalformedFraming_ClosesTheConnection(byte[] octets)
    {
        await using DnsListener server = Listen(new TestRequestHandler());
        using RawTcpConnection connection = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);

        await connection.SendAsync(octets);

        (await connection.WaitForCloseAsync()).ShouldBeTrue();
    }

    [Test]
    public async Task HalfOpenClient_SendingOneOctet_IsDroppedAfterTheReadTimeout()
    {
        var options = new DnsListenerOptions { TcpIdleTimeout = TimeSpan.FromHours(1), TcpReadTimeout = TimeSpan.FromMilliseconds(200) };
        await using DnsListener server = Listen(new TestRequestHandler(), options);
        using RawTcpConnection connection = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);

        await connection.SendAsync([0]);

        (await connection.WaitForCloseAsync()).ShouldBeTrue();
    }

    [Test]
    public async Task SlowClient_TricklingOneMessage_IsDroppedWhenTheWholeMessageTakesLongerThanTheReadTimeout()
    {
        // Every octet comes well within the timeout; the message as a whole does not (the timeout is not restarted per read).
        var options = new DnsListenerOptions { TcpIdleTimeout = TimeSpan.FromHours(1), TcpReadTimeout = TimeSpan.FromMilliseconds(400) };
        await using DnsListener server = Listen(new TestRequestHandler(), options);
        using RawTcpConnection connection = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);
        byte[] framed = RawTcpConnection.Frame(Query("www.example.", 1));
        var started = System.Diagnostics.Stopwatch.StartNew();

        try
        {
            foreach (byte octet in framed)
            {
                await connection.SendAsync([octet]);
                await Task.Delay(100);
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            // Closed while trickling, as it should be.
        }

        (await connection.WaitForCloseAsync()).ShouldBeTrue();
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(100 * framed.Length), "closed before the whole message arrived");
    }

    [Test]
    public async Task HandlerExceptions_DoNotCloseTheConnection()
    {
        await using DnsListener server = Listen(new TestRequestHandler());
        using RawTcpConnection connection = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);

        await connection.SendAsync(RawTcpConnection.Frame(Query("throw.example.", 1), Query("throwasync.example.", 2), Query("www.example.", 3)));

        (await connection.ReadMessageAsync()).Id.ShouldBe((ushort)3);
    }

    [Test]
    public async Task MultiMessageResponse_IsReceivedInOrder_ByStreamTcpAsync()
    {
        await using DnsListener server = Listen(new TestRequestHandler());
        var addresses = new List<string>();

        await foreach (Message message in new DnsClient().StreamTcpAsync(server.LocalEndPoint, Query("stream.example.", 9), Timeout, CancellationToken.None))
        {
            message.Id.ShouldBe((ushort)9);
            addresses.Add(message.Answers.Single().Data.ToString());
            if (addresses.Count == 3)
            {
                break;
            }
        }

        addresses.ShouldBe(["192.0.2.1", "192.0.2.2", "192.0.2.3"]);
    }

    [Test]
    public async Task Dispose_ClosesOpenConnections()
    {
        DnsListener server = Listen(new TestRequestHandler());
        using RawTcpConnection connection = await RawTcpConnection.ConnectAsync(server.LocalEndPoint);
        await connection.SendAsync(RawTcpConnection.Frame(Query("www.example.", 1)));
        (await connection.ReadMessageAsync()).Id.ShouldBe((ushort)1);

        await server.DisposeAsync();

        (await connection.WaitForCloseAsync()).ShouldBeTrue();
    }

    /// <summary>Answers every slow-path request with <c>messages</c> responses of some 16 kB, then waits until they are delivered.</summary>
    private sealed class StreamingHandler(int messages) : IDnsRequestHandler
    {
        public TaskCompletionSource Delivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Sent { get; private set; }

        public int TryHandle(ReadOnlySpan<byte> request, Span<byte> response, in RequestContext context) =>
            Message.TryParse(request, out Message? query, out _) && query.Question!.Name.ToString().StartsWith("stream", StringComparison.Ordinal)
                ? -1
                : Answer(query!, response);

        public async Task HandleAsync(ReadOnlyMemory<byte> request, IResponseSink sink, RequestContext context, CancellationToken cancellationToken)
        {
            Message.TryParse(request.Span, out Message? query, out _).ShouldBeTrue();
            Message answer = Response(query!);
            answer.Answers.Add(new ResourceRecord(query.Question!.Name, 60, new UnknownRdata((RecordType)65280, new byte[16_000])));
            byte[] wire = answer.ToArray();
            for (int i = 0; i < messages; i++)
            {
                await sink.SendAsync(wire, cancellationToken);
                Sent++;
            }

            await sink.WhenDeliveredAsync(cancellationToken);
            Delivered.TrySetResult();
        }

        private static int Answer(Message query, Span<byte> response) => Response(query).WriteTo(response);

        private static Message Response(Message query)
        {
            var response = new Message { Id = query.Id, Flags = HeaderFlags.QR | HeaderFlags.AA };
            response.Questions.AddRange(query.Questions);
            return response;
        }
    }

    private static Message Query(string name, ushort id) => Message.CreateQuery(DomainName.Parse(name), RecordType.A, id);

    private static async Task ShouldAnswerAsync(RawTcpConnection connection, ushort id)
    {
        await connection.SendAsync(RawTcpConnection.Frame(Query("www.example.", id)));
        (await connection.ReadMessageAsync()).Id.ShouldBe(id);
    }
}
