using System.Globalization;
using System.Net;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.InteropTests.Catalog;

/// <summary>
/// BIND 9 (<c>catalog-zones</c>) and Knot (<c>catalog-role: interpret</c>) as secondaries of <c>dnssuite primary --catalog</c>:
/// a zone created with <c>dnssuite publish</c> starts being served by both without any change to their configuration,
/// and a deleted zone stops being served. Our catalog also passes <c>named-checkzone</c>.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class CatalogConsumerTests
{
    private const string Catalog = "catalog.invalid.";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task BindAndKnot_FollowTheCatalog_AsZonesAreCreatedAndDeleted()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        int bindPort = FreePort.Next();
        int knotPort = FreePort.Next();
        await CreateZoneAsync(data, "a.test.", "--group", "member");
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(
            ["primary", "--listen", "127.0.0.1:0", "--data", data, "--catalog", Catalog],
            new Dictionary<string, string>
            {
                ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1",
                ["DNSSUITE__Notify__AlsoNotify__0"] = $"127.0.0.1:{bindPort}",
                ["DNSSUITE__Notify__AlsoNotify__1"] = $"127.0.0.1:{knotPort}",
            });
        var endPoint = new IPEndPoint(IPAddress.Loopback, primary.UdpEndPoint.Port);
        using BindServer bind = await BindServer.StartCatalogConsumerAsync(Catalog, endPoint, bindPort);
        using KnotServer knot = await KnotServer.StartCatalogConsumerAsync(Catalog, endPoint, ["member", "other"], knotPort);
        PeerServer[] peers = [bind, knot];

        foreach (PeerServer peer in peers)
        {
            await peer.WaitForSerialAsync("a.test.", 1, Timeout);
        }

        await CreateZoneAsync(data, "b.test.");
        foreach (PeerServer peer in peers)
        {
            await peer.WaitForSerialAsync("b.test.", 1, Timeout);
            (await peer.QueryAsync("ns1.b.test.", "A")).ShouldBe(["192.0.2.53"]);
        }

        (await DnsSuiteProcess.RunAsync(["publish", "delete-zone", "a.test.", "--data", data])).ExitCode.ShouldBe(0);
        foreach (PeerServer peer in peers)
        {
            await Wait.UntilAsync(async () => await peer.GetSerialAsync("a.test.") is null, Timeout, $"{peer.Software} to stop serving a.test.\n{peer.Log}");
            (await peer.GetSerialAsync("b.test.")).ShouldBe(1u);
        }

        // Knot does not answer queries for a catalog it interprets; BIND serves its copy.
        ToolResult primarySoa = (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture), "+short", Catalog, "SOA"])).EnsureSuccess();
        (await bind.QueryAsync(Catalog, "SOA")).ShouldBe([primarySoa.StdOut.Trim()]);
        bind.Log.ShouldContain("catz: adding zone 'b.test'", customMessage: bind.Log);
        bind.Log.ShouldContain("catz: deleting zone 'a.test'", customMessage: bind.Log);
        // BIND 9.18 knows no group property (RFC 9432 §4.4.2): it logs the group TXT as invalid and ignores it, nothing else.
        bind.Log.Split('\n').Where(line => line.Contains("catz: invalid", StringComparison.Ordinal))
            .ShouldAllBe(line => line.Contains("invalid record in catalog zone - group.", StringComparison.Ordinal) && line.Contains(".zones.catalog.invalid IN TXT", StringComparison.Ordinal));
        knot.Log.ShouldContain("[b.test.] zone added from catalog", customMessage: knot.Log);
        knot.Log.ShouldContain("[catalog.invalid.] IXFR, incoming", customMessage: knot.Log);
        knot.Log.Split('\n').ShouldNotContain(line => line.Contains("catalog", StringComparison.Ordinal) && (line.Contains("warning:", StringComparison.Ordinal) || line.Contains("error:", StringComparison.Ordinal)), customMessage: knot.Log);
    }

    [Test]
    public async Task OurCatalog_PassesNamedCheckzone()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        await CreateZoneAsync(data, "a.test.", "--group", "blue");
        await CreateZoneAsync(data, "b.test.");
        (await DnsSuiteProcess.RunAsync(["publish", "delete-zone", "b.test.", "--data", data])).ExitCode.ShouldBe(0);
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(
            ["primary", "--listen", "127.0.0.1:0", "--data", data, "--catalog", Catalog],
            new Dictionary<string, string> { ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1" });

        ToolResult axfr = (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture), "+noall", "+answer", Catalog, "AXFR"])).EnsureSuccess();
        string file = dir.WriteFile("catalog.zone", axfr.StdOut);
        ToolResult check = await ExternalTool.RunAsync("named-checkzone", ["-k", "fail", "-n", "fail", Catalog, file]);
        check.ExitCode.ShouldBe(0, check.StdOut + check.StdErr);
        check.StdOut.ShouldContain("OK");
        axfr.StdOut.ShouldContain("version.catalog.invalid. 0\tIN\tTXT\t\"2\"");
        axfr.StdOut.ShouldContain("\"blue\"");
        axfr.StdOut.ShouldNotContain("b.test.");
    }

    private static async Task CreateZoneAsync(string data, string zone, params string[] more)
    {
        var result = await DnsSuiteProcess.RunAsync(["publish", "create-zone", zone, "--soa", "ns1 hostmaster 1 3600 600 1209600 300", "--ns", "ns1", "--record", "ns1 A 192.0.2.53", .. more, "--data", data]);
        result.ExitCode.ShouldBe(0, result.StandardError);
    }
}
