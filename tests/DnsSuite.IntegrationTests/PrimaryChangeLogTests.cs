using System.Globalization;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>The real <c>dnssuite primary</c> on the embedded change log, changed by <c>dnssuite publish</c> and read by dig and <c>dnssuite log inspect</c>.</summary>
public sealed class PrimaryChangeLogTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly Dictionary<string, string> AllowTransfers = new() { ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1" };

    private const string ZoneV1 = "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n";

    private static Task<DnsSuiteProcess> StartAsync(string data, string zones) =>
        DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--data", data, "--zones", zones], AllowTransfers);

    private static Task<(int ExitCode, string StandardOutput, string StandardError)> PublishAsync(string data, params string[] args) =>
        DnsSuiteProcess.RunAsync(["publish", .. args, "--data", data]);

    [Test]
    public async Task Primary_SeededAndPublished_ServesChangesWithIncrementSerials_AcrossRestartAndSighup()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", ZoneV1))!;

        using (DnsSuiteProcess primary = await StartAsync(data, zones))
        {
            (await ShortAsync(primary, "www.a.test.")).ShouldBe("192.0.2.10");
            (await SerialAsync(primary)).ShouldBe(10u, "the zone file's serial is the first serial");

            var published = await PublishAsync(data, "add", "a.test.", "web", "300", "A", "192.0.2.55");
            published.ExitCode.ShouldBe(0, published.StandardError);
            published.StandardOutput.Trim().ShouldBe("partition 0 offset 1");
            await Wait.UntilAsync(async () => await ShortAsync(primary, "web.a.test.") == "192.0.2.55", Timeout, "the published record to be served");
            (await SerialAsync(primary)).ShouldBe(11u, "one applied message is one increment");

            (await primary.StopAsync()).ShouldBe(0);
        }

