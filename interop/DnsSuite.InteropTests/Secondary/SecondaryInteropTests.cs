using System.Globalization;
using System.Net;
using DnsSuite.InteropTests.Harness;
using DnsSuite.InteropTests.Peers;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.InteropTests.Secondary;

/// <summary>
/// The real <c>dnssuite secondary</c> following BIND and Knot: the initial AXFR, a change that reaches it by NOTIFY
/// and IXFR, and at the end the same records served by both (our AXFR, which also proves we can feed a further
/// secondary, against the primary's).
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class SecondaryInteropTests
{
    private const uint InitialSerial = 2024010101;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly PeerTsigKey Tsig = new("transfer-key.", "hmac-sha256", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=");
    // BIND answers IXFR with the whole zone when the history is larger than the zone (max-ixfr-ratio 100%): give it a body.
    private static readonly string[] Hosts = [.. Enumerable.Range(1, 30).Select(i => $"host{i} IN A 192.0.2.{i}")];
    private static readonly Dictionary<string, string> AllowTransfers = new() { ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1" };

    [TestCase(false)]
    [TestCase(true)]
    public async Task FollowsBindPrimary_ByNotifyAndIxfr(bool signed)
    {
        using var dir = new TempDir();
        int port = FreePort.Next();
        PeerTsigKey? tsig = signed ? Tsig : null;
        using BindServer bind = await BindServer.StartPrimaryAsync([TestZones.Write(dir, InitialSerial, Hosts)], notify: [new IPEndPoint(IPAddress.Loopback, port)], tsig: tsig);
        using DnsSuiteProcess secondary = await StartSecondaryAsync(dir, port, bind.Port, tsig);
        await WaitForSerialAsync(secondary, port, InitialSerial, bind);

        var script = $"server 127.0.0.1 {bind.Port}\nzone {TestZones.Apex}\nupdate add new.example.com. 300 IN A 192.0.2.55\nupdate delete www.example.com. A\nsend\n";
        (await ExternalTool.RunAsync("nsupdate", tsig is null ? [] : ["-y", tsig.DigArgument], standardInput: script)).EnsureSuccess();

        await WaitForSerialAsync(secondary, port, InitialSerial + 1, bind);
        secondary.StandardOutput.Contains("IXFR of 1 step(s)", StringComparison.Ordinal).ShouldBeTrue(secondary.StandardOutput);
        (await DigAsync(port, "new.example.com.", "A")).ShouldBe("192.0.2.55");
        (await TransferredRecordsAsync(port, tsig)).ShouldBe(await TransferredRecordsAsync(bind.Port, tsig));
    }

    /// <summary>Knot -> our secondary -> BIND: the change travels down the chain by NOTIFY and IXFR at each hop.</summary>
    [Test]
    public async Task FollowsKnotPrimary_ByNotifyAndIxfr_AndFeedsABindSecondary()
    {
        using var dir = new TempDir();
        int port = FreePort.Next();
        int downstreamPort = FreePort.Next();
        using KnotServer knot = await KnotServer.StartPrimaryAsync([TestZones.Write(dir, InitialSerial, Hosts)], notify: [new IPEndPoint(IPAddress.Loopback, port)]);
        using DnsSuiteProcess secondary = await StartSecondaryAsync(dir, port, knot.Port, null, downstreamPort);
        await WaitForSerialAsync(secondary, port, InitialSerial, knot);
        using BindServer downstream = await BindServer.StartSecondaryAsync([TestZones.Apex], new IPEndPoint(IPAddress.Loopback, port), port: downstreamPort);
        await downstream.WaitForSerialAsync(TestZones.Apex, InitialSerial, Timeout);

        await File.WriteAllTextAsync(knot.Folder.Combine("example.com.zone"), TestZones.Text(InitialSerial + 1, [.. Hosts, "new IN A 192.0.2.55"]));
        await knot.ReloadAsync();

        await WaitForSerialAsync(secondary, port, InitialSerial + 1, knot);
        secondary.StandardOutput.Contains("IXFR of 1 step(s)", StringComparison.Ordinal).ShouldBeTrue(secondary.StandardOutput);
        await downstream.WaitForSerialAsync(TestZones.Apex, InitialSerial + 1, Timeout);
        (await downstream.QueryAsync("new.example.com.", "A")).ShouldBe(["192.0.2.55"]);
        (await TransferredRecordsAsync(port, null)).ShouldBe(await TransferredRecordsAsync(knot.Port, null));
        (await TransferredRecordsAsync(downstreamPort, null)).ShouldBe(await TransferredRecordsAsync(knot.Port, null));
    }

    private static async Task<DnsSuiteProcess> StartSecondaryAsync(TempDir dir, int port, int primaryPort, PeerTsigKey? tsig, int? notifyPort = null)
    {
        var args = new List<string>
        {
            "secondary", "--listen", $"127.0.0.1:{port}", "--data", dir.Combine("secondary-data"), "--log-level", "Debug",
            "--zone", $"{TestZones.Apex}@127.0.0.1:{primaryPort}" + (tsig is null ? "" : $":{tsig.AbsoluteName}"),
        };
        if (tsig is not null)
        {
            args.AddRange(["--key-file", dir.WriteFile("keys.conf", $"key \"{tsig.AbsoluteName}\" {{ algorithm {tsig.Algorithm}; secret \"{tsig.Secret}\"; }};\n")]);
        }

        var environment = new Dictionary<string, string>(AllowTransfers) { ["DNSSUITE__Notify__NotifyNameServers"] = "false" };
        if (notifyPort is { } downstream)
        {
            environment["DNSSUITE__Notify__AlsoNotify__0"] = $"127.0.0.1:{downstream}";
        }

        return await DnsSuiteProcess.StartAsync(args, environment);
    }

    private static Task WaitForSerialAsync(DnsSuiteProcess secondary, int port, uint serial, PeerServer primary) =>
        Wait.UntilAsync(
            async () => (await DigAsync(port, TestZones.Apex, "SOA")).Split(' ') is [_, _, var text, ..] && text == serial.ToString(CultureInfo.InvariantCulture),
            Timeout,
            $"serial {serial} on our secondary\n{secondary}\n{primary.Log}");

    private static Task<string> DigAsync(int port, string name, string type) => Dig.ShortAsync(port, name, type);

    private static Task<IReadOnlyList<string>> TransferredRecordsAsync(int port, PeerTsigKey? tsig) => Dig.AxfrRecordsAsync(port, TestZones.Apex, tsig);
}
