using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

public sealed class PrimaryProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly string[] PrimaryOnFreePort = ["primary", "--listen", "127.0.0.1:0"];

    [TestCase(DnsTransport.Udp)]
    [TestCase(DnsTransport.Tcp)]
    public async Task Primary_WithoutZones_RefusesQueries(DnsTransport transport)
    {
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(PrimaryOnFreePort);
        Message query = Message.CreateQuery(DomainName.Parse("www.example.com."), RecordType.A, id: 1234);

        Message response = await new DnsClient().QueryAsync(transport == DnsTransport.Udp ? primary.UdpEndPoint : primary.TcpEndPoint, query, transport, Timeout, CancellationToken.None);

        response.Id.ShouldBe((ushort)1234);
        response.ResponseCode.ShouldBe(ResponseCode.Refused);
        response.Question.ShouldBe(query.Question);
    }

    [TestCase("+notcp")]
    [TestCase("+tcp")]
    public async Task Primary_AnswersDig(string transport)
    {
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(PrimaryOnFreePort);

        (_, int exitCode, string output, _) = await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", primary.UdpEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), transport, "+tries=1", "+time=5", "www.example.com.", "A"], Timeout);

        exitCode.ShouldBe(0, output);
        output.ShouldContain("status: REFUSED");
        output.ShouldContain("udp: 1232", customMessage: "the OPT record should be echoed");
    }

    [Test]
    public async Task Primary_OnSigterm_ClosesListenersAndExitsZero()
    {
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(PrimaryOnFreePort);

        int exitCode = await primary.StopAsync();

        exitCode.ShouldBe(0, primary.ToString());
        primary.StandardOutput.ShouldContain("Listeners closed");
    }

    [Test]
    public async Task Primary_ReadyFile_ListsEveryListenAddress()
    {
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--listen", "127.0.0.2:0"]);

        string ready = await File.ReadAllTextAsync(primary.ReadyFile);

        ready.ShouldContain("127.0.0.2:");
        ready.ShouldContain($"\"pid\":");
    }

    [TestCase("--listen", "not-an-address", "'not-an-address' is not IP:PORT")]
    [TestCase("--listen", "127.0.0.1", "'127.0.0.1' is not IP:PORT")]
    [TestCase("--zones", "no-such-folder", "'no-such-folder' does not exist")]
    [TestCase("--no-such-flag", "x", "--no-such-flag")]
    public async Task Primary_WithBadArguments_ExitsTwoWithOneLine(string flag, string value, string expected)
    {
        (int exitCode, _, string error) = await DnsSuiteProcess.RunAsync(["primary", flag, value]);

        exitCode.ShouldBe(2, error);
        error.ShouldContain(expected);
        OneLine(error);
    }

    [Test]
    public async Task Primary_WithBrokenJsonConfig_ExitsTwoNamingTheFile()
    {
        string config = Path.Combine(Path.GetTempPath(), $"dnssuite-broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, "{ \"Server\": { \"Listen\": [ ");
        try
        {
            (int exitCode, _, string error) = await DnsSuiteProcess.RunAsync(["primary", "--config", config]);

            exitCode.ShouldBe(2, error);
            error.ShouldContain(config);
            OneLine(error);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Test]
    public async Task Primary_ReadsListenFromEnvironment()
    {
        var environment = new Dictionary<string, string> { ["DNSSUITE__Server__Listen__0"] = "env-value" };

        (int exitCode, _, string error) = await DnsSuiteProcess.RunAsync(["primary"], environment);

        exitCode.ShouldBe(2, error);
        error.ShouldContain("'env-value' is not IP:PORT");
    }

    [Test]
    public async Task Primary_ReadsConfigFile()
    {
        string config = Path.Combine(Path.GetTempPath(), $"dnssuite-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, """{ "Server": { "Listen": [ "127.0.0.1:0" ], "MaxUdpPayload": 1400 } }""");
        try
        {
            using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(["primary", "--config", config]);

            (_, _, string output, _) = await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", primary.UdpEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+tries=1", "+time=5", "example.com.", "SOA"], Timeout);

            output.ShouldContain("udp: 1400");
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static void OneLine(string error) =>
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1, error);
}
