using DnsSuite.Server.Hosting;

namespace DnsSuite.Server.Tests.Hosting;

public sealed class ServerOptionsValidatorTests
{
    [TestCase("127.0.0.1:53", true)]
    [TestCase("[::1]:5353", true)]
    [TestCase("0.0.0.0:0", true)]
    [TestCase("127.0.0.1", false)]
    [TestCase("::1", false)]
    [TestCase("[::1]", false)]
    [TestCase("127.0.0.1:", false)]
    [TestCase("127.0.0.1:70000", false)]
    [TestCase("localhost:53", false)]
    [TestCase("", false)]
    public void TryParseEndPoint_RequiresAnAddressAndAPort(string text, bool valid) =>
        ServerOptions.TryParseEndPoint(text, out _).ShouldBe(valid);

    [Test]
    public void Validate_ReportsEveryProblem_NamingKeyAndValue()
    {
        var options = new ServerOptions { Listen = ["127.0.0.1:53", "nonsense"], ZonesDirectory = "/no/such/dir", MaxUdpPayload = 100, TcpIdleTimeout = TimeSpan.Zero };

        var result = new ServerOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.Failures!.Count().ShouldBe(4);
        result.FailureMessage.ShouldContain("'nonsense'");
        result.FailureMessage.ShouldContain("/no/such/dir");
        result.FailureMessage.ShouldContain("MaxUdpPayload");
        result.FailureMessage.ShouldContain("TcpIdleTimeout");
    }

    [TestCase(0)]
    [TestCase(1025)]
    public void Validate_UdpBatchSizeOutsideOneTo1024_IsReported(int batchSize)
    {
        var result = new ServerOptionsValidator().Validate(null, new ServerOptions { UdpBatchSize = batchSize });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldBe($"Server:UdpBatchSize must be from 1 to 1024, not {batchSize}");
    }

    [Test]
    public void ToListenerOptions_CarriesTheUdpBatchSize() =>
        new ServerOptions { UdpBatchSize = 4 }.ToListenerOptions().UdpBatchSize.ShouldBe(4);

    [Test]
    public void ListenEndPoints_DefaultsToLoopback5353()
    {
        new ServerOptions().ListenEndPoints().Single().ToString().ShouldBe(ServerOptions.DefaultListen);
    }
}
