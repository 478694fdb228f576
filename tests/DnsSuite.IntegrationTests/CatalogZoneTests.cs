using System.Globalization;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// <c>dnssuite primary --catalog</c> feeding <c>dnssuite secondary --catalog</c>: zones created and deleted with
/// <c>dnssuite publish</c> start and stop being served by the secondary without touching its configuration.
/// </summary>
public sealed class CatalogZoneTests
{
    private const string Catalog = "catalog.invalid.";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Task<(int ExitCode, string StandardOutput, string StandardError)> PublishAsync(string data, params string[] args) =>
        DnsSuiteProcess.RunAsync(["publish", .. args, "--data", data]);

    private static async Task CreateZoneAsync(string data, string zone, params string[] more)
    {
        var result = await PublishAsync(data, ["create-zone", zone, "--soa", "ns1 hostmaster 1 3600 600 1209600 300", "--ns", "ns1", "--record", "ns1 A 192.0.2.53", .. more]);
        result.ExitCode.ShouldBe(0, result.StandardError);
    }

    [Test]
    public async Task Secondary_FollowingTheCatalog_AddsCreatedZones_AndDropsDeletedOnesWithTheirData()
    {
        using var dir = new TempDir();
        string data = dir.Combine("primary-data");
        string secondaryData = dir.Combine("secondary-data");
        int secondaryPort = FreePort.Next();
        await CreateZoneAsync(data, "a.test.", "--group", "blue");
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(
            ["primary", "--listen", "127.0.0.1:0", "--data", data, "--catalog", Catalog],
            new Dictionary<string, string>
            {
                ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1",
                ["DNSSUITE__Notify__AlsoNotify__0"] = $"127.0.0.1:{secondaryPort}",
            });
        using DnsSuiteProcess secondary = await DnsSuiteProcess.StartAsync(
            ["secondary", "--listen", $"127.0.0.1:{secondaryPort}", "--data", secondaryData, "--catalog", $"{Catalog}@127.0.0.1:{Port(primary)}"],
            new Dictionary<string, string> { ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1" });

        await WaitServedAsync(secondary, "a.test.", true, primary);
        (await ShortAsync(secondary, "ns1.a.test.", "A")).ShouldBe("192.0.2.53");

        await CreateZoneAsync(data, "b.test.");
        await WaitServedAsync(secondary, "b.test.", true, primary);
        (await ShortAsync(secondary, Catalog, "SOA")).ShouldBe(await ShortAsync(primary, Catalog, "SOA"));

        (await PublishAsync(data, "delete-zone", "a.test.")).ExitCode.ShouldBe(0);
        await WaitServedAsync(secondary, "a.test.", false, primary);
        await Wait.UntilAsync(() => !File.Exists(Path.Combine(secondaryData, "a.test.zone")), Timeout, "the left zone's data to be deleted");
        File.Exists(Path.Combine(secondaryData, "b.test.zone")).ShouldBeTrue();
        (await ShortAsync(secondary, "ns1.b.test.", "A")).ShouldBe("192.0.2.53");
        secondary.StandardOutput.ShouldContain("following member zone b.test.", customMessage: secondary.StandardOutput);
        secondary.StandardOutput.ShouldContain("zone a.test. left the catalog", customMessage: secondary.StandardOutput);
    }

    [Test]
    public async Task TwoPrimaries_OnCopiesOfTheSameLog_ServeTheSameCatalog()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        await CreateZoneAsync(data, "a.test.");
        await CreateZoneAsync(data, "b.test.", "--group", "g1");
        (await PublishAsync(data, "delete-zone", "a.test.")).ExitCode.ShouldBe(0);
        (await PublishAsync(data, "set-metadata", "b.test.", "--group", "g2")).ExitCode.ShouldBe(0);
        string copy = dir.Combine("copy");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(data))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        using DnsSuiteProcess first = await DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--data", data, "--catalog", Catalog], new Dictionary<string, string> { ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1" });
        using DnsSuiteProcess second = await DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--data", copy, "--catalog", Catalog], new Dictionary<string, string> { ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1" });
        string axfr = await AxfrAsync(first);
        axfr.ShouldContain("\"g2\"");
        axfr.ShouldNotContain("a.test.");
        (await AxfrAsync(second)).ShouldBe(axfr);
    }

    private static Task WaitServedAsync(DnsSuiteProcess secondary, string zone, bool served, DnsSuiteProcess primary) =>
        Wait.UntilAsync(
            async () => (await ShortAsync(secondary, zone, "SOA")).Length > 0 == served,
            Timeout,
            $"{zone} {(served ? "" : "no longer ")}served by the secondary\n{secondary}\n{primary}");

    private static string Port(DnsSuiteProcess process) => process.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> ShortAsync(DnsSuiteProcess server, string name, string type) =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(server), "+short", "+tries=1", "+time=5", name, type], Timeout)).StdOut.Trim();

    private static async Task<string> AxfrAsync(DnsSuiteProcess primary)
    {
        ToolResult transfer = await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(primary), "+noall", "+answer", "+tries=1", "+time=5", Catalog, "AXFR"], Timeout);
        transfer.StdOut.ShouldContain("SOA", customMessage: transfer.StdOut + transfer.StdErr);
        return transfer.StdOut;
    }
}
