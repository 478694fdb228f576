using System.Globalization;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.IntegrationTests;

/// <summary><c>dnssuite probe --once</c> against a real primary and a BIND secondary fed by it.</summary>
public sealed class ProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task ProbeOnce_PrimaryAndBindSecondary_ServeFreshHeartbeats()
    {
        using TempDir data = new();
        int bindPort = FreePort.Next();
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(
            ["primary", "--listen", "127.0.0.1:0", "--http", "off", "--data", data.Path, "--zones", RepositoryPaths.SampleZones],
            new Dictionary<string, string>
            {
                ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1",
                ["DNSSUITE__Notify__AlsoNotify__0"] = $"127.0.0.1:{bindPort.ToString(CultureInfo.InvariantCulture)}",
            });
        using BindServer bind = await BindServer.StartSecondaryAsync(["example.com."], primary.TcpEndPoint, port: bindPort);

        (int exitCode, string stdout, string stderr) = await DnsSuiteProcess.RunAsync(
            ["probe", "--once", "--data", data.Path, "--zone", "example.com.", "--server", primary.UdpEndPoint.ToString(), "--server", bind.EndPoint.ToString(), "--max-age", "30s"]);

        exitCode.ShouldBe(0, $"{stdout}\n{stderr}\n{bind.Log}");
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2, stdout);
        lines.ShouldContain(line => line.StartsWith($"server {primary.UdpEndPoint} zone example.com. heartbeat-age ", StringComparison.Ordinal) && line.EndsWith("serial-lag 0 fresh", StringComparison.Ordinal));
        lines.ShouldContain(line => line.StartsWith($"server {bind.EndPoint} zone example.com. heartbeat-age ", StringComparison.Ordinal) && line.EndsWith("serial-lag 0 fresh", StringComparison.Ordinal));
    }

    [Test]
    public async Task ProbeOnce_WhenAServerDoesNotAnswer_ReportsItStaleAndExitsOne()
    {
        using TempDir data = new();
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--http", "off", "--data", data.Path, "--zones", RepositoryPaths.SampleZones]);
        string silent = $"127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";

        (int exitCode, string stdout, _) = await DnsSuiteProcess.RunAsync(
            ["probe", "--once", "--data", data.Path, "--zone", "example.net.", "--server", primary.UdpEndPoint.ToString(), "--server", silent, "--max-age", "3s", "--timeout", "1s"]);

        exitCode.ShouldBe(1, stdout);
        stdout.ShouldContain($"server {primary.UdpEndPoint} zone example.net. heartbeat-age ");
        stdout.ShouldContain($"server {silent} zone example.net. heartbeat-age none serial - serial-lag - STALE");
    }

    [Test]
    public async Task Probe_WithoutServers_IsAUsageError()
    {
        (int exitCode, _, string stderr) = await DnsSuiteProcess.RunAsync(["probe", "--once", "--zone", "example.com."]);

        exitCode.ShouldBe(2);
        stderr.ShouldContain("--server");
    }
}
