using System.Globalization;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// The RRset record limit (<c>Limits:MaxRecordsPerRRset</c>, default 100 as BIND 9.18.28+'s max-records-per-type) on the
/// real roles over loopback: UPDATE by nsupdate, a per-zone value, a secondary refusing a transfer over its limit, and a
/// bad value stopping the start.
/// </summary>
public sealed class RRsetLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = Timeout };

    // Refresh 1 s: a secondary asks again every Secondary:MinRefreshInterval (2 s).
    private const string ZoneText = "$TTL 60\n@ SOA ns hostmaster 10 1 1 600 60\n@ NS ns\nns A 192.0.2.1\n";

    [Test]
    public async Task Update_ThatWouldPutMoreThan100RecordsInAnRRset_IsServFailAsFromBind_WhileAZoneWithoutALimitTakesThem()
    {
        using TempDir dir = Files();
        await using DnsSuiteProcess primary = await StartPrimaryAsync(dir);

        ToolResult hundred = await NsupdateAsync(dir, primary, "a.test.", Adds("big.a.test.", 1, 100));
        uint serial = await SerialAsync(primary, "a.test.");
        ToolResult hundredAndFirst = await NsupdateAsync(dir, primary, "a.test.", Adds("big.a.test.", 101, 101));
        ToolResult unlimited = await NsupdateAsync(dir, primary, "b.test.", Adds("big.b.test.", 1, 150));

        hundred.ExitCode.ShouldBe(0, hundred.ToString());
        hundredAndFirst.StdErr.ShouldContain("update failed: SERVFAIL");
        (await SerialAsync(primary, "a.test.")).ShouldBe(serial);
        (await DigAsync(primary, "big.a.test.", "A", "+short")).Split('\n').Length.ShouldBe(100);
        unlimited.ExitCode.ShouldBe(0, unlimited.ToString());
        (await DigAsync(primary, "big.b.test.", "A", "+short", "+tcp")).Split('\n').Length.ShouldBe(150);
        await Wait.UntilAsync(() => primary.StandardOutput.Contains("big.a.test. A: the RRset would hold 101 records, more than the 100", StringComparison.Ordinal), Timeout, "the refusal in the log");
    }

    [Test]
    public async Task Secondary_RefusesATransferWithAnRRsetOverItsLimit_KeepsServingTheOldVersion_AndItsHealthSaysWhy()
    {
        using TempDir dir = Files();
        using TempDir secondaryData = new();
        await using DnsSuiteProcess primary = await StartPrimaryAsync(dir);
        await using DnsSuiteProcess secondary = await DnsSuiteProcess.StartAsync(
            ["secondary", "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--data", secondaryData.Path, "--zone", $"b.test.@{primary.TcpEndPoint}"]);
        await Wait.UntilAsync(async () => await DigAsync(secondary, "b.test.", "SOA", "+short") != "", Timeout, "the secondary's first transfer");
        uint before = await SerialAsync(secondary, "b.test.");

        (await NsupdateAsync(dir, primary, "b.test.", Adds("big.b.test.", 1, 150))).ExitCode.ShouldBe(0);
        uint primarySerial = await SerialAsync(primary, "b.test.");

        string zones = "";
        await Wait.UntilAsync(
            async () => (zones = await Http.GetStringAsync($"http://{secondary.HttpEndPoint}/zones")).Contains("would hold 150 records, more than the 100", StringComparison.Ordinal),
            Timeout, "the secondary's health to name the oversized RRset");
        zones.ShouldContain("big.b.test. A");
        primarySerial.ShouldNotBe(before);
        (await SerialAsync(secondary, "b.test.")).ShouldBe(before);
        (await DigAsync(secondary, "big.b.test.", "A", "+short")).ShouldBeEmpty();
    }

    [Test]
    public async Task Primary_WithANegativeLimit_ExitsTwo_NamingTheKey()
    {
        using TempDir data = new();

        (int exitCode, _, string stderr) = await DnsSuiteProcess.RunAsync(
            ["primary", "--listen", "127.0.0.1:0", "--http", "off", "--data", data.Path], new Dictionary<string, string> { ["DNSSUITE__Limits__MaxRecordsPerRRset"] = "-1" });

        exitCode.ShouldBe(2, stderr);
        stderr.Trim().ShouldBe("dnssuite: invalid configuration: Limits:MaxRecordsPerRRset must be 0 (no limit) or more, not -1");
    }

    /// <summary>Zones a.test. (the default limit) and b.test. (no limit, <c>Limits:Zones</c>), a key for UPDATE and transfers, a configuration.</summary>
    private static TempDir Files()
    {
        var dir = new TempDir();
        dir.WriteFile("zones/a.test.zone", ZoneText);
        dir.WriteFile("zones/b.test.zone", ZoneText);
        dir.WriteFile("ddns.key", PrimaryUpdateTests.KeyFile);
        dir.WriteFile("dnssuite.json", """
            {
              "Limits": { "Zones": { "b.test.": { "MaxRecordsPerRRset": 0 } } },
              "Update": { "Policy": [ "grant ddns-key. zonesub ANY" ] },
              "Transfers": { "AllowTransfer": [ "127.0.0.1" ] }
            }
            """);
        return dir;
    }

    private static Task<DnsSuiteProcess> StartPrimaryAsync(TempDir dir) => DnsSuiteProcess.StartAsync(
        ["primary", "--config", dir.Combine("dnssuite.json"), "--listen", "127.0.0.1:0", "--http", "off", "--data", dir.Combine("data"), "--zones", dir.Combine("zones"),
            "--key-file", dir.Combine("ddns.key")]);

    private static string Adds(string owner, int from, int to) =>
        string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"update add {owner} 60 A 10.0.{i / 250}.{i % 250 + 1}\n"));

    private static Task<ToolResult> NsupdateAsync(TempDir dir, DnsSuiteProcess server, string zone, string commands) =>
        ExternalTool.RunAsync("nsupdate", ["-k", dir.Combine("ddns.key")], Timeout, $"server 127.0.0.1 {Port(server)}\nzone {zone}\n{commands}send\n");

    private static async Task<string> DigAsync(DnsSuiteProcess server, string name, string type, params string[] options) =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(server), "+tries=1", "+time=5", .. options, name, type], Timeout)).StdOut.Trim();

    private static async Task<uint> SerialAsync(DnsSuiteProcess server, string zone) =>
        uint.Parse((await DigAsync(server, zone, "SOA", "+short")).Split(' ')[2], CultureInfo.InvariantCulture);

    private static string Port(DnsSuiteProcess server) => server.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture);
}