        using (DnsSuiteProcess primary = await StartAsync(data, zones))
        {
            (await ShortAsync(primary, "web.a.test.")).ShouldBe("192.0.2.55", "the published change lives in the log, not in the file");
            (await SerialAsync(primary)).ShouldBe(11u, "an unchanged zone file changes nothing at restart");

            dir.WriteFile("zones/a.test.zone", ZoneV1.Replace("192.0.2.10", "192.0.2.11", StringComparison.Ordinal) + "mail A 192.0.2.25\n");
            primary.Reload();
            await Wait.UntilAsync(async () => await ShortAsync(primary, "www.a.test.") == "192.0.2.11", Timeout, "the edited file to be applied after SIGHUP");
            (await ShortAsync(primary, "mail.a.test.")).ShouldBe("192.0.2.25");
            (await ShortAsync(primary, "web.a.test.")).ShouldBe("192.0.2.55", "a file edit applies its difference and keeps published records");
            (await SerialAsync(primary)).ShouldBe(12u, "the difference is one message");
        }
    }

    [Test]
    public async Task Publish_InvalidRecord_ExitsWithTwoAndOneClearLine()
    {
        using var dir = new TempDir();
        var result = await PublishAsync(dir.Combine("data"), "add", "a.test.", "www", "300", "A", "192.0.2.300");

        result.ExitCode.ShouldBe(2);
        result.StandardError.Trim().ShouldStartWith("dnssuite publish: InvalidRdata: A rdata '192.0.2.300'");
        result.StandardError.Trim().ShouldNotContain('\n');
        File.Exists(dir.Combine("data/changes.log")).ShouldBeFalse("nothing is written for an invalid change");
    }

    [Test]
    public async Task Primary_RejectedMessage_IsLoggedAndSkipped_AndLogInspectShowsIt()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", ZoneV1))!;
        string conflict = dir.WriteFile("cname.json", """{"version":1,"zone":"a.test.","operations":[{"op":"ADD","name":"www","ttl":60,"type":"CNAME","rdata":"web"}],"source":"test"}""");
        using DnsSuiteProcess primary = await StartAsync(data, zones);

        (await PublishAsync(data, "raw", conflict)).StandardOutput.Trim().ShouldBe("partition 0 offset 1", "a conflict with the zone's content passes the local checks");
        (await PublishAsync(data, "add", "a.test.", "later", "300", "TXT", "\"after the rejection\"")).ExitCode.ShouldBe(0);

        await Wait.UntilAsync(async () => (await ShortAsync(primary, "later.a.test.", "TXT")) == "\"after the rejection\"", Timeout, "the message after the rejected one to be applied");
        primary.StandardOutput.ShouldContain("partition 0 offset 1 key 'a.test.': CnameConflict", customMessage: primary.StandardOutput);
        (await ShortAsync(primary, "www.a.test.")).ShouldBe("192.0.2.10");
        (await SerialAsync(primary)).ShouldBe(11u, "a rejected message does not bump the serial");

        var inspect = await DnsSuiteProcess.RunAsync(["log", "inspect", "--data", data, "--history", "--zone", "a.test."]);
        inspect.ExitCode.ShouldBe(0, inspect.StandardError);
        inspect.StandardOutput.ShouldContain("zone a.test.");
        inspect.StandardOutput.ShouldContain("p0@0");
        inspect.StandardOutput.ShouldContain("zone created: serial 10");
        inspect.StandardOutput.ShouldContain("+ www.a.test. 60 IN A 192.0.2.10");
        inspect.StandardOutput.ShouldContain("p0@1");
        inspect.StandardOutput.ShouldContain("REJECTED CnameConflict");
        inspect.StandardOutput.ShouldContain("+ www 60 CNAME web");
        inspect.StandardOutput.ShouldContain("applied: serial 10 -> 11");
        inspect.StandardOutput.ShouldContain("+ later.a.test. 300 IN TXT \"after the rejection\"");
        inspect.StandardOutput.ShouldContain("end of log: partition 0 high watermark 3");
    }

    [Test]
    public async Task LogInspect_AfterAPrimaryWroteSnapshots_ShowsEachZonesSnapshotWithItsHistory_ThenOnlyTheChangesAfterIt()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", ZoneV1))!;
        using (DnsSuiteProcess primary = await StartAsync(data, zones))
        {
            (await PublishAsync(data, "add", "a.test.", "web", "300", "A", "192.0.2.55")).ExitCode.ShouldBe(0);
            (await PublishAsync(data, "add", "a.test.", "mail", "300", "A", "192.0.2.25")).ExitCode.ShouldBe(0);
            await Wait.UntilAsync(async () => await SerialAsync(primary) == 12u, Timeout, "both changes to be served");
            (await primary.StopAsync()).ShouldBe(0, "a primary writes its zones' snapshots as it stops");
        }

        (await PublishAsync(data, "add", "a.test.", "later", "300", "A", "192.0.2.99")).ExitCode.ShouldBe(0);

        // The snapshots are read as a primary's start-up reads them (SnapshotLoader): the zone, its history, its position.
        var inspect = await DnsSuiteProcess.RunAsync(["log", "inspect", "--data", data, "--zone", "a.test."]);
        inspect.ExitCode.ShouldBe(0, inspect.StandardError);
        inspect.StandardOutput.ShouldContain("snapshot: serial 12, 6 records, includes p0@2, history from serial 10 (2 changesets)", customMessage: inspect.StandardOutput);
        inspect.StandardOutput.ShouldNotContain("zone created", customMessage: "the snapshot includes the CREATE_ZONE");
        inspect.StandardOutput.ShouldContain("p0@3");
        inspect.StandardOutput.ShouldContain("applied: serial 12 -> 13");
        inspect.StandardOutput.ShouldContain("now: serial 13, 7 records, Current, last record p0@3");
    }

    [Test]
    public async Task Primaries_ReplayingTheSameLog_AnswerTheSameSerialAndAxfr()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", ZoneV1))!;
        using DnsSuiteProcess live = await StartAsync(data, zones);
        (await PublishAsync(data, "set", "a.test.", "www", "120", "A", "192.0.2.20", "--rdata", "192.0.2.21")).ExitCode.ShouldBe(0);
        (await PublishAsync(data, "add", "a.test.", "@", "300", "MX", "10", "mail")).ExitCode.ShouldBe(0);
        (await PublishAsync(data, "del", "a.test.", "ns", "A", "192.0.2.1")).ExitCode.ShouldBe(0);
        (await PublishAsync(data, "add", "a.test.", "ns", "300", "A", "192.0.2.2")).ExitCode.ShouldBe(0);
        await Wait.UntilAsync(async () => await SerialAsync(live) == 14u, Timeout, "four changes to be applied");
        string liveAxfr = await AxfrAsync(live);

        // A second primary that has never seen the zone rebuilds it from a copy of the log alone.
        string copy = dir.Combine("copy");
        CopyDirectory(data, copy);
        File.Delete(Path.Combine(copy, "seeded-files.json"));
        using var emptyZones = new TempDir();
        using DnsSuiteProcess replayed = await StartAsync(copy, emptyZones.Path);

        (await SerialAsync(replayed)).ShouldBe(14u);
        (await AxfrAsync(replayed)).ShouldBe(liveAxfr);
        liveAxfr.ShouldContain("ns.a.test.\t\t300\tIN\tA\t192.0.2.2");

        // Every applied change went to the IXFR journal, the same on both.
        string liveIxfr = await TransferAsync(live, "IXFR=12");
        liveIxfr.ShouldContain("ns.a.test.\t\t60\tIN\tA\t192.0.2.1", customMessage: "IXFR from 12 removes the old address");
        liveIxfr.ShouldNotContain("192.0.2.20", customMessage: "the change before serial 12 is not part of it");
        (await TransferAsync(replayed, "IXFR=12")).ShouldBe(liveIxfr);
    }

    [Test]
    public async Task Primary_EmbeddedPollIntervalFromTheEnvironment_IsTheOneItPollsWith_AndServesAnotherProcesssAppends()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", ZoneV1))!;
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(
            ["primary", "--listen", "127.0.0.1:0", "--data", data, "--zones", zones],
            new Dictionary<string, string>(AllowTransfers) { ["DNSSUITE__ChangeLog__Embedded__PollInterval"] = "00:00:00.250" });

        primary.StandardOutput.ShouldContain("appends by other processes are read when the file system reports them, and within 250 ms at most", customMessage: primary.ToString());
        (await PublishAsync(data, "add", "a.test.", "polled", "300", "A", "192.0.2.77")).ExitCode.ShouldBe(0);
        await Wait.UntilAsync(async () => await ShortAsync(primary, "polled.a.test.") == "192.0.2.77", Timeout, "the other process's append to be read");
    }

    [TestCase("00:00:00", "dnssuite: invalid configuration: ChangeLog:Embedded:PollInterval: '00:00:00' is not a positive duration (such as 00:00:00.050 for 50 ms)")]
    [TestCase("-00:00:01", "dnssuite: invalid configuration: ChangeLog:Embedded:PollInterval: '-00:00:01' is not a positive duration (such as 00:00:00.050 for 50 ms)")]
    [TestCase("fast", "dnssuite: invalid configuration: Failed to convert configuration value 'fast' at 'ChangeLog:Embedded:PollInterval' to type 'System.TimeSpan'.")]
    public async Task Primary_EmbeddedPollIntervalNotAPositiveDuration_IsOneLineConfigurationError(string value, string error)
    {
        using var dir = new TempDir();

        (int exitCode, _, string stderr) = await DnsSuiteProcess.RunAsync(
            ["primary", "--listen", "127.0.0.1:0", "--http", "off", "--data", dir.Combine("data")],
            new Dictionary<string, string> { ["DNSSUITE__ChangeLog__Embedded__PollInterval"] = value });

        exitCode.ShouldBe(2, stderr);
        stderr.Trim().ShouldBe(error);
    }

    [Test]
    public async Task Publish_EmbeddedPollIntervalNotPositive_IsOneLineError_AndWritesNothing()
    {
        using var dir = new TempDir();
        string config = dir.WriteFile("dnssuite.json", """{ "ChangeLog": { "Embedded": { "PollInterval": "00:00:00" } } }""");

        var result = await DnsSuiteProcess.RunAsync(["publish", "add", "a.test.", "www", "300", "A", "192.0.2.1", "--data", dir.Combine("data"), "--config", config]);

        result.ExitCode.ShouldBe(2, result.StandardError);
        result.StandardError.Trim().ShouldBe("dnssuite publish: ChangeLog:Embedded:PollInterval: '00:00:00' is not a positive duration (such as 00:00:00.050 for 50 ms)");
        File.Exists(dir.Combine("data/changes.log")).ShouldBeFalse();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string Port(DnsSuiteProcess primary) => primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> ShortAsync(DnsSuiteProcess primary, string name, string type = "A") =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(primary), "+short", "+tries=1", "+time=5", name, type], Timeout)).StdOut.Trim();

    private static async Task<uint> SerialAsync(DnsSuiteProcess primary)
    {
        string soa = await ShortAsync(primary, "a.test.", "SOA");
        return uint.Parse(soa.Split(' ')[2], CultureInfo.InvariantCulture);
    }

    private static Task<string> AxfrAsync(DnsSuiteProcess primary) => TransferAsync(primary, "AXFR");

    private static async Task<string> TransferAsync(DnsSuiteProcess primary, string type)
    {
        ToolResult transfer = await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(primary), "+noall", "+answer", "+tries=1", "+time=5", "a.test.", type], Timeout);
        transfer.StdOut.ShouldContain("SOA", customMessage: transfer.StdOut + transfer.StdErr);
        return transfer.StdOut;
    }
}
