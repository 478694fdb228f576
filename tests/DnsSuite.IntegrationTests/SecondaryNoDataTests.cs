using System.Globalization;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>A real <c>dnssuite secondary</c> whose primary is down, so its zone never gets data.</summary>
public sealed class SecondaryNoDataTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Secondary_WhosePrimaryIsDown_AnswersServFailForItsZone_AndRefusedForOthers()
    {
        using TempDir data = new();
        int closedPort = FreePort.Next();
        using DnsSuiteProcess secondary = await DnsSuiteProcess.StartAsync(
            ["secondary", "--listen", "127.0.0.1:0", "--data", data.Path, "--zone", $"example.com.@127.0.0.1:{closedPort.ToString(CultureInfo.InvariantCulture)}"]);

        string zone = await DigAsync(secondary, "www.example.com.");
        zone.ShouldContain("status: SERVFAIL", customMessage: zone);
        zone.Split('\n').Single(line => line.StartsWith(";; flags:", StringComparison.Ordinal)).ShouldNotContain(" aa", customMessage: zone);
        string other = await DigAsync(secondary, "www.example.org.");
        other.ShouldContain("status: REFUSED", customMessage: other);
    }

    [Test]
    public async Task Secondary_WithAPrimaryAddressWithoutPort_ExitsTwo_NamingTheKey()
    {
        using TempDir data = new();

        (int exitCode, _, string stderr) = await DnsSuiteProcess.RunAsync(
            ["secondary", "--listen", "127.0.0.1:0", "--http", "off", "--data", data.Path],
            new Dictionary<string, string> { ["DNSSUITE__Secondary__Zones__0__Name"] = "example.com.", ["DNSSUITE__Secondary__Zones__0__Primaries__0__Address"] = "192.0.2.1" });

        exitCode.ShouldBe(2, stderr);
        stderr.Trim().ShouldBe("dnssuite: invalid configuration: Secondary:Zones:0:Primaries:0:Address '192.0.2.1' is not IP:PORT");
    }

    private static async Task<string> DigAsync(DnsSuiteProcess server, string name) =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", server.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture), "+norec", "+tries=1", "+time=5", name, "A"], Timeout)).StdOut;
}
