using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Server.RateLimiting;
using DnsSuite.TestSupport;

namespace DnsSuite.Server.Tests.RateLimiting;

public class ResponseRateLimiterTests
{
    private static readonly IPEndPoint Local = new(IPAddress.Loopback, 53);

    private static RequestContext From(string address) => new(new IPEndPoint(IPAddress.Parse(address), 4000), Local, DnsTransport.Udp);

    private static byte[] Answer(string name, string data = "192.0.2.1")
    {
        var response = new Message { Id = 7, Flags = HeaderFlags.QR | HeaderFlags.AA };
        response.Questions.Add(new Question(DomainName.Parse(name), RecordType.A));
        response.Answers.Add(Records.Rr($"{name} 300 IN A {data}"));
        return response.ToArray();
    }

    private static byte[] NxDomain(string name, string zone)
    {
        var response = new Message { Id = 7, Flags = HeaderFlags.QR | HeaderFlags.AA, ResponseCode = ResponseCode.NXDomain };
        response.Questions.Add(new Question(DomainName.Parse(name), RecordType.A));
        response.Authority.Add(Records.Rr($"{zone} 300 IN SOA ns.{zone} host.{zone} 1 2 3 4 5"));
        return response.ToArray();
    }

    private static List<RateLimitAction> Decide(ResponseRateLimiter limiter, string client, IEnumerable<byte[]> responses) =>
        [.. responses.Select(response => limiter.Decide(From(client), response))];

    [Test]
    public void Default_LimitsNothing()
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions(), new ManualTimeProvider());

        Decide(limiter, "192.0.2.10", Enumerable.Repeat(Answer("www.example."), 1000)).ShouldAllBe(action => action == RateLimitAction.Send);
    }

    [Test]
    public void SameAnswerToOneNetwork_PassesASecondsWorthThenDropsWithEverySecondOneSlipped()
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 10 }, new ManualTimeProvider());

        List<RateLimitAction> actions = Decide(limiter, "192.0.2.10", Enumerable.Repeat(Answer("www.example."), 31));

        actions.Take(11).ShouldAllBe(action => action == RateLimitAction.Send);
        actions.Skip(11).Count(action => action == RateLimitAction.Slip).ShouldBe(10);
        actions.Skip(11).Count(action => action == RateLimitAction.Drop).ShouldBe(10);
    }

    [Test]
    public void AfterASecond_TheRateIsAvailableAgain()
    {
        var time = new ManualTimeProvider();
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 10, Slip = 0 }, time);
        Decide(limiter, "192.0.2.10", Enumerable.Repeat(Answer("www.example."), 50));

        time.Advance(TimeSpan.FromSeconds(1));

        Decide(limiter, "192.0.2.10", Enumerable.Repeat(Answer("www.example."), 50)).Count(action => action == RateLimitAction.Send).ShouldBe(10);
    }

    [Test]
    public void OneNetworkIsOneClient_AnotherNetworkIsNot()
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 5, Slip = 0 }, new ManualTimeProvider());
        Decide(limiter, "192.0.2.10", Enumerable.Repeat(Answer("www.example."), 20));

        limiter.Decide(From("192.0.2.99"), Answer("www.example.")).ShouldBe(RateLimitAction.Drop, "the same /24");
        limiter.Decide(From("198.51.100.1"), Answer("www.example.")).ShouldBe(RateLimitAction.Send);
        limiter.Decide(From("192.0.2.10"), Answer("other.example.")).ShouldBe(RateLimitAction.Send, "another answer has its own bucket");
    }

    [Test]
    public void NxDomainForRandomNames_CountsPerZone()
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 5, Slip = 0 }, new ManualTimeProvider());

        List<RateLimitAction> actions = Decide(limiter, "192.0.2.10", Enumerable.Range(0, 20).Select(i => NxDomain($"r{i}.example.", "example.")));

        actions.Count(action => action == RateLimitAction.Send).ShouldBe(6);
        limiter.Decide(From("192.0.2.10"), NxDomain("r1.other.", "other.")).ShouldBe(RateLimitAction.Send);
    }

    [Test]
    public void ExemptClients_AreNeverLimited()
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 1, Exempt = ["192.0.2.0/25", "2001:db8::1"] }, new ManualTimeProvider());

        Decide(limiter, "192.0.2.100", Enumerable.Repeat(Answer("www.example."), 50)).ShouldAllBe(action => action == RateLimitAction.Send);
        Decide(limiter, "2001:db8::1", Enumerable.Repeat(Answer("www.example."), 50)).ShouldAllBe(action => action == RateLimitAction.Send);
        Decide(limiter, "192.0.2.200", Enumerable.Repeat(Answer("www.example."), 50)).ShouldContain(RateLimitAction.Drop);
    }

    [Test]
    public void Truncate_LeavesHeaderAndQuestionWithTc()
    {
        byte[] response = Answer("www.example.");

        int length = ResponseRateLimiter.Truncate(response);

        Message.TryParse(response.AsSpan(0, length), out Message? slipped, out string? error).ShouldBeTrue(error);
        slipped.Flags.HasFlag(HeaderFlags.TC).ShouldBeTrue();
        slipped.Question!.Name.ShouldBe(DomainName.Parse("www.example."));
        slipped.Answers.ShouldBeEmpty();
        slipped.Id.ShouldBe((ushort)7);
    }
}
