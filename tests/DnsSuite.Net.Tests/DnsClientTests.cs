using System.Net;
using System.Net.Sockets;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;

using static DnsSuite.Net.Tests.Loopback;

namespace DnsSuite.Net.Tests;

public sealed class DnsClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task TruncatedUdpResponse_IsRetriedOverTcp()
    {
        await using DnsListener server = Listen(new TestRequestHandler());

        Message response = await new DnsClient().QueryAsync(server.LocalEndPoint, Query("truncated.example.", 5), DnsTransport.Udp, Timeout, CancellationToken.None);

        response.Flags.HasFlag(HeaderFlags.TC).ShouldBeFalse();
        response.Answers.Count.ShouldBe(1);
    }

    [Test]
    public async Task TcpQuery_IsAnswered()
    {
        await using DnsListener server = Listen(new TestRequestHandler());

        Message response = await new DnsClient().QueryAsync(server.LocalEndPoint, Query("www.example.", 6), DnsTransport.Tcp, Timeout, CancellationToken.None);

        response.Id.ShouldBe((ushort)6);
    }

    [Test]
    public async Task UdpResponses_WithAnotherIdOrQuestion_AreIgnored()
    {
        using var fakeServer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        fakeServer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Message query = Query("www.example.", 100);
        Task<Message> pending = new DnsClient().QueryAsync((IPEndPoint)fakeServer.LocalEndPoint!, query, DnsTransport.Udp, Timeout, CancellationToken.None);

        byte[] buffer = new byte[512];
        EndPoint client = new IPEndPoint(IPAddress.Any, 0);
        SocketReceiveFromResult received = await fakeServer.ReceiveFromAsync(buffer, SocketFlags.None, client);
        foreach (Message reply in new[] { Reply(Query("www.example.", 101)), Reply(Query("other.example.", 100)), Reply(query) })
        {
            await fakeServer.SendToAsync(reply.ToArray(), SocketFlags.None, received.RemoteEndPoint);
        }

        Message response = await pending;
        response.Id.ShouldBe((ushort)100);
        response.Question!.Name.ShouldBe(DomainName.Parse("www.example."));
        response.Answers.Count.ShouldBe(1);
    }

    [Test]
    public async Task UdpQuery_WithoutAnswer_TimesOut()
    {
        using var silentServer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silentServer.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        await Should.ThrowAsync<TimeoutException>(() => new DnsClient().QueryAsync((IPEndPoint)silentServer.LocalEndPoint!, Query("www.example.", 1), DnsTransport.Udp, TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    private static Message Query(string name, ushort id) => Message.CreateQuery(DomainName.Parse(name), RecordType.A, id);

    /// <summary>A response to <paramref name="query"/> marked by one answer, so the test can tell which reply was taken.</summary>
    private static Message Reply(Message query)
    {
        var reply = new Message { Id = query.Id, Flags = HeaderFlags.QR };
        reply.Questions.AddRange(query.Questions);
        if (query.Id == 100 && query.Question!.Name == DomainName.Parse("www.example."))
        {
            reply.Answers.Add(new DnsSuite.Protocol.Records.ResourceRecord(query.Question.Name, 60, DnsSuite.Protocol.Records.Rdata.Parse(RecordType.A, "192.0.2.100")));
        }

        return reply;
    }
}
