using System.Globalization;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>The real <c>dnssuite primary</c> (embedded log) and <c>dnssuite secondary</c> changed by the real <c>nsupdate</c>.</summary>
public sealed class PrimaryUpdateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The zone a.test. every UPDATE test starts from.</summary>
    internal const string ZoneText = "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n";

    /// <summary>The secret of key ddns-key. (hmac-sha256) in <see cref="KeyFile"/>.</summary>
    internal const string Secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";

    internal const string KeyFile = "key \"ddns-key.\" {\n  algorithm hmac-sha256;\n  secret \"" + Secret + "\";\n};\n";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["DNSSUITE__Update__Policy__0"] = "grant ddns-key. zonesub ANY",
        ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1",
    };

    private static Task<DnsSuiteProcess> StartPrimaryAsync(TempDir dir) =>
        DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--data", dir.Combine("data"), "--zones", dir.Combine("zones"), "--key-file", dir.Combine("ddns.key")], Settings);

    private static TempDir Prepare()
    {
        var dir = new TempDir();
        dir.WriteFile("zones/a.test.zone", ZoneText);
        dir.WriteFile("ddns.key", KeyFile);
        return dir;
    }

    [Test]
    public async Task Nsupdate_ChangesAreServed_AndKeptAcrossARestart()
    {
        using TempDir dir = Prepare();
        using (DnsSuiteProcess primary = await StartPrimaryAsync(dir))
        {
            ToolResult update = await NsupdateAsync(dir, primary, """
                prereq nxdomain web.a.test.
                update add web.a.test. 300 A 192.0.2.55
                update delete www.a.test. A
                send
                """);
            update.ExitCode.ShouldBe(0, update.ToString());
            (await DigAsync(primary, "web.a.test.")).ShouldBe("192.0.2.55", "the answer comes after the apply");
            (await DigAsync(primary, "www.a.test.")).ShouldBeEmpty();
            (await SerialAsync(primary)).ShouldBe(11u, "one UPDATE is one log message");
            primary.StandardOutput.ShouldContain("UPDATE of a.test. from 127.0.0.1");
            (await primary.StopAsync()).ShouldBe(0);
        }

        using (DnsSuiteProcess primary = await StartPrimaryAsync(dir))
        {
            (await DigAsync(primary, "web.a.test.")).ShouldBe("192.0.2.55", "the update lives in the embedded log");
            (await DigAsync(primary, "www.a.test.")).ShouldBeEmpty("the zone file does not bring back what nsupdate deleted");
            (await SerialAsync(primary)).ShouldBe(11u);
        }
    }

    [Test]
    public async Task ExternalDnsStyle_BatchedTcpUpdatesWithTtlZeroTxt_AreAppliedAndListedByAxfr()
    {
        using TempDir dir = Prepare();
        using DnsSuiteProcess primary = await StartPrimaryAsync(dir);

        // ExternalDNS's RFC 2136 provider: one UPDATE per batch, no prerequisites, over TCP, with TXT ownership records.
        ToolResult batch = await NsupdateAsync(dir, primary, """
            update add app.a.test. 300 A 192.0.2.80
            update add app.a.test. 300 A 192.0.2.81
            update add a-app.a.test. 0 TXT "heritage=external-dns,external-dns/owner=default"
            update add api.a.test. 300 CNAME app.a.test.
            update add a-api.a.test. 0 TXT "heritage=external-dns,external-dns/owner=default"
            send
            update delete app.a.test. A 192.0.2.81
            update delete api.a.test. CNAME
            update delete a-api.a.test. TXT
            send
            """, tcp: true);
        batch.ExitCode.ShouldBe(0, batch.ToString());

        ToolResult axfr = await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(primary), "+noall", "+answer", "+tries=1", "+time=5", "a.test.", "AXFR"], Timeout);
        axfr.StdOut.ShouldContain("app.a.test.\t\t300\tIN\tA\t192.0.2.80");
        axfr.StdOut.ShouldNotContain("192.0.2.81");
        axfr.StdOut.ShouldContain("a-app.a.test.\t\t0\tIN\tTXT\t\"heritage=external-dns,external-dns/owner=default\"");
        axfr.StdOut.ShouldNotContain("api.a.test.");
        (await SerialAsync(primary)).ShouldBe(12u);
    }

    [Test]
    public async Task AcmeChallenge_AddThenDelete_LeavesTheZoneAsBefore()
    {
        using TempDir dir = Prepare();
        using DnsSuiteProcess primary = await StartPrimaryAsync(dir);

        (await NsupdateAsync(dir, primary, "update add _acme-challenge.www.a.test. 0 TXT \"dns-01-token\"\nsend\n")).ExitCode.ShouldBe(0);
        (await DigAsync(primary, "_acme-challenge.www.a.test.", "TXT")).ShouldBe("\"dns-01-token\"");
        (await NsupdateAsync(dir, primary, "update delete _acme-challenge.www.a.test. TXT \"dns-01-token\"\nsend\n")).ExitCode.ShouldBe(0);

        (await DigAsync(primary, "_acme-challenge.www.a.test.", "TXT")).ShouldBeEmpty();
        (await SerialAsync(primary)).ShouldBe(12u);
    }

    [Test]
    public async Task Secondary_ForwardingUpdates_RelaysNsupdateToItsPrimary_AndFollowsTheChange()
    {
        using TempDir dir = Prepare();
        using DnsSuiteProcess primary = await StartPrimaryAsync(dir);
        using DnsSuiteProcess secondary = await DnsSuiteProcess.StartAsync(
            ["secondary", "--listen", "127.0.0.1:0", "--data", dir.Combine("secondary"), "--zone", $"a.test.@127.0.0.1:{Port(primary)}"],
            new Dictionary<string, string> { ["DNSSUITE__Secondary__ForwardUpdates"] = "true" });
        await Wait.UntilAsync(async () => await SerialAsync(secondary) == 10u, Timeout, "the secondary to load the zone");

        // The secondary has no key: the TSIG record travels to the primary, which verifies it and signs the answer.
        ToolResult update = await NsupdateAsync(dir, secondary, "update add fwd.a.test. 300 A 192.0.2.99\nsend\n", tcp: true);

        update.ExitCode.ShouldBe(0, update.ToString());
        (await DigAsync(primary, "fwd.a.test.")).ShouldBe("192.0.2.99");
        await Wait.UntilAsync(async () => await DigAsync(secondary, "fwd.a.test.") == "192.0.2.99", Timeout, "the secondary to transfer the change");
    }

    [Test]
    public async Task Secondary_NotForwarding_RefusesUpdates()
    {
        using TempDir dir = Prepare();
        using DnsSuiteProcess primary = await StartPrimaryAsync(dir);
        using DnsSuiteProcess secondary = await DnsSuiteProcess.StartAsync(
            ["secondary", "--listen", "127.0.0.1:0", "--data", dir.Combine("secondary"), "--zone", $"a.test.@127.0.0.1:{Port(primary)}", "--key-file", dir.Combine("ddns.key")]);

        ToolResult update = await NsupdateAsync(dir, secondary, "update add fwd.a.test. 300 A 192.0.2.99\nsend\n");

        update.ExitCode.ShouldNotBe(0);
        update.StdErr.ShouldContain("REFUSED");
    }

    private static string Port(DnsSuiteProcess process) => process.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture);

    private static Task<ToolResult> NsupdateAsync(TempDir dir, DnsSuiteProcess server, string commands, bool tcp = false) =>
        ExternalTool.RunAsync("nsupdate", tcp ? ["-v", "-k", dir.Combine("ddns.key")] : ["-k", dir.Combine("ddns.key")], Timeout,
            $"server 127.0.0.1 {Port(server)}\nzone a.test.\n{commands}");

    private static async Task<string> DigAsync(DnsSuiteProcess server, string name, string type = "A") =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(server), "+short", "+tries=1", "+time=5", name, type], Timeout)).StdOut.Trim();

    private static async Task<uint> SerialAsync(DnsSuiteProcess server)
    {
        string soa = await DigAsync(server, "a.test.", "SOA");
        return soa.Length == 0 ? 0 : uint.Parse(soa.Split(' ')[2], CultureInfo.InvariantCulture);
    }
}
