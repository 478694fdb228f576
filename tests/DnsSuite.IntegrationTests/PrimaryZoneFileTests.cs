using System.Globalization;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>The real <c>dnssuite primary</c> serving zone files, asked by our client, dig and kdig.</summary>
public sealed class PrimaryZoneFileTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static Task<DnsSuiteProcess> StartAsync(string zones) =>
        DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--zones", zones]);

    private static string Port(DnsSuiteProcess primary) => primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture);

    [Test]
    public async Task Primary_ServingTheSampleZones_AnswersDigAndKdig()
    {
        using DnsSuiteProcess primary = await StartAsync(RepositoryPaths.SampleZones);

        ToolResult dig = await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(primary), "+norec", "+tries=1", "+time=5", "www.example.com.", "A"], Timeout);
        dig.StdOut.ShouldContain("status: NOERROR", customMessage: dig.StdOut);
        dig.StdOut.ShouldContain("flags: qr aa;");
        dig.StdOut.ShouldContain("192.0.2.80");

        ToolResult kdig = await ExternalTool.RunAsync("kdig", ["@127.0.0.1", "-p", Port(primary), "+tcp", "+norec", "web.example.com.", "A"], Timeout);
        kdig.StdOut.ShouldContain("status: NOERROR", customMessage: kdig.StdOut);
        kdig.StdOut.ShouldContain("web.example.com.");
        kdig.StdOut.ShouldContain("CNAME");
        kdig.StdOut.ShouldContain("192.0.2.80");

        ToolResult other = await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(primary), "+short", "www.example.net.", "A"], Timeout);
        other.StdOut.Trim().ShouldBe("203.0.113.10");

        // The sample zones' NS glue is not on this machine: by default nothing may be sent there.
        primary.StandardOutput.ShouldNotContain("NOTIFY");
    }

    [Test]
    public async Task Primary_AnswersNxDomainReferralAndRefused()
    {
        using DnsSuiteProcess primary = await StartAsync(RepositoryPaths.SampleZones);
        var client = new DnsClient();

        Message missing = await client.QueryAsync(primary.UdpEndPoint, Message.CreateQuery(DomainName.Parse("missing.example.com."), RecordType.A, id: 1), DnsTransport.Udp, Timeout, CancellationToken.None);
        missing.ResponseCode.ShouldBe(ResponseCode.NXDomain);
        missing.Authority.ShouldHaveSingleItem().Type.ShouldBe(RecordType.SOA);

        Message referral = await client.QueryAsync(primary.TcpEndPoint, Message.CreateQuery(DomainName.Parse("host.lab.example.com."), RecordType.A, id: 2), DnsTransport.Tcp, Timeout, CancellationToken.None);
        referral.Flags.HasFlag(HeaderFlags.AA).ShouldBeFalse();
        referral.Authority.ShouldAllBe(record => record.Type == RecordType.NS);
        referral.Additional.ShouldContain(record => record.Name == DomainName.Parse("ns.lab.example.com."));

        Message outside = await client.QueryAsync(primary.UdpEndPoint, Message.CreateQuery(DomainName.Parse("example.org."), RecordType.A, id: 3), DnsTransport.Udp, Timeout, CancellationToken.None);
        outside.ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public async Task Primary_OnSighup_AddsChangesAndRemovesZonesWithoutRestart()
    {
        using var zones = new TempDir();
        zones.WriteFile("a.test.zone", "$TTL 60\n@ SOA ns hostmaster 1 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n");
        using DnsSuiteProcess primary = await StartAsync(zones.Path);
        (await ShortAsync(primary, "www.a.test.")).ShouldBe("192.0.2.10");

        zones.WriteFile("a.test.zone", "$TTL 60\n@ SOA ns hostmaster 2 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.11\n");
        zones.WriteFile("b.test.zone", "$TTL 60\n@ SOA ns hostmaster 1 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.20\n");
        primary.Reload();

        await Wait.UntilAsync(async () => await ShortAsync(primary, "www.b.test.") == "192.0.2.20", Timeout, "the new zone b.test. to be served");
        (await ShortAsync(primary, "www.a.test.")).ShouldBe("192.0.2.11");

        File.Delete(zones.Combine("a.test.zone"));
        primary.Reload();
        await Wait.UntilAsync(async () => (await DigAsync(primary, "www.a.test.")).Contains("status: REFUSED", StringComparison.Ordinal), Timeout, "a.test. to be dropped");
    }

    [Test]
    public async Task Primary_SighupAsSoonAsItListens_KeepsRunningAndSeedsTheFolder()
    {
        using var zones = new TempDir();
        zones.WriteFile("a.test.zone", "$TTL 60\n@ SOA ns hostmaster 1 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n");
        using DnsSuiteProcess primary = await StartAsync(zones.Path);
        primary.Reload();

        await Wait.UntilAsync(async () => primary.HasExited || await ShortAsync(primary, "www.a.test.") == "192.0.2.10", Timeout, "the zone to be served");
        primary.HasExited.ShouldBeFalse($"a SIGHUP during start-up must not end the primary:\n{primary.StandardOutput}\n{primary.StandardError}");
        primary.StandardOutput.ShouldContain("SIGHUP");
    }

    [Test]
    public async Task Primary_WithABrokenZoneFile_LogsItAndServesTheOthers()
    {
        using var zones = new TempDir();
        zones.WriteFile("good.test.zone", "$TTL 60\n@ SOA ns hostmaster 1 60 60 600 60\n@ NS ns\nns A 192.0.2.1\n");
        zones.WriteFile("broken.test.zone", "$TTL 60\n@ SOA ns hostmaster 1 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww AAAA not-an-address\n");
        using DnsSuiteProcess primary = await StartAsync(zones.Path);

        (await ShortAsync(primary, "ns.good.test.")).ShouldBe("192.0.2.1");
        await Wait.UntilAsync(() => primary.StandardOutput.Contains("broken.test.zone:5:", StringComparison.Ordinal), Timeout, "the load error naming file and line");
    }

    private static async Task<string> DigAsync(DnsSuiteProcess primary, string name) =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(primary), "+tries=1", "+time=5", name, "A"], Timeout)).StdOut;

    private static async Task<string> ShortAsync(DnsSuiteProcess primary, string name) =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(primary), "+short", "+tries=1", "+time=5", name, "A"], Timeout)).StdOut.Trim();
}
