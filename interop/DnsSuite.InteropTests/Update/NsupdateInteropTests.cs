using System.Globalization;
using System.Net;
using DnsSuite.TestSupport;
using DnsSuite.KafkaMock;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.InteropTests.Update;

/// <summary>
/// The real <c>dnssuite primary</c> changed by BIND's <c>nsupdate</c> and Knot's <c>knsupdate</c> (TSIG with <c>-y</c> and
/// key files): every prerequisite and update form of RFC 2136, several primaries behind one Kafka log taking concurrent
/// conditional updates, and BIND and Knot secondaries following by NOTIFY and IXFR. Each outcome is checked by querying.
/// </summary>
[TestFixture]
[Category("Interop")]
public class NsupdateInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const string Secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
    private const string AcmeSecret = "YWNtZWFjbWVhY21lYWNtZWFjbWVhY21lYWNtZWFjbWU=";
    private const string ZoneText = "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\nwww TXT \"web\"\n";

    private static readonly Dictionary<string, string> Policy = new()
    {
        ["DNSSUITE__Update__Policy__0"] = "grant acme-key. name _acme-challenge.a.test. TXT",
        ["DNSSUITE__Update__Policy__1"] = "grant ddns-key. zonesub ANY",
        ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1",
    };

    private static TempDir Prepare()
    {
        var dir = new TempDir("update-interop");
        dir.WriteFile("zones/a.test.zone", ZoneText);
        dir.WriteFile("keys.conf", $"key \"ddns-key.\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};\nkey \"acme-key.\" {{ algorithm hmac-sha256; secret \"{AcmeSecret}\"; }};\n");
        dir.WriteFile("knot.key", $"hmac-sha256:ddns-key.:{Secret}\n");
        return dir;
    }

    private static Task<DnsSuiteProcess> StartPrimaryAsync(TempDir dir, IEnumerable<string>? extra = null, IReadOnlyDictionary<string, string>? settings = null) =>
        DnsSuiteProcess.StartAsync(
            ["primary", "--listen", "127.0.0.1:0", "--data", dir.Combine("data"), "--key-file", dir.Combine("keys.conf"), .. extra ?? ["--zones", dir.Combine("zones")]],
            settings ?? Policy);

    [Test]
    public async Task Nsupdate_EveryPrerequisiteAndUpdateForm_SucceedsOrFailsAsRfc2136Says()
    {
        using TempDir dir = Prepare();
        using DnsSuiteProcess primary = await StartPrimaryAsync(dir);
        int port = primary.UdpEndPoint.Port;
        string[] ddns = ["-y", $"hmac-sha256:ddns-key.:{Secret}"];

        async Task Step(string script, string? failure, string because)
        {
            ToolResult result = await NsupdateAsync("nsupdate", ddns, port, script);
            if (failure is null)
            {
                result.ExitCode.ShouldBe(0, $"{because}: {result}");
            }
            else
            {
                result.StdErr.ShouldContain($"update failed: {failure}", customMessage: $"{because}: {result}");
            }
        }

        // §2.4.4 name is in use, §2.4.5 name is not in use.
        await Step("prereq yxdomain www.a.test.\nupdate add p1.a.test. 60 A 192.0.2.101", null, "www is in use");
        await Step("prereq yxdomain nothing.a.test.\nupdate add p2.a.test. 60 A 192.0.2.102", "NXDOMAIN", "nothing is not in use");
        await Step("prereq nxdomain nothing.a.test.\nupdate add p3.a.test. 60 A 192.0.2.103", null, "nothing is not in use");
        await Step("prereq nxdomain www.a.test.\nupdate add p4.a.test. 60 A 192.0.2.104", "YXDOMAIN", "www is in use");
        // §2.4.1 RRset exists (value independent), §2.4.2 (value dependent), §2.4.3 RRset does not exist.
        await Step("prereq yxrrset www.a.test. A\nupdate add p5.a.test. 60 A 192.0.2.105", null, "www has an A RRset");
        await Step("prereq yxrrset www.a.test. MX\nupdate add p6.a.test. 60 A 192.0.2.106", "NXRRSET", "www has no MX RRset");
        await Step("prereq yxrrset www.a.test. A 192.0.2.10\nupdate add p7.a.test. 60 A 192.0.2.107", null, "www's A RRset is exactly 192.0.2.10");
        await Step("prereq yxrrset www.a.test. A 192.0.2.11\nupdate add p8.a.test. 60 A 192.0.2.108", "NXRRSET", "www's A RRset is not 192.0.2.11");
        await Step("prereq nxrrset www.a.test. MX\nupdate add p9.a.test. 60 A 192.0.2.109", null, "www has no MX RRset");
        await Step("prereq nxrrset www.a.test. A\nupdate add p10.a.test. 60 A 192.0.2.110", "YXRRSET", "www has an A RRset");

        foreach ((string name, bool applied) in new[] { ("p1", true), ("p2", false), ("p3", true), ("p4", false), ("p5", true), ("p6", false), ("p7", true), ("p8", false), ("p9", true), ("p10", false) })
        {
            (await DigAsync(port, $"{name}.a.test.")).ShouldBe(applied ? $"192.0.2.{100 + int.Parse(name[1..], CultureInfo.InvariantCulture)}" : "", $"{name} applied: {applied}");
        }

        // §2.5.1 add to an RRset, §2.5.2 delete an RRset, §2.5.4 delete an RR, §2.5.3 delete all RRsets from a name.
        await Step("update add multi.a.test. 60 A 192.0.2.1\nupdate add multi.a.test. 60 A 192.0.2.2\nupdate add multi.a.test. 60 TXT \"t\"\nupdate add multi.a.test. 60 MX 10 www.a.test.", null, "adds");
        (await DigAsync(port, "multi.a.test.")).Split('\n').Order(StringComparer.Ordinal).ShouldBe(["192.0.2.1", "192.0.2.2"]);
        await Step("update delete multi.a.test. A 192.0.2.1", null, "delete one RR");
        (await DigAsync(port, "multi.a.test.")).ShouldBe("192.0.2.2");
        await Step("update delete multi.a.test. TXT", null, "delete an RRset");
        (await DigAsync(port, "multi.a.test.", "TXT")).ShouldBeEmpty();
        (await DigAsync(port, "multi.a.test.", "MX")).ShouldBe("10 www.a.test.");
        await Step("update delete multi.a.test.", null, "delete every RRset at a name");
        (await DigAsync(port, "multi.a.test.", "ANY")).ShouldBeEmpty();

        // §3.4.2: what UPDATE ignores silently.
        uint serial = await SerialAsync(port);
        await Step("update add www.a.test. 60 CNAME ns.a.test.", null, "a CNAME beside other data is ignored");
        (await DigAsync(port, "www.a.test.", "CNAME")).ShouldBeEmpty();
        await Step("update delete a.test. SOA\nupdate delete a.test. NS", null, "the apex SOA and NS stay");
        (await DigAsync(port, "a.test.", "NS")).ShouldBe("ns.a.test.");
        (await SerialAsync(port)).ShouldBe(serial, "an update that changes nothing keeps the serial");

        // Out of the zone, and outside what the key may change.
        await Step("update add www.other.test. 60 A 192.0.2.1", "NOTZONE", "the name is outside the zone");
        ToolResult acme = await NsupdateAsync("nsupdate", ["-y", $"hmac-sha256:acme-key.:{AcmeSecret}"], port, "update add www.a.test. 60 TXT \"x\"");
        acme.StdErr.ShouldContain("update failed: REFUSED", customMessage: acme.ToString());
        (await NsupdateAsync("nsupdate", ["-y", $"hmac-sha256:acme-key.:{AcmeSecret}"], port, "update add _acme-challenge.a.test. 0 TXT \"token\"")).ExitCode.ShouldBe(0);
        (await DigAsync(port, "_acme-challenge.a.test.", "TXT")).ShouldBe("\"token\"");
        primary.StandardOutput.ShouldContain("key acme-key.");
    }

    [Test]
    public async Task NsupdateAndKnsupdate_WithKeyFiles_AreBothAccepted()
    {
        using TempDir dir = Prepare();
        using DnsSuiteProcess primary = await StartPrimaryAsync(dir);
        int port = primary.UdpEndPoint.Port;
        dir.WriteFile("ddns.key", $"key \"ddns-key.\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};\n");

        (await NsupdateAsync("nsupdate", ["-k", dir.Combine("ddns.key")], port, "prereq nxdomain bind.a.test.\nupdate add bind.a.test. 60 A 192.0.2.53")).ExitCode.ShouldBe(0);
        (await NsupdateAsync("knsupdate", ["-k", dir.Combine("knot.key")], port, "prereq nxrrset knot.a.test. A\nupdate add knot.a.test. 60 A 192.0.2.54")).ExitCode.ShouldBe(0);
        ToolResult failed = await NsupdateAsync("knsupdate", ["-k", dir.Combine("knot.key")], port, "prereq yxrrset knot.a.test. A 192.0.2.99\nupdate delete knot.a.test. A");
        failed.StdErr.ShouldContain("NXRRSET", customMessage: failed.ToString());
        (await NsupdateAsync("knsupdate", ["-y", $"hmac-sha256:ddns-key.:{Secret}"], port, "update delete bind.a.test. A 192.0.2.53")).ExitCode.ShouldBe(0);

        (await DigAsync(port, "bind.a.test.")).ShouldBeEmpty();
        (await DigAsync(port, "knot.a.test.")).ShouldBe("192.0.2.54");
    }

    [Test]
    public async Task ConcurrentConditionalUpdates_ToTwoPrimariesOnOneKafkaLog_ExactlyTheHoldingOnesSucceed_AndBothEndIdentical()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("u.changes", 3);
        cluster.CreateTopic("u.snapshots", 1);
        using TempDir dir = Prepare();
        string[] kafka = ["--kafka", cluster.BootstrapServers, "--changes-topic", "u.changes", "--snapshots-topic", "u.snapshots"];
        using DnsSuiteProcess first = await StartPrimaryAsync(dir, ["--zones", dir.Combine("zones"), .. kafka]);
        using var secondData = new TempDir("update-interop-second");
        using DnsSuiteProcess second = await DnsSuiteProcess.StartAsync(
            ["primary", "--listen", "127.0.0.1:0", "--data", secondData.Path, "--key-file", dir.Combine("keys.conf"), .. kafka], Policy);
        int[] ports = [first.UdpEndPoint.Port, second.UdpEndPoint.Port];
        await Wait.UntilAsync(async () => await SerialAsync(ports[1]) == 10u, Timeout, "the second primary to read the zone from the log");

        // Twelve clients, six per primary, each claims the name "lock" only if nobody has it (§2.4.5), over TCP.
        ToolResult[] results = await Task.WhenAll(Enumerable.Range(0, 12).Select(client => NsupdateAsync(
            "nsupdate", ["-v", "-y", $"hmac-sha256:ddns-key.:{Secret}"], ports[client % 2],
            $"prereq nxdomain lock.a.test.\nupdate add lock.a.test. 60 TXT \"client {client}\"")));

        results.Count(r => r.ExitCode == 0).ShouldBe(1, string.Join('\n', results.Select(r => r.ToString())));
        results.Count(r => r.StdErr.Contains("update failed: YXDOMAIN", StringComparison.Ordinal)).ShouldBe(11);
        int winner = Array.FindIndex(results, r => r.ExitCode == 0);
        foreach (int port in ports)
        {
            await Wait.UntilAsync(async () => await SerialAsync(port) == 11u, Timeout, $"primary on {port} to apply the one winning update");
            (await DigAsync(port, "lock.a.test.", "TXT")).ShouldBe($"\"client {winner}\"");
        }

        (await AxfrAsync(ports[1])).ShouldBe(await AxfrAsync(ports[0]));
    }

    [TestCase("bind")]
    [TestCase("knot")]
    public async Task NsupdateChange_ReachesAPeerSecondary_ByNotifyAndIxfr(string software)
    {
        using TempDir dir = Prepare();
        int primaryPort = FreePort.Next();
        int peerPort = FreePort.Next();
        var settings = new Dictionary<string, string>(Policy) { ["DNSSUITE__Notify__AlsoNotify__0"] = $"127.0.0.1:{peerPort}" };
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(
            ["primary", "--listen", $"127.0.0.1:{primaryPort}", "--data", dir.Combine("data"), "--key-file", dir.Combine("keys.conf"), "--zones", dir.Combine("zones")], settings);
        var from = new IPEndPoint(IPAddress.Loopback, primaryPort);
        using PeerServer peer = software == "bind"
            ? await BindServer.StartSecondaryAsync(["a.test."], from, port: peerPort)
            : await KnotServer.StartSecondaryAsync(["a.test."], from, port: peerPort);
        await peer.WaitForSerialAsync("a.test.", 10, Timeout);

        (await NsupdateAsync("nsupdate", ["-y", $"hmac-sha256:ddns-key.:{Secret}"], primaryPort, "update add pushed.a.test. 60 A 192.0.2.77\nupdate delete www.a.test. TXT")).ExitCode.ShouldBe(0);

        await peer.WaitForSerialAsync("a.test.", 11, Timeout);
        (await DigAsync(peerPort, "pushed.a.test.")).ShouldBe("192.0.2.77", peer.Log);
        (await DigAsync(peerPort, "www.a.test.", "TXT")).ShouldBeEmpty();
        await Wait.UntilAsync(() => primary.StandardOutput.Contains("IXFR of a.test. serial 11", StringComparison.Ordinal), Timeout, "the primary to log the IXFR it served");
    }

    private static Task<ToolResult> NsupdateAsync(string tool, string[] options, int port, string script) =>
        ExternalTool.RunAsync(tool, options, Timeout, $"server 127.0.0.1 {port}\nzone a.test.\n{script}\nsend\n");

    private static async Task<string> DigAsync(int port, string name, string type = "A") =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "+short", "+tries=1", "+time=5", name, type], Timeout)).StdOut.Trim();

    private static async Task<string> AxfrAsync(int port) =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "+noall", "+answer", "+tries=1", "+time=5", "a.test.", "AXFR"], Timeout)).StdOut;

    private static async Task<uint> SerialAsync(int port)
    {
        string soa = await DigAsync(port, "a.test.", "SOA");
        return soa.Length == 0 ? 0 : uint.Parse(soa.Split(' ')[2], CultureInfo.InvariantCulture);
    }
}
