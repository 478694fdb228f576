using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Server.Hosting;
using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Tests.Hosting;

public sealed class RefusingRequestHandlerTests
{
    private static readonly RequestContext Context = new(new IPEndPoint(IPAddress.Loopback, 40000), new IPEndPoint(IPAddress.Loopback, 53), DnsTransport.Udp);
    private readonly RefusingRequestHandler _handler = new(Options.Create(new ServerOptions { MaxUdpPayload = 1400 }));

    [Test]
    public void Query_IsRefused_WithQuestionAndRdEchoed()
    {
        Message query = Message.CreateQuery(DomainName.Parse("www.Example.com."), RecordType.AAAA, id: 77);
        query.Flags = HeaderFlags.RD;

        Message response = Handle(query.ToArray())!;

        response.Id.ShouldBe((ushort)77);
        response.Flags.ShouldBe(HeaderFlags.QR | HeaderFlags.RD);
        response.ResponseCode.ShouldBe(ResponseCode.Refused);
        response.Question.ShouldBe(query.Question);
        response.Edns.ShouldBeNull();
    }

    [Test]
    public void QueryWithEdns_GetsOptWithOurPayloadAndItsDoBit()
    {
        Message query = Message.CreateQuery(DomainName.Parse("example.com."), RecordType.SOA, id: 1, edns: new Edns(4096, DnssecOk: true));

        Message response = Handle(query.ToArray())!;

        response.ResponseCode.ShouldBe(ResponseCode.Refused);
        response.Edns.ShouldNotBeNull();
        response.Edns.UdpPayloadSize.ShouldBe((ushort)1400, "the OPT record should advertise the configured payload");
        response.Edns.DnssecOk.ShouldBeTrue();
        response.Edns.OptionList.ShouldBeEmpty();
    }

    [Test]
    public void QueryWithUnknownEdnsVersion_GetsBadVers()
    {
        Message query = Message.CreateQuery(DomainName.Parse("example.com."), RecordType.SOA, id: 1, edns: new Edns(4096, Version: 1));

        Handle(query.ToArray())!.ResponseCode.ShouldBe(ResponseCode.BadVers);
    }

    [Test]
    public void TruncatedQuestion_GetsFormErr()
    {
        byte[] wire = Message.CreateQuery(DomainName.Parse("example.com."), RecordType.A, id: 9).ToArray();

        Message response = Handle(wire[..^3])!;

        response.Id.ShouldBe((ushort)9);
        response.ResponseCode.ShouldBe(ResponseCode.FormErr);
        response.Questions.ShouldBeEmpty();
    }

    [Test]
    public void Responses_AndOctetsShorterThanAHeader_AreNotAnswered()
    {
        var response = new Message { Id = 1, Flags = HeaderFlags.QR };

        Handle(response.ToArray()).ShouldBeNull();
        Handle([0, 1, 2]).ShouldBeNull();
    }

    private Message? Handle(byte[] request)
    {
        byte[] buffer = new byte[65535];
        int length = _handler.TryHandle(request, buffer, in Context);
        if (length == 0)
        {
            return null;
        }

        Message.TryParse(buffer.AsSpan(0, length), out Message? response, out string? error).ShouldBeTrue(error);
        return response;
    }
}
