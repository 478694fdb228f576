using System.Net;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.InteropTests.Peers;

/// <summary>
/// Links real peers as primary and secondary through the harness: the secondary loads the zone, and a
/// change on the primary reaches it by NOTIFY and transfer. These prove the harness configurations
/// that later tests use against DnsSuite's own primary and secondary.
/// </summary>
[TestFixture]
[Category("Interop")]
public class PeerSecondaryTests
{
    private const uint InitialSerial = 2024010101;
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(20);
    private static readonly PeerTsigKey Tsig = new("transfer-key.", "hmac-sha256", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=");

    private readonly List<PeerServer> servers = [];

    [TearDown]
    public async Task StopServersAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Passed
            || Environment.GetEnvironmentVariable("DNSSUITE_PEER_LOGS") == "1")
        {
            foreach (var server in servers)
            {
                await TestContext.Out.WriteLineAsync($"===== {server.Software} on port {server.Port} =====\n{server.Log}");
            }
        }

        foreach (var server in servers)
        {
            server.Dispose();
        }

        servers.Clear();
    }

    [Test]
    public async Task KnotSecondary_FollowsBindPrimary_AfterNotify()
    {
        using var dir = new TempDir();
        var secondaryPort = FreePort.Next();
        var bind = Track(await BindServer.StartPrimaryAsync(
            [TestZones.Write(dir, InitialSerial)], notify: [Loopback(secondaryPort)]));
        var knot = Track(await KnotServer.StartSecondaryAsync(
            [TestZones.Apex], bind.EndPoint, port: secondaryPort));
        await knot.WaitForSerialAsync(TestZones.Apex, InitialSerial, TransferTimeout);

        await NsupdateAsync(bind, null, "update add new.example.com. 300 IN A 192.0.2.55");

        await knot.WaitForSerialAsync(TestZones.Apex, InitialSerial + 1, TransferTimeout);
        (await knot.QueryAsync("new.example.com.", "A")).ShouldBe(["192.0.2.55"]);
    }

    [Test]
    public async Task NsdSecondary_FollowsBindPrimary_AfterNotify_WithTsig()
    {
        using var dir = new TempDir();
        var secondaryPort = FreePort.Next();
        var bind = Track(await BindServer.StartPrimaryAsync(
            [TestZones.Write(dir, InitialSerial)], notify: [Loopback(secondaryPort)], tsig: Tsig));
        var nsd = Track(await NsdServer.StartSecondaryAsync(
            [TestZones.Apex], bind.EndPoint, tsig: Tsig, port: secondaryPort));
        await nsd.WaitForSerialAsync(TestZones.Apex, InitialSerial, TransferTimeout);

        await NsupdateAsync(bind, Tsig, "update add new.example.com. 300 IN A 192.0.2.55");

        await nsd.WaitForSerialAsync(TestZones.Apex, InitialSerial + 1, TransferTimeout);
        (await nsd.QueryAsync("new.example.com.", "A")).ShouldBe(["192.0.2.55"]);
    }

    [Test]
    public async Task BindSecondary_FollowsKnotPrimary_AfterZoneFileReload()
    {
        using var dir = new TempDir();
        var secondaryPort = FreePort.Next();
        var knot = Track(await KnotServer.StartPrimaryAsync(
            [TestZones.Write(dir, InitialSerial)], notify: [Loopback(secondaryPort)]));
        var bind = Track(await BindServer.StartSecondaryAsync(
            [TestZones.Apex], knot.EndPoint, port: secondaryPort));
        await bind.WaitForSerialAsync(TestZones.Apex, InitialSerial, TransferTimeout);

        await File.WriteAllTextAsync(
            knot.Folder.Combine("example.com.zone"),
            TestZones.Text(InitialSerial + 1, "new IN A 192.0.2.55"));
        await knot.ReloadAsync();

        await bind.WaitForSerialAsync(TestZones.Apex, InitialSerial + 1, TransferTimeout);
        (await bind.QueryAsync("new.example.com.", "A")).ShouldBe(["192.0.2.55"]);
    }

    [Test]
    public async Task BindSecondary_FollowsNsdPrimary_AfterZoneFileReload()
    {
        using var dir = new TempDir();
        var secondaryPort = FreePort.Next();
        var nsd = Track(await NsdServer.StartPrimaryAsync(
            [TestZones.Write(dir, InitialSerial)], notify: [Loopback(secondaryPort)]));
        var bind = Track(await BindServer.StartSecondaryAsync(
            [TestZones.Apex], nsd.EndPoint, port: secondaryPort));
        await bind.WaitForSerialAsync(TestZones.Apex, InitialSerial, TransferTimeout);

        await File.WriteAllTextAsync(
            nsd.Folder.Combine("example.com.zone"),
            TestZones.Text(InitialSerial + 1, "new IN A 192.0.2.55"));
        await nsd.ReloadAsync();

        await bind.WaitForSerialAsync(TestZones.Apex, InitialSerial + 1, TransferTimeout);
        (await bind.QueryAsync("new.example.com.", "A")).ShouldBe(["192.0.2.55"]);
    }

    private static IPEndPoint Loopback(int port) => new(IPAddress.Loopback, port);

    private static async Task NsupdateAsync(PeerServer primary, PeerTsigKey? tsig, params string[] commands)
    {
        var script = $"server 127.0.0.1 {primary.Port}\nzone {TestZones.Apex}\n{string.Join('\n', commands)}\nsend\n";
        var arguments = tsig is null ? new List<string>() : ["-y", tsig.DigArgument];
        (await ExternalTool.RunAsync("nsupdate", arguments, standardInput: script)).EnsureSuccess();
    }

    private T Track<T>(T server)
        where T : PeerServer
    {
        servers.Add(server);
        return server;
    }
}
