using System.Net;
using System.Net.Sockets;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;

using static DnsSuite.Net.Tests.Loopback;

namespace DnsSuite.Net.Tests;

public sealed class UdpDnsListenerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Query_IsAnsweredFromTheFastPath()
    {
        await using DnsListener server = Listen(new TestRequestHandler());
        Message query = Message.CreateQuery(DomainName.Parse("www.example."), RecordType.A, id: 4711);

        Message response = await new DnsClient().QueryAsync(server.LocalEndPoint, query, DnsTransport.Udp, Timeout, CancellationToken.None);

        response.Id.ShouldBe((ushort)4711);
        response.IsResponse.ShouldBeTrue();
        response.Question.ShouldBe(query.Question);
        response.Answers.Single().Data.ToString().ShouldBe("192.0.2.1");
    }

    [Test]
    public async Task SlowPathRequest_IsAnsweredThroughTheSink()
    {
        var handler = new TestRequestHandler();
        handler.ReleaseSlow();
        await using DnsListener server = Listen(handler);

        Message response = await new DnsClient().QueryAsync(server.LocalEndPoint, Message.CreateQuery(DomainName.Parse("slow.example."), RecordType.A, id: 7), DnsTransport.Udp, Timeout, CancellationToken.None);

        response.Id.ShouldBe((ushort)7);
        handler.SlowRequestsStarted.ShouldBe(1);
    }

    [Test]
    public async Task HandlerExceptions_DoNotStopTheListener()
    {
        await using DnsListener server = Listen(new TestRequestHandler(), new DnsListenerOptions { UdpReceiveLoops = 1 });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        foreach (string name in new[] { "throw.example.", "throwasync.example." })
        {
            await socket.SendToAsync(Message.CreateQuery(DomainName.Parse(name), RecordType.A, id: 1).ToArray(), SocketFlags.None, server.LocalEndPoint);
        }

        await socket.SendToAsync(new byte[] { 1, 2, 3 }, SocketFlags.None, server.LocalEndPoint);

        Message response = await new DnsClient().QueryAsync(server.LocalEndPoint, Message.CreateQuery(DomainName.Parse("www.example."), RecordType.A, id: 2), DnsTransport.Udp, Timeout, CancellationToken.None);

        response.Id.ShouldBe((ushort)2);
    }

    [Test]
    public async Task Listener_BoundToIPv6Loopback_AnswersQueries()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Ignore("IPv6 is not available on this machine");
        }

        await using var listener = new UdpDnsListener(new IPEndPoint(IPAddress.IPv6Loopback, 0), new TestRequestHandler(), new DnsListenerOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        listener.Start();

        Message response = await new DnsClient().QueryAsync(listener.LocalEndPoint, Message.CreateQuery(DomainName.Parse("www.example."), RecordType.A, id: 3), DnsTransport.Udp, Timeout, CancellationToken.None);

        response.Id.ShouldBe((ushort)3);
    }
}
